from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    accounting_share_reminder_days = fields.Integer(
        related="company_id.accounting_share_reminder_days", readonly=False
    )
