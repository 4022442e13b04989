from odoo import fields, models

from .upload_policy import BLOCKED_EXTENSIONS_PARAM, DEFAULT_BLOCKED_EXTENSIONS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_blocked_extensions = fields.Char(
        string="Blocked Extensions",
        config_parameter=BLOCKED_EXTENSIONS_PARAM,
        default=DEFAULT_BLOCKED_EXTENSIONS,
        help="Comma-separated extensions refused at every upload of the suite "
        "(file center, signed contracts, guias), e.g. exe, bat, js.",
    )
