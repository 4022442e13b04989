from datetime import timedelta

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import clean_list_params
from odoo.addons.sale.controllers import portal as sale_portal

from ..models.sale_order_approval import PortalApprovalError

SUCCESS_NOTICES = ("uploaded", "approved")
# The contract document to sign and the signed contract document the client sent.
CONTRACT_DOCUMENT_KINDS = ("to_sign", "signed")


class CustomerPortal(sale_portal.CustomerPortal):
    # Home --------------------------------------------------------------------------

    # /my renders with counters=[]: what reads orders is left to the requests the
    # page sends once shown (Odoo's /my/counters, and the latest orders below),
    # so that the home costs the same queries as without this addon.

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, "qcontext", None) is not None:
            # Portal users may not read the company's settings.
            company_sudo = request.env.user.company_id.sudo()
            response.qcontext["office_contact_email"] = (
                company_sudo.portal_contact_email
            )
        return response

    # EXTENDS portal
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "client_portal_awaiting_count" in counters:
            SaleOrder = request.env["sale.order"]
            values["client_portal_awaiting_count"] = (
                SaleOrder.search_count(
                    self._get_client_portal_home_domain()
                    + SaleOrder._get_portal_awaiting_client_domain()
                )
                if SaleOrder.has_access("read")
                else 0
            )
        return values

    def _get_client_portal_home_domain(self):
        partner = request.env.user.partner_id
        return request.env["sale.order"]._get_portal_sales_domain(partner)

    @http.route(
        "/my/home/latest_orders",
        type="json",
        auth="user",
        website=True,
    )
    def portal_my_home_latest_orders(self, **kw):
        """The home's latest quotations and orders, as the markup the page
        inserts once shown (empty when the client has none). Not read-only: an
        order's portal URL gives it its access token the first time."""
        values = self._prepare_client_portal_latest_orders_values()
        if not values["latest_orders"]:
            return {"html": ""}
        html = request.env["ir.qweb"]._render(
            "client_portal.portal_my_home_latest_orders_list", values
        )
        return {"html": str(html)}

    def _prepare_client_portal_latest_orders_values(self, limit=5):
        SaleOrder = request.env["sale.order"]
        orders = SaleOrder
        if SaleOrder.has_access("read"):
            orders = SaleOrder.search_fetch(
                self._get_client_portal_home_domain(),
                ["name", "date_order", "state", "portal_approval_state"]
                + ["amount_total", "amount_untaxed", "amount_tax", "currency_id"]
                + ["payment_term_id", "company_id", "access_token"],
                order="date_order desc, id desc",
                limit=limit,
            )
        # Portal users may read neither payment terms (installments) nor the
        # currencies' details; the orders were searched with their own rights.
        return {"latest_orders": orders.sudo()}

    # EXTENDS portal
    def _document_check_access(self, model_name, document_id, access_token=None):
        # Odoo compares tokens with hmac.compare_digest, which raises TypeError on
        # a non-ASCII string: a token such as %FF was a 500. Real tokens are
        # printable ASCII; anything else is a wrong token.
        if access_token and not (
            isinstance(access_token, str)
            and access_token.isascii()
            and access_token.isprintable()
        ):
            raise AccessError(_("This access token is not valid."))
        return super()._document_check_access(
            model_name, document_id, access_token=access_token
        )

    # Lists: filters and search -----------------------------------------------------

    def _get_sale_searchbar_sortings(self):
        sortings = super()._get_sale_searchbar_sortings()
        sortings["name"] = {"label": _("Reference"), "order": "name desc"}
        return sortings

    def _get_sale_approval_filters(self):
        labels = {
            "to_sign": _("Awaiting signed contract"),
            "signed": _("Signed, awaiting approval"),
            "approved": _("Approved, awaiting invoicing"),
        }
        domains = request.env["sale.order"]._get_portal_approval_stage_domains()
        return {
            stage: {"label": labels[stage], "domain": domain}
            for stage, domain in domains.items()
        }

    def _get_sale_invoicing_filters(self):
        return {
            "to_invoice": {
                "label": _("To invoice"),
                "domain": [("invoice_status", "=", "to invoice")],
            },
            "invoiced": {
                "label": _("Fully invoiced"),
                "domain": [("invoice_status", "=", "invoiced")],
            },
        }

    def _get_sale_period_filters(self):
        now = fields.Datetime.now()
        return {
            "last_30_days": {
                "label": _("Last 30 days"),
                "domain": [("date_order", ">=", now - timedelta(days=30))],
            },
            "last_365_days": {
                "label": _("Last 12 months"),
                "domain": [("date_order", ">=", now - timedelta(days=365))],
            },
        }

    def _get_sale_searchbar_filters(self, quotation_page):
        filters = {"all": {"label": _("All"), "domain": []}}
        if quotation_page:
            filters.update(self._get_sale_approval_filters())
        else:
            filters.update(self._get_sale_invoicing_filters())
        filters.update(self._get_sale_period_filters())
        return filters

    def _get_client_sales_searchbar_filters(self):
        SaleOrder = request.env["sale.order"]
        filters = {
            "all": {"label": _("All"), "domain": []},
            "awaiting": {
                "label": _("Awaiting your signed contract or approval"),
                "domain": SaleOrder._get_portal_awaiting_client_domain(),
            },
        }
        filters.update(self._get_sale_approval_filters())
        filters["orders"] = {
            "label": _("Confirmed orders"),
            "domain": [("state", "=", "sale")],
        }
        filters.update(self._get_sale_invoicing_filters())
        filters.update(self._get_sale_period_filters())
        return filters

    def _get_sale_searchbar_inputs(self):
        return {
            "name": {"input": "name", "label": _("Search in Reference")},
            "client_order_ref": {
                "input": "client_order_ref",
                "label": _("Search in Your Reference"),
            },
        }

    def _get_client_portal_sale_domain(self):
        # Set by _prepare_sale_portal_rendering_values for this request only.
        return list(request.env.context.get("client_portal_sale_domain") or [])

    def _prepare_quotations_domain(self, partner):
        return (
            super()._prepare_quotations_domain(partner)
            + self._get_client_portal_sale_domain()
        )

    def _prepare_orders_domain(self, partner):
        return (
            super()._prepare_orders_domain(partner)
            + self._get_client_portal_sale_domain()
        )

    def _clean_sale_list_params(self, params, filters):
        # Odoo's list code indexes its sortings with the raw `sortby` and queries
        # with the raw dates and search: anything unknown would be a 500.
        params = clean_list_params(
            params,
            sortings=self._get_sale_searchbar_sortings(),
            filters=filters,
            search_inputs=self._get_sale_searchbar_inputs(),
        )
        params.setdefault("filterby", "all")
        params.setdefault("search_in", "name")
        params.setdefault("page", 1)
        return params

    def _get_sale_list_extra_domain(self, filters, params):
        domain = list(filters[params["filterby"]]["domain"])
        if params.get("search"):
            domain.append((params["search_in"], "ilike", params["search"]))
        return domain

    def _get_sale_list_date_domain(self, params):
        if params.get("date_begin") and params.get("date_end"):
            return [
                ("create_date", ">", params["date_begin"]),
                ("create_date", "<=", params["date_end"]),
            ]
        return []

    def _get_sale_list_pager(self, url, domain, params, sortby):
        return portal_pager(
            url=url,
            total=request.env["sale.order"].search_count(domain),
            page=params["page"],
            step=self._items_per_page,
            url_args={
                key: params.get(key)
                for key in ("date_begin", "date_end", "filterby", "search_in", "search")
            }
            | {"sortby": sortby},
        )

    def _get_sale_list_searchbar_values(self, filters, params):
        return {
            "searchbar_filters": filters,
            "filterby": params["filterby"],
            "searchbar_inputs": self._get_sale_searchbar_inputs(),
            "search_in": params["search_in"],
            "search": params.get("search") or "",
        }

    def _prepare_sale_portal_rendering_values(self, quotation_page=False, **kwargs):
        filters = self._get_sale_searchbar_filters(quotation_page)
        params = self._clean_sale_list_params(kwargs, filters)
        extra_domain = self._get_sale_list_extra_domain(filters, params)
        if extra_domain:
            request.update_context(client_portal_sale_domain=extra_domain)
        native_keys = ("page", "date_begin", "date_end", "sortby")
        values = super()._prepare_sale_portal_rendering_values(
            quotation_page=quotation_page,
            **{key: params[key] for key in native_keys if key in params},
        )
        if extra_domain:
            # The native pager does not know the filter: rebuild its links.
            partner = request.env.user.partner_id
            domain = (
                self._prepare_quotations_domain(partner)
                if quotation_page
                else self._prepare_orders_domain(partner)
            ) + self._get_sale_list_date_domain(params)
            values["pager"] = self._get_sale_list_pager(
                values["default_url"], domain, params, values.get("sortby")
            )
        values.update(self._get_sale_list_searchbar_values(filters, params))
        return values

    # One list of the client's orders and proposals ------------------------------

    def _prepare_client_sales_rendering_values(self, **kwargs):
        filters = self._get_client_sales_searchbar_filters()
        params = self._clean_sale_list_params(kwargs, filters)
        sortings = self._get_sale_searchbar_sortings()
        sortby = params.get("sortby") or "date"
        SaleOrder = request.env["sale.order"]
        domain = (
            SaleOrder._get_portal_sales_domain(request.env.user.partner_id)
            + self._get_sale_list_extra_domain(filters, params)
            + self._get_sale_list_date_domain(params)
        )
        pager = self._get_sale_list_pager("/my/sales", domain, params, sortby)
        sales = SaleOrder.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(self._get_sale_list_searchbar_values(filters, params))
        values.update(
            {
                "sales": sales.sudo(),
                "page_name": "client_sales",
                "pager": pager,
                "default_url": "/my/sales",
                "sortby": sortby,
                "searchbar_sortings": sortings,
                "date": params.get("date_begin"),
            }
        )
        return values

    @http.route(
        ["/my/sales", "/my/sales/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_sales(self, **kwargs):
        values = self._prepare_client_sales_rendering_values(**kwargs)
        return request.render("client_portal.portal_my_sales", values)

    # Order page -------------------------------------------------------------------

    @http.route()
    def portal_order_page(self, order_id, portal_notice=None, **kw):
        response = super().portal_order_page(order_id, **kw)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("sale_order"):
            order_sudo = qcontext["sale_order"]
            message = order_sudo._get_portal_notice_message(portal_notice or "")
            qcontext.update(
                {
                    "client_portal_notice": message,
                    "client_portal_notice_success": portal_notice in SUCCESS_NOTICES,
                }
            )
        return response

    def _get_portal_actor(self, order_sudo):
        """The partner acting: the logged-in user, or the customer for a token."""
        if request.env.user._is_public():
            return order_sudo.partner_id
        return request.env.user.partner_id

    def _redirect_with_notice(self, order_sudo, code):
        return request.redirect(
            order_sudo.get_portal_url(
                query_string=f"&portal_notice={code}", anchor="portal_contract_area"
            )
        )

    @http.route(
        ["/my/orders/<int:order_id>/signed_contract"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_order_signed_contract_document(
        self, order_id, access_token=None, file=None, **kw
    ):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        content, filename = self._read_signed_contract_document_upload(order_sudo, file)
        try:
            order_sudo._portal_store_signed_contract(
                filename, content, self._get_portal_actor(order_sudo)
            )
        except PortalApprovalError as error:
            return self._redirect_with_notice(order_sudo, error.code)
        return self._redirect_with_notice(order_sudo, "uploaded")

    def _read_signed_contract_document_upload(self, order_sudo, file):
        """Read at most one byte past the size limit, so an oversize upload is
        refused without being held whole in memory."""
        if not file or not hasattr(file, "read"):
            return b"", ""
        max_size = order_sudo._get_signed_contract_document_max_size()
        content = file.read(max_size + 1) if max_size else file.read()
        return content, file.filename or ""

    @http.route(
        ["/my/orders/<int:order_id>/approve"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_order_approve(self, order_id, access_token=None, **kw):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            approved = order_sudo._portal_approve(
                self._get_portal_actor(order_sudo), request.httprequest.remote_addr
            )
        except PortalApprovalError as error:
            return self._redirect_with_notice(order_sudo, error.code)
        return self._redirect_with_notice(
            order_sudo, "approved" if approved else "already_approved"
        )

    @http.route(
        ["/my/orders/<int:order_id>/contract/<string:kind>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_order_contract_document_download(
        self, order_id, kind, access_token=None, **kw
    ):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if kind not in CONTRACT_DOCUMENT_KINDS:
            return request.not_found()
        attachment_sudo = (
            order_sudo.contract_attachment_id
            if kind == "to_sign"
            else order_sudo.signed_contract_attachment_id
        )
        if not attachment_sudo:
            return request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )


class PaymentPortal(sale_portal.PaymentPortal):
    @http.route()
    def portal_order_transaction(self, order_id, access_token, **kwargs):
        # Paying online would confirm a gated quotation without the signed contract
        # document and without staff: the page hides it (`_has_to_be_paid`), and
        # the order refuses it here too. A wrong id or token is refused by super.
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token
            )
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo:
            order_sudo._check_online_payment_allowed()
        return super().portal_order_transaction(order_id, access_token, **kwargs)
