import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class ResellerFileVersionWizard(models.TransientModel):
    _name = "reseller.file.version.wizard"
    _description = "Upload a New Version of a File"

    file_id = fields.Many2one("reseller.file", required=True, ondelete="cascade")
    data = fields.Binary(string="New Content", required=True)
    filename = fields.Char()

    def action_upload(self):
        self.ensure_one()
        self.file_id.check_access("write")
        if not self.data:
            raise UserError(_("Choose the file of the new version."))
        self.file_id._reseller_add_version(base64.b64decode(self.data))
        return {"type": "ir.actions.act_window_close"}
