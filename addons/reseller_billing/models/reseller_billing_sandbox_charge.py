from odoo import fields, models


class ResellerBillingSandboxCharge(models.Model):
    """The sandbox bank's own ledger: what it received, webhook sent or not.

    A real gateway keeps this on its side and answers a status API from it; the
    sandbox keeps it here so that reconciliation can be proved without a bank.
    """

    _name = "reseller.billing.sandbox.charge"
    _description = "Sandbox Gateway Charge"
    _order = "id desc"

    gateway_id = fields.Many2one(
        "reseller.billing.gateway", required=True, readonly=True, ondelete="cascade"
    )
    reference = fields.Char(required=True, readonly=True, index=True)
    amount = fields.Float(readonly=True)
    method = fields.Selection(
        [("boleto", "Boleto"), ("pix", "PIX")], required=True, readonly=True
    )
    paid_date = fields.Date(readonly=True)
    webhook_delivered = fields.Boolean(readonly=True)

    _sql_constraints = (
        (
            "gateway_reference_uniq",
            "UNIQUE(gateway_id, reference)",
            "The sandbox bank takes one payment per slip.",
        ),
    )
