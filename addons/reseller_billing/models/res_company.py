from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    reseller_overdue_reminder_days = fields.Integer(
        string="Overdue Reminder After (days)",
        default=3,
        help="Days after the due date of an unpaid payment slip before the client "
        "receives a reminder.",
    )
