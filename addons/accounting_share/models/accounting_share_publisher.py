from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

PUBLICATION = "accounting.share.publication"


class AccountingSharePublisher(models.AbstractModel):
    """Publishing: one published version per client, report and period.

    A publication becomes the period's next version, the previous one is replaced,
    and its PDF is stored. Two managers, or a manager and the scheduled action,
    publishing one period at once are serialised by a lock, and the database's
    unique index (accounting.share.publication's init) holds if anything slips by.
    The publishing fields are set as superuser: no user may type them
    (accounting.share.publication's _get_protected_fields).
    """

    _name = "accounting.share.publisher"
    _description = "Accounting Share Publishing"

    def _publish(self, publications):
        publications._snapshot_report_data()
        now = fields.Datetime.now()
        for publication in publications:
            self._lock_period(publication)
            previous_sudo = publications.sudo().search(
                self._get_same_period_domain(publication)
            )
            # Replaced first, and flushed: the unique index allows one published
            # version of the period at any time, statement by statement.
            previous_sudo.write({"state": "replaced", "replaced_by_id": publication.id})
            previous_sudo.flush_recordset()
            self._mark_published(
                publication, max(previous_sudo.mapped("version"), default=0) + 1, now
            )
            publication._render_pdf_attachment()
        return True

    def _get_same_period_domain(self, publication):
        return [
            ("partner_id", "=", publication.partner_id.id),
            ("company_id", "=", publication.company_id.id),
            ("report_type", "=", publication.report_type),
            ("date_from", "=", publication.date_from),
            ("date_to", "=", publication.date_to),
            ("state", "=", "published"),
            ("id", "!=", publication.id),
        ]

    def _lock_period(self, publication):
        """Wait for any other transaction publishing the same client and period.

        A transaction-level advisory lock: released at commit or rollback, and it
        does not block writes on the client itself.
        """
        key = (
            f"accounting_share.publish:{publication.partner_id.id}:"
            f"{publication.report_type}:{publication.date_from}:{publication.date_to}"
        )
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))

    def _mark_published(self, publication, version, now):
        """Publish, or refuse when another transaction published the period first.

        After waiting for _lock_period, this transaction may still read the period
        as it was before the other one committed: the unique index then refuses.
        """
        # sudo: the publishing fields are closed to users.
        publication_sudo = publication.sudo()
        try:
            with self.env.cr.savepoint():
                publication_sudo.write(
                    {
                        "state": "published",
                        "version": version,
                        "published_by_id": publication.env.user.id,
                        "published_date": now,
                    }
                )
                publication_sudo.flush_recordset()
        except UniqueViolation as error:
            raise UserError(
                _(
                    "%(report)s was just published by someone else. Reload it, "
                    "and publish again if it still needs a new version.",
                    report=publication.name,
                )
            ) from error

    # ------------------------------------------------------------------
    # Scheduled publication of closed months
    # ------------------------------------------------------------------

    def _get_automatic_period(self, today):
        """The last closed month."""
        date_to = today.replace(day=1) - relativedelta(days=1)
        return date_to.replace(day=1), date_to

    def _get_automatic_partners_domain(self, today):
        return [
            ("accounting_share_publication_mode", "=", "automatic"),
            ("shared_company_id", "!=", False),
            ("accounting_share_publish_day", "<=", today.day),
            ("is_company", "=", True),
        ]

    def _prepare_automatic_publications(self, partners, date_from, date_to):
        """Values of the publications still missing for the period, for all partners."""
        existing = {
            (partner.id, report_type)
            for partner, report_type in self.env[PUBLICATION]._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                    ("state", "=", "published"),
                ],
                ["partner_id", "report_type"],
            )
        }
        return [
            {
                "partner_id": partner.id,
                "company_id": partner.shared_company_id.id,
                "report_type": report_type,
                "date_from": date_from,
                "date_to": date_to,
                "automatic": True,
            }
            for partner in partners
            for report_type in partner._accounting_share_shared_report_types()
            if (partner.id, report_type) not in existing
        ]

    def _publish_automatic_batch(self, batch_size):
        """Publish the last closed month of one batch of automatic clients.

        One batch per call: the scheduler commits it and calls again while clients
        remain, so a crash loses only the batch under way, and the next call starts
        from what is still missing.
        """
        today = fields.Date.context_today(self)
        date_from, date_to = self._get_automatic_period(today)
        partners = self.env["res.partner"].search(
            self._get_automatic_partners_domain(today)
        )
        vals_list = self._prepare_automatic_publications(partners, date_from, date_to)
        pending_partner_ids = list(
            dict.fromkeys(vals["partner_id"] for vals in vals_list)
        )
        batch_partner_ids = set(pending_partner_ids[:batch_size])
        batch_vals_list = [
            vals for vals in vals_list if vals["partner_id"] in batch_partner_ids
        ]
        if batch_vals_list:
            self._publish(self.env[PUBLICATION].create(batch_vals_list))
        self.env["ir.cron"]._notify_progress(
            done=len(batch_partner_ids),
            remaining=len(pending_partner_ids) - len(batch_partner_ids),
        )
        return True
