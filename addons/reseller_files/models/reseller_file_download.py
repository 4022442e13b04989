from odoo import api, fields, models


class ResellerFileDownload(models.Model):
    _name = "reseller.file.download"
    _description = "File Center Download Log"
    _order = "date desc, id desc"

    file_id = fields.Many2one(
        "reseller.file", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        related="file_id.partner_id", store=True, string="Client"
    )
    user_id = fields.Many2one(
        "res.users", string="Downloaded by", required=True, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _reseller_log(self, files):
        """One log line per downloaded file, in one batched create."""
        # sudo: every user who downloads is logged, whatever their rights on the log
        return (
            self.sudo()
            .create([{"file_id": file.id, "user_id": self.env.uid} for file in files])
            .sudo(False)
        )
