from odoo import api, fields, models


class ResellerFolderTrashWizard(models.TransientModel):
    _name = "reseller.folder.trash.wizard"
    _description = "Confirm Moving a Folder and its Content to the Trash"

    folder_ids = fields.Many2many("reseller.folder", required=True)
    subfolder_count = fields.Integer(compute="_compute_content")
    file_count = fields.Integer(compute="_compute_content")

    @api.depends("folder_ids")
    def _compute_content(self):
        for wizard in self:
            content = wizard.folder_ids._reseller_subtree_content()
            wizard.subfolder_count = len(content["folders"] - wizard.folder_ids)
            wizard.file_count = len(content["files"])

    def action_confirm(self):
        self.folder_ids.check_access("write")
        self.folder_ids._reseller_trash_subtree()
        return {"type": "ir.actions.act_window_close"}
