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

    # EXTENDS reseller_files
    def _reseller_folder_values(self, folder_sudo, page=1, **kwargs):
        values = super()._reseller_folder_values(folder_sudo, page=page, **kwargs)
        values["accounting_share_guias_link"] = self._accounting_share_is_sent_folder(
            folder_sudo
        )
        return values

    def _accounting_share_is_sent_folder(self, folder_sudo):
        """The client's "Sent documents" folder, where its guias are delivered."""
        partner = folder_sudo.partner_id.commercial_partner_id
        if not partner or folder_sudo.parent_id != partner.sudo().reseller_folder_id:
            return False
        sent_name = (
            request.env["accounting.share.dispatch"]
            .new({"partner_id": partner.id})
            ._get_sent_folder_name()
        )
        return folder_sudo.name == sent_name
