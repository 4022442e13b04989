from datetime import timedelta

from odoo import _, api, fields, models
from odoo.osv import expression

# Set when the client's users open the document, or by the reminder run.
READING_FIELDS = frozenset(
    {
        "first_read_date",
        "first_read_user_id",
        "first_read_ip",
        "reminder_sent_date",
        "receipt_id",
    }
)
REMINDER_BATCH_SIZE = 100

STAFF_GROUP = "accounting_share.group_accounting_share_user"


class AccountingShareDispatchReading(models.AbstractModel):
    """Read receipts, reminders and the delivery receipt of a dispatch."""

    _name = "accounting.share.dispatch.reading"
    _description = "Accounting Share Dispatch Read Receipts"

    first_read_date = fields.Datetime(readonly=True, copy=False)
    # Who read and from where is for the office: a client's users see when their
    # documents were read, not which co-worker read them from which address.
    first_read_user_id = fields.Many2one(
        "res.users",
        string="First Read By",
        readonly=True,
        copy=False,
        groups=STAFF_GROUP,
    )
    first_read_ip = fields.Char(
        string="First Read From", readonly=True, copy=False, groups=STAFF_GROUP
    )
    read_ids = fields.One2many(
        "accounting.share.dispatch.read", "dispatch_id", string="Reads", readonly=True
    )
    read_count = fields.Integer(compute="_compute_read_count", groups=STAFF_GROUP)
    read_status = fields.Selection(
        [
            ("not_sent", "Not Sent"),
            ("unread", "Sent, Not Read"),
            ("read", "Read"),
            ("read_late", "Read After Due Date"),
        ],
        compute="_compute_read_status",
        store=True,
        index=True,
    )
    reminder_sent_date = fields.Datetime(readonly=True, copy=False)
    reminder_due = fields.Boolean(
        compute="_compute_reminder_due",
        search="_search_reminder_due",
    )
    receipt_id = fields.Many2one("accounting.share.receipt", readonly=True, copy=False)

    def _compute_read_count(self):
        # sudo: staff see how often the client read it, not who of the log
        counts = dict(
            self.env["accounting.share.dispatch.read"]
            .sudo()
            ._read_group(
                [("dispatch_id", "in", self.ids)], ["dispatch_id"], ["__count"]
            )
        )
        for dispatch in self:
            dispatch.read_count = counts.get(dispatch.sudo(), 0)

    @api.depends("state", "first_read_date", "due_date")
    def _compute_read_status(self):
        for dispatch in self:
            if dispatch.state != "sent":
                dispatch.read_status = "not_sent"
            elif not dispatch.first_read_date:
                dispatch.read_status = "unread"
            elif dispatch.due_date and (
                fields.Datetime.context_timestamp(
                    dispatch, dispatch.first_read_date
                ).date()
                > dispatch.due_date
            ):
                dispatch.read_status = "read_late"
            else:
                dispatch.read_status = "read"

    def _compute_reminder_due(self):
        due = self.filtered_domain(self._get_reminder_due_domain())
        for dispatch in self:
            dispatch.reminder_due = dispatch in due

    def _search_reminder_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on Reminder Due."))
        domain = self._get_reminder_due_domain()
        positive = (operator == "=") == value
        return domain if positive else ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | READING_FIELDS

    @api.model
    def _get_reminder_due_domain(self):
        """Unread guias due within their company's reminder window, not reminded."""
        today = fields.Date.context_today(self)
        windows = [
            [
                ("company_id", "=", company.id),
                (
                    "due_date",
                    "<=",
                    today + timedelta(days=company.accounting_share_reminder_days),
                ),
            ]
            for company in self.env["res.company"].sudo().search([])
        ]
        return expression.AND(
            [
                [
                    ("document_type", "=", "guia"),
                    ("state", "=", "sent"),
                    ("first_read_date", "=", False),
                    ("reminder_sent_date", "=", False),
                    ("due_date", ">=", today),
                ],
                expression.OR(windows or [expression.FALSE_DOMAIN]),
            ]
        )

    @api.model
    def _accounting_share_record_reads(self, files, ip=None):
        """Record that the current user opened these files, when they were sent.

        Only the client's own portal users count: the dispatch must be of the
        user's company, and staff reading a client's file leave no read. One
        query finds the dispatches of the whole batch of files.
        """
        user = self.env.user
        if not user.share or not files:
            return self.browse()
        # sudo: the reader need not see the dispatch to have its read recorded;
        # only dispatches of the reader's own company are searched.
        dispatches_sudo = self.sudo().search(
            [
                ("file_id", "in", files.ids),
                ("state", "=", "sent"),
                ("partner_id", "=", user.partner_id.commercial_partner_id.id),
            ]
        )
        if not dispatches_sudo:
            return dispatches_sudo
        now = fields.Datetime.now()
        self.env["accounting.share.dispatch.read"].sudo().create(
            [
                {"dispatch_id": dispatch.id, "user_id": user.id, "date": now, "ip": ip}
                for dispatch in dispatches_sudo
            ]
        )
        first_reads_sudo = dispatches_sudo.filtered(
            lambda dispatch: not dispatch.first_read_date
        )
        if first_reads_sudo:
            first_reads_sudo.write(
                {
                    "first_read_date": now,
                    "first_read_user_id": user.id,
                    "first_read_ip": ip or False,
                }
            )
            self.env["accounting.share.receipt.read"]._stamp_first_reads(
                first_reads_sudo, now, user, ip
            )
        return dispatches_sudo

    @api.model
    def _cron_send_guia_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """E-mail the client about unread guias near their due date, once each.

        One batch per call; the scheduler commits and calls again while
        `_notify_progress` reports some remaining. A reminded dispatch is marked in
        the same transaction as its e-mail is queued: a crash repeats neither.
        """
        domain = self._get_reminder_due_domain()
        dispatches = self.search(domain, order="due_date, id", limit=batch_size)
        template = self.env.ref(
            "accounting_share.mail_template_accounting_share_guia_reminder",
            raise_if_not_found=False,
        )
        if dispatches and template:
            dispatches._send_reminders(template)
        remaining = self.search_count(domain) if len(dispatches) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(dispatches), remaining=remaining)
        return dispatches

    def _send_reminders(self, template):
        recipients = self._get_reminder_recipients()
        for dispatch in self:
            partners = recipients.get(dispatch.partner_id.id)
            if partners:
                template.send_mail(
                    dispatch.id,
                    email_values={"recipient_ids": [(6, 0, partners.ids)]},
                )
        # sudo: the reminder date is closed to users (_get_protected_fields).
        self.sudo().write({"reminder_sent_date": fields.Datetime.now()})

    def _get_reminder_recipients(self):
        """{client id: its portal users' partners with an e-mail}, in one query."""
        users_sudo = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    ("partner_id", "child_of", self.partner_id.ids),
                    ("email", "!=", False),
                ]
            )
        )
        recipients = {}
        for user in users_sudo:
            client_id = user.partner_id.commercial_partner_id.id
            recipients[client_id] = (
                recipients.get(client_id, self.env["res.partner"]) | user.partner_id
            )
        return recipients
