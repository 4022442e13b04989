from odoo import api, models
from odoo.http import request


class ResellerFileDownload(models.Model):
    _inherit = "reseller.file.download"

    # EXTENDS reseller_files
    @api.model
    def _reseller_log(self, files):
        """A download by the client's own users is also the read of its dispatch."""
        logs = super()._reseller_log(files)
        ip = request.httprequest.remote_addr if request else None
        self.env["accounting.share.dispatch"]._accounting_share_record_reads(
            files, ip=ip
        )
        return logs
