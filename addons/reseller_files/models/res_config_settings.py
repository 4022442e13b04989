from odoo import fields, models

from .reseller_file import DEFAULT_MAX_UPLOAD_MB


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_files_max_upload_size_mb = fields.Integer(
        string="Largest File (MB)",
        config_parameter="reseller_files.max_upload_size_mb",
        default=DEFAULT_MAX_UPLOAD_MB,
    )
    reseller_files_blocked_extensions = fields.Char(
        string="Blocked Extensions",
        config_parameter="reseller_files.blocked_extensions",
        help="Comma-separated extensions refused at upload, e.g. exe, bat, js.",
    )
