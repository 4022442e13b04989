from odoo import _, http
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import clean_list_params, document_or_404

CONTRACTS_PER_PAGE = 20


class ResellerBillingPortal(PortalAccount):
    def _prepare_home_portal_values(self, counters):
        # EXTENDS portal: the client's contracts on the portal home.
        values = super()._prepare_home_portal_values(counters)
        if "reseller_contract_count" in counters:
            contract_model = request.env["reseller.contract"]
            values["reseller_contract_count"] = (
                contract_model.search_count([])
                if contract_model.has_access("read")
                else 0
            )
        return values

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        # EXTENDS account: the invoice's payment slip, shown in the sidebar.
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        # `invoice` passed _document_check_access (owner or valid token); its slip
        # is shown with it, even to a token holder without slip read rights.
        slip_sudo = invoice.sudo().reseller_slip_id
        values["reseller_slip_sudo"] = slip_sudo
        return values

    def _reseller_contract_sortings(self):
        return {
            "name": {"label": _("Code"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, name desc"},
        }

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_contracts(self, page=1, **kwargs):
        sortings = self._reseller_contract_sortings()
        params = clean_list_params(dict(kwargs, page=page), sortings=sortings)
        sortby = params.get("sortby", "name")
        # Record rules keep the list to the user's commercial partner.
        contract_model = request.env["reseller.contract"]
        pager = portal_pager(
            url="/my/contracts",
            url_args={"sortby": sortby},
            total=contract_model.search_count([]),
            page=params["page"],
            step=CONTRACTS_PER_PAGE,
        )
        contracts = contract_model.search(
            [],
            order=sortings[sortby]["order"],
            limit=CONTRACTS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            # Searched as the user (record rules), shown elevated: the client may
            # read its contract's service name, not the product catalogue.
            contracts=contracts.sudo(),
            pager=pager,
            page_name="reseller_contract",
            default_url="/my/contracts",
            searchbar_sortings=sortings,
            sortby=sortby,
        )
        return request.render("reseller_billing.portal_my_contracts", values)

    @http.route(
        ["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True
    )
    def portal_my_contract(self, contract_id, access_token=None, **kwargs):
        contract_sudo = document_or_404(
            self, "reseller.contract", contract_id, access_token=access_token
        )
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {
                "contract": contract_sudo,
                "slips": contract_sudo._get_portal_slips(),
                "page_name": "reseller_contract",
            },
            "my_contracts_history",
            False,
        )
        return request.render("reseller_billing.portal_my_contract", values)
