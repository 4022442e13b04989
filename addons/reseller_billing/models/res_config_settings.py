from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_overdue_reminder_days = fields.Integer(
        related="company_id.reseller_overdue_reminder_days",
        readonly=False,
    )
    reseller_suspend_after_days = fields.Integer(
        related="company_id.reseller_suspend_after_days",
        readonly=False,
    )
