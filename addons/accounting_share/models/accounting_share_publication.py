import logging

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules import module
from odoo.tools import SQL, sql
from odoo.tools.misc import formatLang

from .res_partner import REPORT_SHARE_FIELDS

_logger = logging.getLogger(__name__)

# Only publishing sets these: a plain write over RPC must not publish.
PUBLICATION_FIELDS = {
    "state",
    "version",
    "pdf_attachment_id",
    "published_by_id",
    "published_date",
    "replaced_by_id",
    "automatic",
}
# What a snapshot is about: fixed once published, or a client would see another's.
SNAPSHOT_FIELDS = {
    "name",
    "partner_id",
    "company_id",
    "report_type",
    "date_from",
    "date_to",
    "report_data",
}
PDF_REPORT = "accounting_share.accounting_share_publication_report_pdf"
XLSX_REPORT = "accounting_share.accounting_share_publication_report_xlsx"
# One current (published) version per client, report type and period.
PUBLISHED_INDEX = "accounting_share_publication_published_period_uniq"


class AccountingSharePublication(models.Model):
    """A snapshot of one report of one client for one period.

    The portal reads only these snapshots: `report_data` and the stored PDF. It never
    reads the client company's journal items, of which portal users are not members.
    """

    _name = "accounting.share.publication"
    _description = "Accounting Share Publication"
    _inherit = "mail.thread"
    _order = "date_to desc, report_type, version desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        domain=[("shared_company_id", "!=", False)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Client Company",
        required=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    report_type = fields.Selection(
        selection="_selection_report_type", required=True, tracking=True
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("replaced", "Replaced")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    version = fields.Integer(default=0, readonly=True, copy=False)
    report_data = fields.Json(string="Snapshot", readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, copy=False
    )
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    published_date = fields.Datetime(readonly=True, copy=False)
    replaced_by_id = fields.Many2one(
        "accounting.share.publication", readonly=True, copy=False
    )
    automatic = fields.Boolean(readonly=True, help="Published by the scheduled action.")
    portal_visible = fields.Boolean(
        compute="_compute_portal_visible",
        store=True,
        index=True,
        help="Published, and its report type is shared with the client.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    preview_html = fields.Html(
        string="Report", compute="_compute_preview_html", sanitize=False
    )

    @api.model
    def _selection_report_type(self):
        return self.env["accounting.share.report"]._get_report_types()

    @api.depends("partner_id", "report_type", "date_from", "date_to")
    def _compute_name(self):
        labels = dict(self._selection_report_type())
        for publication in self:
            publication.name = _(
                "%(report)s, %(date_from)s to %(date_to)s",
                report=labels.get(publication.report_type, ""),
                date_from=publication.date_from or "",
                date_to=publication.date_to or "",
            )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for publication in self:
            if publication.partner_id.commercial_partner_id.shared_company_id:
                publication.company_id = (
                    publication.partner_id.commercial_partner_id.shared_company_id
                )

    @api.depends(
        "state",
        "report_type",
        *(f"partner_id.{fname}" for fname in REPORT_SHARE_FIELDS.values()),
    )
    def _compute_portal_visible(self):
        for publication in self:
            publication.portal_visible = (
                publication.state == "published"
                and publication.partner_id._accounting_share_is_report_shared(
                    publication.report_type
                )
            )

    @api.depends("report_data")
    def _compute_preview_html(self):
        for publication in self:
            if not publication.report_data:
                publication.preview_html = False
                continue
            publication.preview_html = self.env["ir.qweb"]._render(
                "accounting_share.publication_report_body",
                publication._get_render_values(),
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for publication in self:
            if publication.date_from > publication.date_to:
                raise UserError(_("The start date must precede the end date."))

    @api.constrains("partner_id", "company_id")
    def _check_company_holds_client_books(self):
        # Otherwise a draft made for one client with another company's books (one the
        # author belongs to) would publish those books to that client's portal.
        for publication in self:
            client = publication.partner_id.commercial_partner_id
            if publication.company_id != client.shared_company_id:
                raise ValidationError(
                    _(
                        "%(company)s does not hold the books of %(client)s.",
                        company=publication.company_id.name,
                        client=client.display_name,
                    )
                )

    def init(self):
        result = super().init()
        self._init_published_period_index()
        return result

    def _init_published_period_index(self):
        """The database itself refuses a second published version of a period.

        Two managers (or a manager and the scheduled action) publishing at once are
        serialised by _lock_period; this index is what holds if anything slips by.
        """
        if sql.index_exists(self.env.cr, PUBLISHED_INDEX):
            return
        # Before the index, concurrent publishing could leave two published
        # versions of a period: the latest stays current, the others are replaced.
        self.env.cr.execute(
            SQL(
                """
                UPDATE accounting_share_publication p
                   SET state = 'replaced', replaced_by_id = latest.id
                  FROM (SELECT DISTINCT ON (partner_id, report_type, date_from, date_to)
                               id, partner_id, report_type, date_from, date_to
                          FROM accounting_share_publication
                         WHERE state = 'published'
                      ORDER BY partner_id, report_type, date_from, date_to,
                               version DESC, id DESC) latest
                 WHERE p.state = 'published'
                   AND p.id != latest.id
                   AND p.partner_id = latest.partner_id
                   AND p.report_type = latest.report_type
                   AND p.date_from = latest.date_from
                   AND p.date_to = latest.date_to
                """
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON accounting_share_publication "
                "(partner_id, report_type, date_from, date_to) "
                "WHERE state = 'published'",
                SQL.identifier(PUBLISHED_INDEX),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_publication_fields(vals)
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if partner:
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._check_publication_fields(vals)
        if not self.env.su and any(
            publication.state != "draft" for publication in self
        ):
            self.check_access("write")
            # Moving a published snapshot to another client or period, or back to
            # draft, would republish or unpublish it without the manager's action.
            if SNAPSHOT_FIELDS.intersection(vals) or vals.get("state") == "draft":
                raise UserError(_("A published snapshot cannot be changed."))
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        if partner:
            vals = dict(vals, partner_id=partner.commercial_partner_id.id)
        return super().write(vals)

    def unlink(self):
        if any(publication.state != "draft" for publication in self):
            raise UserError(
                _("Published versions are history: only drafts can be deleted.")
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute(self):
        """Preview: compute the snapshot of a draft without publishing it."""
        self._check_can_edit()
        self._compute_snapshot()
        return True

    def action_publish(self):
        self._check_can_publish()
        self._publish()
        return True

    def action_send_to_portal(self):
        self.ensure_one()
        return self.env["accounting.share.send.wizard"]._action_open(self)

    def action_download_pdf(self):
        self.ensure_one()
        return self.env.ref(PDF_REPORT).report_action(self)

    def action_download_xlsx(self):
        self.ensure_one()
        return self.env.ref(XLSX_REPORT).report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_publication_fields(self, vals):
        # portal_visible is what the portal rule reads: computed from the state and
        # the client's sharing only, or a draft could be shown on the portal.
        if (
            "portal_visible" in vals
            and not self.env.su
            and (self or vals["portal_visible"])
        ):
            raise AccessError(_("The portal visibility of a report is computed."))
        # The web client sends the draft defaults too: only real changes count.
        publishing = [
            fname
            for fname in PUBLICATION_FIELDS.intersection(vals)
            if vals[fname] and not (fname == "state" and vals[fname] == "draft")
        ]
        if (
            publishing
            and not self.env.su
            and not self.env.user.has_group(
                "accounting_share.group_accounting_share_manager"
            )
        ):
            raise AccessError(
                _("Only Accounting Share administrators can publish reports.")
            )

    def _check_can_edit(self):
        self.check_access("write")
        if any(publication.state != "draft" for publication in self):
            raise UserError(_("Only draft publications can be recomputed."))

    def _check_can_publish(self):
        if not self.env.user.has_group(
            "accounting_share.group_accounting_share_manager"
        ):
            raise AccessError(
                _("Only Accounting Share administrators can publish reports.")
            )
        self._check_can_edit()

    def _compute_snapshot(self):
        report_model = self.env["accounting.share.report"]
        for publication in self:
            publication.report_data = report_model._compute_report(
                publication.company_id,
                publication.report_type,
                publication.date_from,
                publication.date_to,
            )

    def _get_same_period_domain(self):
        self.ensure_one()
        return [
            ("partner_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("report_type", "=", self.report_type),
            ("date_from", "=", self.date_from),
            ("date_to", "=", self.date_to),
            ("state", "=", "published"),
            ("id", "!=", self.id),
        ]

    def _publish(self):
        """Snapshot, render the PDF, replace the previous version of the period."""
        self._compute_snapshot()
        now = fields.Datetime.now()
        for publication in self:
            publication._lock_period()
            previous = self.search(publication._get_same_period_domain())
            # Replaced first, and flushed: the unique index allows one published
            # version of the period at any time, statement by statement.
            previous.write({"state": "replaced", "replaced_by_id": publication.id})
            previous.flush_recordset()
            publication._mark_published(
                max(previous.mapped("version"), default=0) + 1, now
            )
            publication._render_pdf_attachment()
        return True

    def _lock_period(self):
        """Wait for any other transaction publishing the same client and period.

        A transaction-level advisory lock: released at commit or rollback, and it
        does not block writes on the client itself.
        """
        self.ensure_one()
        key = (
            f"accounting_share.publish:{self.partner_id.id}:{self.report_type}:"
            f"{self.date_from}:{self.date_to}"
        )
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))

    def _mark_published(self, version, now):
        """Publish, or refuse when another transaction published the period first.

        After waiting for _lock_period, this transaction may still read the period
        as it was before the other one committed: the unique index then refuses.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.write(
                    {
                        "state": "published",
                        "version": version,
                        "published_by_id": self.env.user.id,
                        "published_date": now,
                    }
                )
                self.flush_recordset()
        except UniqueViolation as error:
            raise UserError(
                _(
                    "%(report)s was just published by someone else. Reload it, "
                    "and publish again if it still needs a new version.",
                    report=self.name,
                )
            ) from error

    def _get_file_name(self, extension):
        self.ensure_one()
        return f"{self.name}.{extension}".replace("/", "-")

    def _render_pdf_attachment(self):
        self.ensure_one()
        content, report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            PDF_REPORT, res_ids=self.ids
        )
        # Under test, Odoo renders reports as HTML instead of calling wkhtmltopdf.
        extension = "pdf" if report_format == "pdf" else "html"
        self.pdf_attachment_id = self.env["ir.attachment"].create(
            {
                "name": self._get_file_name(extension),
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf" if extension == "pdf" else "text/html",
            }
        )

    def _render_xlsx(self):
        self.ensure_one()
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            XLSX_REPORT, self.ids, None
        )
        return content

    def _get_period_label(self):
        self.ensure_one()
        return _(
            "%(date_from)s to %(date_to)s",
            date_from=fields.Date.to_string(self.date_from),
            date_to=fields.Date.to_string(self.date_to),
        )

    def _format_amount(self, amount):
        return formatLang(self.env, amount or 0.0, digits=2)

    def _format_ratio(self, value, percent=False):
        """A ratio as text; a dash when it has no value (zero denominator)."""
        if value is None:
            return "-"
        if percent:
            return f"{formatLang(self.env, value * 100, digits=2)} %"
        return formatLang(self.env, value, digits=2)

    def _get_render_values(self):
        self.ensure_one()
        return {
            "publication": self,
            "data": self.report_data or {},
            "labels": self.env["accounting.share.report"]._get_labels(),
            "report_label": dict(self._selection_report_type()).get(self.report_type),
        }

    # ------------------------------------------------------------------
    # Automatic publication
    # ------------------------------------------------------------------

    @api.model
    def _get_automatic_period(self, today):
        """The last closed month."""
        date_to = today.replace(day=1) - relativedelta(days=1)
        return date_to.replace(day=1), date_to

    @api.model
    def _get_automatic_partners_domain(self, today):
        return [
            ("accounting_share_publication_mode", "=", "automatic"),
            ("shared_company_id", "!=", False),
            ("accounting_share_publish_day", "<=", today.day),
            ("is_company", "=", True),
        ]

    @api.model
    def _prepare_automatic_publications(self, partners, date_from, date_to):
        """Values of the publications still missing for the period, for all partners."""
        existing = {
            (partner.id, report_type)
            for partner, report_type in self._read_group(
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

    @api.model
    def _cron_publish_automatic(self, batch_size=20):
        today = fields.Date.context_today(self)
        date_from, date_to = self._get_automatic_period(today)
        partners = self.env["res.partner"].search(
            self._get_automatic_partners_domain(today)
        )
        for start in range(0, len(partners), batch_size):
            batch = partners[start : start + batch_size]
            vals_list = self._prepare_automatic_publications(batch, date_from, date_to)
            if vals_list:
                self.create(vals_list)._publish()
            # Documented batch loop: each batch of clients is kept once done, so a
            # crash later in the run does not lose the publications already made.
            if not module.current_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return True
