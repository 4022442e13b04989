from odoo import fields, models

from .accounting_share_intake_reader import (
    DEFAULT_MAX_EXPANDED_MB,
    MAX_EXPANDED_SIZE_PARAM,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    accounting_share_intake_max_expanded_mb = fields.Integer(
        string="Guia Intake: Largest Zip (MB expanded)",
        config_parameter=MAX_EXPANDED_SIZE_PARAM,
        default=DEFAULT_MAX_EXPANDED_MB,
        help="A zip of guias that expands to more than this is refused whole (a zip "
        "bomb). Zips of more than 10,000 entries are always refused.",
    )
    accounting_share_reminder_days = fields.Integer(
        related="company_id.accounting_share_reminder_days", readonly=False
    )
