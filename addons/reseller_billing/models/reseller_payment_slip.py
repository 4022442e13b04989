from psycopg2.errors import LockNotAvailable
from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError

SLIP_STATES = [
    ("processing", "Processing"),
    ("registered", "Awaiting Payment"),
    ("settling", "Payment Received, Being Settled"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
    ("failed", "Failed"),
]


class ResellerPaymentSlip(models.Model):
    _name = "reseller.payment.slip"
    _description = "Payment Slip"
    _inherit = ("mail.thread", "reseller.protected.fields.mixin")
    _order = "id desc"

    name = fields.Char(string="Number", required=True, readonly=True, default="/")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    reseller_contract_id = fields.Many2one(
        related="move_id.reseller_contract_id", store=True
    )
    gateway_id = fields.Many2one(
        "reseller.billing.gateway", required=True, readonly=True, index=True
    )
    external_id = fields.Char(
        string="Gateway Reference", readonly=True, copy=False, index="btree_not_null"
    )
    digitable_line = fields.Char(readonly=True, copy=False)
    barcode = fields.Char(readonly=True, copy=False)
    payment_url = fields.Char(string="Payment URL", readonly=True, copy=False)
    pix_code = fields.Char(
        string="PIX Copy and Paste",
        readonly=True,
        copy=False,
        help="The PIX EMV BR Code the gateway returned when it registered the slip.",
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    state = fields.Selection(
        SLIP_STATES,
        string="Status",
        default="processing",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    paid_date = fields.Date(readonly=True, copy=False)
    paid_amount = fields.Monetary(readonly=True, copy=False)
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False)
    amount_mismatch = fields.Boolean(
        readonly=True,
        copy=False,
        help="The gateway reported a payment that differs from the slip amount; "
        "staff must settle it by hand.",
    )
    pix_qr_url = fields.Char(
        string="PIX QR Code URL",
        compute="_compute_pix_qr_url",
        help="Odoo's QR image of the PIX code, for the slip, portal and e-mail.",
    )
    paid_method = fields.Selection(
        [("boleto", "Boleto"), ("pix", "PIX")],
        string="Paid By",
        readonly=True,
        copy=False,
        help="How the client paid, as the gateway reported it.",
    )
    status_checked_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="Last time the reconciliation asked the gateway for this slip.",
    )
    event_ids = fields.One2many(
        "reseller.webhook.event", "slip_id", string="Events", readonly=True
    )
    failure_reason = fields.Char(readonly=True, copy=False)
    reminder_sent = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = (
        (
            "gateway_external_uniq",
            "UNIQUE(gateway_id, external_id)",
            "A gateway reference identifies a single slip.",
        ),
    )

    def _get_protected_fields(self):
        # EXTENDS reseller_guard: what the gateway and the billing system set.
        # Staff may follow a slip and post on its chatter, but never type its
        # registration or payment in.
        return super()._get_protected_fields() | {
            "name",
            "move_id",
            "gateway_id",
            "external_id",
            "digitable_line",
            "barcode",
            "payment_url",
            "pix_code",
            "paid_method",
            "status_checked_at",
            "currency_id",
            "amount",
            "date_due",
            "state",
            "paid_date",
            "paid_amount",
            "payment_id",
            "amount_mismatch",
            "failure_reason",
            "reminder_sent",
        }

    @api.depends("pix_code")
    def _compute_pix_qr_url(self):
        for slip in self:
            slip.pix_qr_url = slip.pix_code and "/report/barcode/?" + url_encode(
                {
                    "barcode_type": "QR",
                    "value": slip.pix_code,
                    "width": 200,
                    "height": 200,
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "reseller.payment.slip"
                )
        return super().create(vals_list)

    def action_print(self):
        return self.env.ref(
            "reseller_billing.action_report_reseller_payment_slip"
        ).report_action(self)

    def action_view_html(self):
        """The printable slip as a web page, next to the PDF."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/report/html/reseller_billing.report_payment_slip/{self.id}",
            "target": "new",
        }

    def action_register(self):
        """Retry the registration of processing or failed slips (staff button)."""
        self.check_access("write")
        if self.filtered(lambda s: s.state not in ("processing", "failed")):
            raise UserError(_("Only processing or failed slips can be registered."))
        # Elevated after the check: registration fields are the gateway's to write.
        self.sudo()._register_with_gateway()

    def _register_with_gateway(self):
        """Register the slips with their gateways, grouped by gateway."""
        for gateway in self.gateway_id:
            gateway._register_slips(
                self.filtered(lambda s, g=gateway: s.gateway_id == g)
            )

    def _cancel_with_gateway(self):
        for gateway in self.gateway_id:
            gateway._cancel_slips(self.filtered(lambda s, g=gateway: s.gateway_id == g))
        self.write({"state": "cancelled"})

    def _lock_for_settlement(self, wait=True):
        """Lock the slip's row until the end of the transaction.

        Serialises everything that settles one slip (webhooks, reconciliation,
        staff). With ``wait=False`` a slip locked by another transaction is not
        waited for: returns False at once. A transaction whose snapshot predates
        the other's commit still gets the serialization failure Odoo retries;
        it is not logged as a bad query, being expected.
        """
        self.ensure_one()
        query = "SELECT id FROM reseller_payment_slip WHERE id = %s FOR UPDATE"
        if wait:
            self.env.cr.execute(query, [self.id], log_exceptions=False)
            return True
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query + " NOWAIT", [self.id], log_exceptions=False)
        except LockNotAvailable:
            return False
        return True

    def _lock_many_for_settlement(self):
        """Lock the slips' rows, waiting, in one query (the settlement cron)."""
        if self:
            self.env.cr.execute(
                "SELECT id FROM reseller_payment_slip WHERE id IN %s ORDER BY id "
                "FOR UPDATE",
                [tuple(self.ids)],
                log_exceptions=False,
            )

    def _flag_amount_mismatch(self, amount, paid_date, method=None):
        """A payment that differs from the invoice: staff settle it by hand."""
        self.ensure_one()
        move = self.move_id
        self.write(
            {
                "state": "registered",
                "amount_mismatch": True,
                "paid_amount": amount,
                "paid_date": paid_date,
                "paid_method": method,
            }
        )
        move.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Payment amount differs from the slip"),
            note=_(
                "Slip %(slip)s: the gateway reported %(paid)s, the invoice "
                "expects %(due)s. Settle it by hand.",
                slip=self.name,
                paid=amount,
                due=move.amount_residual,
            ),
            user_id=move.invoice_user_id.id or self.env.user.id,
        )

    def _settlement_refused(self, reason):
        """Accounting refused to book the payments: back to staff, with why."""
        self.write({"state": "registered"})
        for slip in self:
            slip.move_id.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Gateway payment could not be booked"),
                note=_(
                    "Slip %(slip)s was paid at the gateway, but its payment could "
                    "not be booked: %(reason)s. Settle it by hand.",
                    slip=slip.name,
                    reason=reason,
                ),
                user_id=slip.move_id.invoice_user_id.id or self.env.user.id,
            )

    def _record_payment(self, payment, amount, paid_date, method=None):
        """The booked payment of a settled slip."""
        self.ensure_one()
        self.write(
            {
                "state": "paid",
                "payment_id": payment[:1].id,
                "paid_amount": amount,
                "paid_date": paid_date,
                "paid_method": method,
            }
        )
