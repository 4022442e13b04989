from datetime import timedelta

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers import portal as sale_portal

from ..models.sale_order import PortalApprovalError

SUCCESS_NOTICES = ("uploaded", "approved")
CONTRACT_KINDS = ("to_sign", "signed")


class CustomerPortal(sale_portal.CustomerPortal):
    # Home --------------------------------------------------------------------------

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, "qcontext", None) is not None:
            response.qcontext.update(self._prepare_client_portal_home_values())
        return response

    def _prepare_client_portal_home_values(self, limit=5):
        """Latest quotations and orders (P1) and the office contact e-mail."""
        partner = request.env.user.partner_id
        SaleOrder = request.env["sale.order"]
        orders = SaleOrder
        if SaleOrder.has_access("read"):
            orders = SaleOrder.search(
                [
                    (
                        "message_partner_ids",
                        "child_of",
                        [partner.commercial_partner_id.id],
                    ),
                    ("state", "in", ("sent", "sale")),
                ],
                order="date_order desc, id desc",
                limit=limit,
            )
        # Portal users may read neither payment terms (installments) nor the
        # company's settings; the orders were searched with their own rights.
        company_sudo = request.env.user.company_id.sudo()
        return {
            "latest_orders": orders.sudo(),
            "office_contact_email": company_sudo.portal_contact_email,
        }

    # Lists: filters and search (P2) ----------------------------------------------

    def _get_sale_searchbar_sortings(self):
        sortings = super()._get_sale_searchbar_sortings()
        sortings["name"] = {"label": _("Reference"), "order": "name desc"}
        return sortings

    def _get_sale_searchbar_filters(self, quotation_page):
        now = fields.Datetime.now()
        filters = {"all": {"label": _("All"), "domain": []}}
        if quotation_page:
            filters.update(
                {
                    "to_sign": {
                        "label": _("Awaiting signed contract"),
                        "domain": [
                            ("portal_approval_state", "in", ("to_sign", "rejected"))
                        ],
                    },
                    "signed": {
                        "label": _("Signed, awaiting approval"),
                        "domain": [("portal_approval_state", "=", "signed")],
                    },
                    "approved": {
                        "label": _("Approved, awaiting invoicing"),
                        "domain": [("portal_approval_state", "=", "approved")],
                    },
                }
            )
        else:
            filters.update(
                {
                    "to_invoice": {
                        "label": _("To invoice"),
                        "domain": [("invoice_status", "=", "to invoice")],
                    },
                    "invoiced": {
                        "label": _("Fully invoiced"),
                        "domain": [("invoice_status", "=", "invoiced")],
                    },
                }
            )
        filters.update(
            {
                "last_30_days": {
                    "label": _("Last 30 days"),
                    "domain": [("date_order", ">=", now - timedelta(days=30))],
                },
                "last_365_days": {
                    "label": _("Last 12 months"),
                    "domain": [("date_order", ">=", now - timedelta(days=365))],
                },
            }
        )
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

    def _prepare_sale_portal_rendering_values(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        quotation_page=False,
        filterby=None,
        search=None,
        search_in="name",
        **kwargs,
    ):
        filters = self._get_sale_searchbar_filters(quotation_page)
        inputs = self._get_sale_searchbar_inputs()
        if filterby not in filters:
            filterby = "all"
        if search_in not in inputs:
            search_in = "name"
        extra_domain = list(filters[filterby]["domain"])
        if search:
            extra_domain.append((search_in, "ilike", search))
        if extra_domain:
            request.update_context(client_portal_sale_domain=extra_domain)
        values = super()._prepare_sale_portal_rendering_values(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=sortby,
            quotation_page=quotation_page,
            **kwargs,
        )
        if extra_domain:
            # The native pager does not know the filter: rebuild its links.
            partner = request.env.user.partner_id
            domain = (
                self._prepare_quotations_domain(partner)
                if quotation_page
                else self._prepare_orders_domain(partner)
            )
            if date_begin and date_end:
                domain += [
                    ("create_date", ">", date_begin),
                    ("create_date", "<=", date_end),
                ]
            values["pager"] = portal_pager(
                url=values["default_url"],
                total=request.env["sale.order"].search_count(domain),
                page=page,
                step=self._items_per_page,
                url_args={
                    "date_begin": date_begin,
                    "date_end": date_end,
                    "sortby": values.get("sortby"),
                    "filterby": filterby,
                    "search_in": search_in,
                    "search": search,
                },
            )
        values.update(
            {
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return values

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
    def portal_order_signed_contract(
        self, order_id, access_token=None, file=None, **kw
    ):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        content, filename = self._read_signed_contract_upload(order_sudo, file)
        try:
            order_sudo._portal_store_signed_contract(
                filename, content, self._get_portal_actor(order_sudo)
            )
        except PortalApprovalError as error:
            return self._redirect_with_notice(order_sudo, error.code)
        return self._redirect_with_notice(order_sudo, "uploaded")

    def _read_signed_contract_upload(self, order_sudo, file):
        """Read at most one byte past the size limit, so an oversize upload is
        refused without being held whole in memory."""
        if not file or not hasattr(file, "read"):
            return b"", ""
        max_size = order_sudo.company_id.portal_contract_max_size_mb
        content = file.read(max_size * 1024 * 1024 + 1) if max_size else file.read()
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
    def portal_order_contract_download(self, order_id, kind, access_token=None, **kw):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if kind not in CONTRACT_KINDS:
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
        # and without staff: the page hides it, and the server refuses it too.
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token
            )
        except (AccessError, MissingError):
            order_sudo = None
        if (
            order_sudo
            and order_sudo.require_signed_contract
            and order_sudo.state in ("draft", "sent")
        ):
            raise ValidationError(
                _(
                    "This quotation is approved with its signed contract and then "
                    "confirmed by our office; it cannot be paid online before that."
                )
            )
        return super().portal_order_transaction(order_id, access_token, **kwargs)
