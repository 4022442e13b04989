import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_reference_month, check_reference_year

_logger = logging.getLogger(__name__)

BILLING_STATES = [
    ("processing", "Processing"),
    ("awaiting_payment", "Awaiting Payment"),
    ("payment_received", "Payment Received"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
]


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ("account.move", "reseller.protected.fields.mixin")

    reseller_contract_id = fields.Many2one(
        "reseller.contract",
        string="Billing Contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
        tracking=True,
    )
    reference_month = fields.Char(
        size=2, copy=False, help="Month the invoice refers to, two digits: 07."
    )
    reference_year = fields.Char(
        size=4, copy=False, help="Year the invoice refers to, four digits: 2026."
    )
    reseller_slip_ids = fields.One2many(
        "reseller.payment.slip", "move_id", string="Payment Slips", readonly=True
    )
    # compute_sudo: the invoice form shows its slip to every accountant, also to
    # those without billing rights, who cannot read slips themselves.
    reseller_slip_id = fields.Many2one(
        "reseller.payment.slip",
        string="Payment Slip",
        compute="_compute_reseller_slip_id",
        compute_sudo=True,
    )
    reseller_billing_state = fields.Selection(
        BILLING_STATES,
        string="Billing Status",
        compute="_compute_reseller_billing_state",
        store=True,
        index="btree_not_null",
        tracking=True,
    )
    reseller_mail_sent = fields.Boolean(
        string="Billing E-mail Sent", copy=False, readonly=True
    )

    def init(self):
        # The last guard against double billing: one live invoice per contract and
        # reference period, whatever code path or concurrent run creates it.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_reseller_period_uniq
                ON account_move (reseller_contract_id, reference_year, reference_month)
             WHERE reseller_contract_id IS NOT NULL AND state != 'cancel'
            """
        )

    @api.depends("reseller_slip_ids.state")
    def _compute_reseller_slip_id(self):
        for move in self:
            live = move.reseller_slip_ids.filtered(
                lambda s: s.state not in ("cancelled", "failed")
            )
            move.reseller_slip_id = (live or move.reseller_slip_ids)[-1:]

    @api.depends(
        "reseller_contract_id",
        "state",
        "payment_state",
        "reseller_slip_ids.state",
    )
    def _compute_reseller_billing_state(self):
        for move in self:
            slip_states = set(move.reseller_slip_ids.mapped("state"))
            if not move.reseller_contract_id:
                move.reseller_billing_state = False
            elif move.state == "cancel":
                move.reseller_billing_state = "cancelled"
            elif move.payment_state == "reversed":
                move.reseller_billing_state = "cancelled"
            elif move.payment_state in ("paid", "in_payment"):
                move.reseller_billing_state = "paid"
            elif move.state == "posted" and "settling" in slip_states:
                # Paid at the gateway; the settlement cron books it shortly.
                move.reseller_billing_state = "payment_received"
            elif move.state == "posted" and "registered" in slip_states:
                move.reseller_billing_state = "awaiting_payment"
            else:
                move.reseller_billing_state = "processing"

    @api.constrains("reference_month", "reference_year", "reseller_contract_id")
    def _check_reference_period(self):
        for move in self:
            if move.reference_month:
                check_reference_month(self.env, move.reference_month)
            if move.reference_year:
                check_reference_year(self.env, move.reference_year)
            if move.reseller_contract_id and not (
                move.reference_month and move.reference_year
            ):
                raise ValidationError(
                    _("A billing contract invoice needs its reference month and year.")
                )

    def _get_protected_fields(self):
        # EXTENDS reseller_guard: the billing status follows the invoice, its
        # payment slip and its payments; stored, it would otherwise keep a value
        # sent over RPC.
        return super()._get_protected_fields() | {"reseller_billing_state"}

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS account
        contract_ids = {
            v["reseller_contract_id"]
            for v in vals_list
            if v.get("reseller_contract_id")
        }
        if contract_ids:
            self.env["reseller.contract"].browse(contract_ids)._check_invoiceable()
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS account
        if vals.get("reseller_contract_id"):
            self.env["reseller.contract"].browse(
                vals["reseller_contract_id"]
            )._check_invoiceable()
        return super().write(vals)

    def _post(self, soft=True):
        # EXTENDS account
        # Any accountant may post a billing contract invoice, also one without
        # rights on contracts and slips: the check that the contract is active
        # only reads, and the slips are the billing system's, so both run
        # elevated once account allowed the posting.
        self.sudo().reseller_contract_id._check_invoiceable()
        posted = super()._post(soft=soft)
        posted.filtered("reseller_contract_id").sudo()._reseller_register_slips()
        return posted

    def button_draft(self):
        # EXTENDS account
        res = super().button_draft()
        self._reseller_cancel_live_slips()
        return res

    def button_cancel(self):
        # EXTENDS account
        res = super().button_cancel()
        self._reseller_cancel_live_slips()
        return res

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # EXTENDS account: a fully reversed invoice must not be paid by its slip.
        reverse_moves = super()._reverse_moves(default_values_list, cancel=cancel)
        if cancel:
            self._reseller_cancel_live_slips()
        return reverse_moves

    def _reseller_cancel_live_slips(self):
        """Cancel the open slips of moves account just reset, cancelled or reversed.

        Account has checked the caller's rights on the moves; their slips follow,
        whether or not the caller has billing rights.
        """
        # Elevated: accountants without billing rights can neither read nor write
        # slips, yet their moves' slips must not stay payable.
        slips_sudo = self.sudo().reseller_slip_ids.filtered(
            lambda s: s.state in ("processing", "registered")
        )
        slips_sudo._cancel_with_gateway()

    # ------------------------------------------------------------------
    # Slips and e-mails
    # ------------------------------------------------------------------
    def _reseller_prepare_slip_values(self, gateway):
        self.ensure_one()
        return {
            "move_id": self.id,
            "gateway_id": gateway.id,
            "amount": self.amount_residual,
            "currency_id": self.currency_id.id,
            "date_due": self.invoice_date_due,
        }

    def _reseller_register_slips(self):
        """One slip per posted contract invoice, registered with its gateway.

        The gateway is the contract's, else the company's first one; without any
        gateway the invoice simply stays "processing".
        """
        company_gateways = {}

        def gateway_of(move):
            if move.reseller_contract_id.gateway_id:
                return move.reseller_contract_id.gateway_id
            if move.company_id not in company_gateways:
                company_gateways[move.company_id] = self.env[
                    "reseller.billing.gateway"
                ].search([("company_id", "=", move.company_id.id)], limit=1)
            return company_gateways[move.company_id]

        moves = self.filtered(
            lambda m: m.move_type == "out_invoice"
            and not m.reseller_slip_ids.filtered(
                lambda s: s.state in ("processing", "registered", "settling", "paid")
            )
        )
        vals_list = [
            move._reseller_prepare_slip_values(gateway)
            for move in moves
            if (gateway := gateway_of(move))
        ]
        if not vals_list:
            return self.env["reseller.payment.slip"]
        # Slips are written by the billing system, whoever posts the invoice.
        slips_sudo = self.env["reseller.payment.slip"].sudo().create(vals_list)
        slips_sudo._register_with_gateway()
        # E-mails are rendered by a cron, out of the posting transaction; any
        # poster (staff or cron) may wake it, not only administrators.
        cron_sudo = self.env.ref("reseller_billing.ir_cron_reseller_send_mails").sudo()
        cron_sudo._trigger()
        return slips_sudo

    @api.model
    def _get_billing_mails_domain(self):
        """Posted contract invoices whose official PDF and e-mail have not gone yet.

        Paid ones are included: a client may pay before this cron runs, and the
        portal shows an invoice without its official PDF as PROFORMA. Invoices
        whose slip is still being registered wait for it.
        """
        return [
            ("reseller_contract_id", "!=", False),
            ("reseller_mail_sent", "=", False),
            (
                "reseller_billing_state",
                "in",
                ("awaiting_payment", "payment_received", "paid"),
            ),
        ]

    @api.model
    def _cron_send_billing_mails(self, batch_size=50):
        """E-mail one batch of invoices with their slips to clients.

        Sending is deferred to this cron so that posting 2,000 invoices does not
        render 4,000 PDFs inside the posting transaction. The scheduler commits
        after each batch and calls again while invoices remain: a sent invoice is
        flagged in the batch that sends it, so it is never sent twice.
        """
        domain = self._get_billing_mails_domain()
        moves = self.search(domain, limit=batch_size, order="id")
        awaiting = moves.filtered(
            lambda move: move.reseller_billing_state == "awaiting_payment"
        )
        awaiting._reseller_send_invoices()
        # Settled before the e-mail went: no slip to send, only the official PDF.
        (moves - awaiting)._reseller_store_official_pdf()
        moves.write({"reseller_mail_sent": True})
        self.env["ir.cron"]._notify_progress(
            done=len(moves), remaining=self.search_count(domain)
        )
        return moves

    def _reseller_send_invoices(self):
        """Send the invoices the way account's "Send" does, in one batch.

        Only account.move.send stores the official PDF (invoice_pdf_report_id):
        without it the portal shows and downloads the invoice as PROFORMA. The
        template's slip report is attached beside it as a dynamic report.
        """
        template = self.env.ref("reseller_billing.mail_template_reseller_invoice")
        # Queued, not sent inline: the batch must not wait on the mail server.
        moves = self.with_context(mail_notify_force_send=False)
        moves.env["account.move.send"]._generate_and_send_invoices(
            moves,
            allow_raising=False,
            sending_methods={"email"},
            mail_template=template,
        )

    def _reseller_store_official_pdf(self):
        """Generate and store the official PDF, as account's "Send" does, without
        e-mailing anything."""
        self.env["account.move.send"]._generate_and_send_invoices(
            self, allow_raising=False, sending_methods=set()
        )

    @api.model
    def _cron_send_overdue_reminders(self):
        """Remind clients of slips still unpaid some days after their due date."""
        template = self.env.ref("reseller_billing.mail_template_reseller_overdue")
        today = fields.Date.context_today(self)
        slips = self.env["reseller.payment.slip"].search(
            [
                ("state", "=", "registered"),
                ("reminder_sent", "=", False),
                ("date_due", "<", today),
                # Paid by hand (transfer, cash) or cancelled: the slip is still
                # registered with the bank, but the client owes nothing more.
                ("move_id.reseller_billing_state", "=", "awaiting_payment"),
            ]
        )
        due_slips = slips.filtered(
            lambda s: s.date_due
            + timedelta(days=s.move_id.company_id.reseller_overdue_reminder_days)
            <= today
        )
        for slip in due_slips:
            slip.move_id.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )
        # The reminder flag is the system's: the cron may be run by any user.
        due_slips.sudo().write({"reminder_sent": True})
        return due_slips

    def action_reseller_print_slip(self):
        self.ensure_one()
        if not self.reseller_slip_id:
            raise UserError(_("This invoice has no payment slip."))
        return self.reseller_slip_id.action_print()
