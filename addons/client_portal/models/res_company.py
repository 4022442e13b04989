from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    portal_require_signed_contract = fields.Boolean(
        string="Require a Signed Contract Document",
        help="Default for new quotations: the client must upload the signed "
        "contract document before approving the quotation in the portal.",
    )
    portal_contract_max_size_mb = fields.Integer(
        string="Signed Contract Document Size Limit (MB)",
        default=10,
        help="Largest signed contract document a client may upload from the portal.",
    )
    portal_max_failed_logins = fields.Integer(
        string="Portal Failed Logins Before Lock",
        default=5,
        help="Consecutive failed logins after which a portal account is locked "
        "until staff unlock it. 0 disables the lock.",
    )
    portal_contact_email = fields.Char(
        string="Office Contact E-mail",
        help="Shown to clients on their portal home page.",
    )
