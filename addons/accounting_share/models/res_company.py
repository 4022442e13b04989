from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    accounting_share_reminder_days = fields.Integer(
        string="Guia Reminder (days before due)",
        default=3,
        help="Unread guias due within this many days are reminded to the client "
        "by e-mail, once.",
    )
