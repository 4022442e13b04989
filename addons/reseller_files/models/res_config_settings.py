from odoo import fields, models

from .reseller_file_storage import DEFAULT_MAX_UPLOAD_MB, MAX_UPLOAD_SIZE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_files_max_upload_size_mb = fields.Integer(
        string="Largest File (MB)",
        config_parameter=MAX_UPLOAD_SIZE_PARAM,
        default=DEFAULT_MAX_UPLOAD_MB,
    )
