from odoo import fields, models


class ResellerContractReadjustment(models.Model):
    """One yearly readjustment of a contract: old and new amount, rate, months."""

    _name = "reseller.contract.readjustment"
    _description = "Contract Readjustment"
    _order = "date desc, id desc"

    contract_id = fields.Many2one(
        "reseller.contract", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    anniversary_year = fields.Integer(required=True, readonly=True)
    index_id = fields.Many2one("reseller.billing.index", readonly=True)
    rate = fields.Float(string="Accumulated Rate (%)", digits=(12, 4), readonly=True)
    months_used = fields.Char(readonly=True, help="The index months compounded.")
    old_amount = fields.Monetary(readonly=True)
    new_amount = fields.Monetary(readonly=True)

    _sql_constraints = (
        (
            "contract_anniversary_uniq",
            "UNIQUE(contract_id, anniversary_year)",
            "A contract is readjusted once per anniversary.",
        ),
    )
