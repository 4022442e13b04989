from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.reseller_files.controllers.portal import ResellerFilesPortal


class AccountingShareFilesPortal(ResellerFilesPortal):
    """The file center's portal follows the client's "Share Documents" flag.

    The folders and files themselves are closed by record rules
    (security/ir_rules.xml), which every route, counter and /web/content obey; the
    file center's landing page would still render an empty tree, so it answers 404
    like the other closed doors.
    """

    def _accounting_share_documents_hidden(self):
        user = request.env.user
        return user.share and not user.commercial_partner_id.accounting_share_documents

    # EXTENDS reseller_files
    @http.route()
    def portal_my_files(self, **kwargs):
        if self._accounting_share_documents_hidden():
            raise NotFound()
        return super().portal_my_files(**kwargs)
