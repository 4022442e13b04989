from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    reseller_overdue_reminder_days = fields.Integer(
        string="Overdue Reminder After (days)",
        default=3,
        help="Days after the due date of an unpaid payment slip before the client "
        "receives a reminder.",
    )
    reseller_suspend_after_days = fields.Integer(
        string="Suspend After (days)",
        default=15,
        help="Days after a payment slip falls overdue before its contract is "
        "suspended; 0 never suspends.",
    )
