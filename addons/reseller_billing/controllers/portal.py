from odoo.addons.account.controllers.portal import PortalAccount


class ResellerBillingPortal(PortalAccount):
    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        # EXTENDS account: the invoice's payment slip, shown in the sidebar.
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        # `invoice` passed _document_check_access (owner or valid token); its slip
        # is shown with it, even to a token holder without slip read rights.
        slip_sudo = invoice.sudo().reseller_slip_id
        values["reseller_slip_sudo"] = slip_sudo
        return values
