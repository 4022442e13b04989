from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    accounting_share_dossier = fields.Boolean(
        string="Client Dossiers",
        help="Each task of this project is a dossier of its client, shown in the "
        "client's portal as the client's sharing choice allows.",
    )
