from odoo import fields, models


class AccountingShareDispatchRead(models.Model):
    """One opening or download of a sent document by the client's own users."""

    _name = "accounting.share.dispatch.read"
    _description = "Accounting Share Dispatch Read"
    _order = "date desc, id desc"

    dispatch_id = fields.Many2one(
        "accounting.share.dispatch",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="dispatch_id.partner_id", string="Client")
    user_id = fields.Many2one(
        "res.users", string="Read By", required=True, readonly=True
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    ip = fields.Char(string="IP Address", readonly=True)
