from odoo import api, fields, models


class ResellerFileVersion(models.Model):
    """An earlier version of a file: its content, who uploaded it and when.

    The file itself is the current version; each new upload moves the content
    it replaces here.
    """

    _name = "reseller.file.version"
    _description = "File Center File Version"
    _inherit = ("reseller.protected.fields.mixin",)
    _order = "file_id, version desc, id desc"

    file_id = fields.Many2one(
        "reseller.file", required=True, index=True, ondelete="cascade"
    )
    version = fields.Integer(required=True, readonly=True)
    name = fields.Char(readonly=True)
    partner_id = fields.Many2one(
        related="file_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(related="file_id.company_id", store=True)
    attachment_id = fields.Many2one(
        "ir.attachment", required=True, readonly=True, ondelete="restrict"
    )
    mimetype = fields.Char(readonly=True)
    file_size = fields.Integer(string="Size (bytes)", readonly=True)
    uploaded_by_id = fields.Many2one("res.users", string="Uploaded by", readonly=True)
    upload_date = fields.Datetime(string="Uploaded on", readonly=True)

    def _get_protected_fields(self):
        # versions are the history the File Center keeps: written by it only
        return super()._get_protected_fields() | {
            "file_id",
            "version",
            "attachment_id",
            "uploaded_by_id",
            "upload_date",
        }

    @api.model_create_multi
    def create(self, vals_list):
        versions = super().create(vals_list)
        # sudo: an earlier content keeps the access of its version record
        for version_sudo in versions.sudo():
            version_sudo.attachment_id.write(
                {"res_model": self._name, "res_id": version_sudo.id}
            )
        return versions

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self._get_portal_route(),
            "target": "self",
        }

    def _get_portal_route(self):
        self.ensure_one()
        return f"/my/files/file/{self.file_id.id}/version/{self.id}/download"
