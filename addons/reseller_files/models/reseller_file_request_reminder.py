"""Reminders of document requests: one e-mail per client and day.

A request is due for a reminder N days before its due date, and on the day
after it if still open. The cron groups what is due by client: each client gets
one e-mail listing all of its open requests, never one e-mail per request.
"""

from datetime import timedelta

from odoo import api, fields, models

REMINDER_BATCH_SIZE = 500


class ResellerFileRequestReminder(models.AbstractModel):
    _name = "reseller.file.request.reminder"
    _description = "File Center Document Request Reminders"

    reminder_days_before = fields.Integer(
        string="Remind Days Before",
        default=3,
        help="Remind the client this many days before the due date (0: never).",
    )
    reminder_after_due = fields.Boolean(
        string="Remind the Day After",
        default=True,
        help="Remind the client on the day after the due date if still open.",
    )
    reminder_before_date = fields.Date(
        compute="_compute_reminder_dates", store=True, index=True
    )
    reminder_after_date = fields.Date(
        compute="_compute_reminder_dates", store=True, index=True
    )
    last_reminder_date = fields.Date(readonly=True, copy=False)

    @api.depends("due_date", "reminder_days_before", "reminder_after_due")
    def _compute_reminder_dates(self):
        for record in self:
            due = record.due_date
            days = record.reminder_days_before
            record.reminder_before_date = due and days > 0 and due - timedelta(days)
            record.reminder_after_date = (
                due and record.reminder_after_due and due + timedelta(days=1)
            )

    @api.model
    def _reseller_get_reminder_domain(self, today):
        return [
            ("state", "=", "open"),
            "|",
            ("last_reminder_date", "=", False),
            ("last_reminder_date", "<", today),
            "|",
            ("reminder_before_date", "=", today),
            ("reminder_after_date", "=", today),
        ]

    @api.model
    def _cron_send_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """One batch of clients with a reminder due today: one e-mail each."""
        today = fields.Date.context_today(self)
        domain = self._reseller_get_reminder_domain(today)
        groups = self._read_group(domain, ["partner_id"], limit=batch_size + 1)
        partners = self.env["res.partner"].union(*(p for (p,) in groups[:batch_size]))
        if partners:
            self._reseller_send_reminders(partners)
            self.search(domain + [("partner_id", "in", partners.ids)]).write(
                {"last_reminder_date": today}
            )
        remaining = len(groups) - len(partners)
        if remaining:
            remaining = len(self._read_group(domain, ["partner_id"]))
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
        return remaining

    @api.model
    def _reseller_send_reminders(self, partners):
        """Queue one e-mail per client listing all its open requests."""
        open_requests = self.search(
            [("partner_id", "in", partners.ids), ("state", "=", "open")]
        )
        by_partner = open_requests.grouped("partner_id")
        recipients = self._reseller_reminder_recipients(partners)
        vals_list = [
            self._reseller_reminder_mail_vals(
                partner, by_partner.get(partner, self), recipients.get(partner)
            )
            for partner in partners
            if recipients.get(partner)
        ]
        return self.env["mail.mail"].sudo().create(vals_list)

    @api.model
    def _reseller_reminder_recipients(self, partners):
        """Per client, whom to write: its portal users, else the client."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                    ("share", "=", True),
                ]
            )
        )
        by_client = users.partner_id.grouped("commercial_partner_id")
        recipients = {
            partner: by_client.get(partner, self.env["res.partner"])
            for partner in partners
        }
        for partner in partners:
            if not recipients[partner] and partner.email:
                recipients[partner] = partner
        return recipients

    @api.model
    def _reseller_reminder_mail_vals(self, partner, requests, recipients):
        body = self.env["ir.qweb"]._render(
            "reseller_files.reseller_file_request_reminder_mail",
            {"partner": partner, "requests": requests},
        )
        company = requests[:1].company_id or self.env.company
        return {
            "subject": self.env._(
                "%(company)s: documents we are waiting for", company=company.name
            ),
            "body_html": body,
            "email_from": company.email_formatted or self.env.user.email_formatted,
            "recipient_ids": [fields.Command.set(recipients.ids)],
            "model": "res.partner",
            "res_id": partner.id,
            "auto_delete": True,
        }
