from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    portal_require_signed_contract = fields.Boolean(
        related="company_id.portal_require_signed_contract", readonly=False
    )
    portal_contract_max_size_mb = fields.Integer(
        related="company_id.portal_contract_max_size_mb", readonly=False
    )
    portal_max_failed_logins = fields.Integer(
        related="company_id.portal_max_failed_logins", readonly=False
    )
    portal_contact_email = fields.Char(
        related="company_id.portal_contact_email", readonly=False
    )
