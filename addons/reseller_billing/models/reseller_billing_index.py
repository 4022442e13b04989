from odoo import fields, models


class ResellerBillingIndex(models.Model):
    """A price index (IPCA, IGP-M, INPC) and its table of monthly rates."""

    _name = "reseller.billing.index"
    _description = "Readjustment Index"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    rate_ids = fields.One2many("reseller.billing.index.rate", "index_id", "Rates")

    _sql_constraints = (
        ("code_uniq", "UNIQUE(code)", "The index code must be unique."),
    )
