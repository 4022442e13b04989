from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import clean_list_params, document_or_404, flash

from .portal import (
    ResellerFilesPortal,
    _upload_max_content_length,
    _uploaded_entries,
)

REQUEST_FILTERS = {
    "open": [("state", "=", "open")],
    "all": [],
}


class ResellerFileRequestPortal(ResellerFilesPortal):
    _reseller_requests_per_page = 50

    # EXTENDS reseller_files
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "reseller_request_count" in counters:
            Request = request.env["reseller.file.request"]
            values["reseller_request_count"] = (
                Request.search_count(self._reseller_requests_domain("open"))
                if Request.has_access("read")
                else 0
            )
        return values

    def _reseller_requests_domain(self, filterby):
        partner = request.env.user.commercial_partner_id
        return [("partner_id", "child_of", partner.id)] + REQUEST_FILTERS[filterby]

    @http.route(
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_requests(self, page=1, **kwargs):
        params = clean_list_params(dict(kwargs, page=page), filters=REQUEST_FILTERS)
        filterby = params.get("filterby", "open")
        Request = request.env["reseller.file.request"]
        domain = self._reseller_requests_domain(filterby)
        pager = portal_pager(
            url="/my/requests",
            url_args={"filterby": filterby},
            total=Request.search_count(domain),
            page=params["page"],
            step=self._reseller_requests_per_page,
        )
        requests = Request.search_fetch(
            domain,
            ["name", "due_date", "state", "file_count"],
            limit=self._reseller_requests_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "reseller_requests",
                "requests": requests,
                "pager": pager,
                "filterby": filterby,
            }
        )
        return request.render("reseller_files.portal_my_requests", values)

    def _reseller_request_sudo(self, request_id):
        """The request, checked as the user; 404 for another client's."""
        return self._reseller_as_user_sudo(
            document_or_404(self, "reseller.file.request", request_id)
        )

    @http.route(
        ["/my/requests/<int:request_id>"], type="http", auth="user", website=True
    )
    def portal_my_request(self, request_id, **kwargs):
        request_sudo = self._reseller_request_sudo(request_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "reseller_requests",
                "file_request": request_sudo,
                "received": request_sudo.file_ids.filtered("active"),
            }
        )
        return request.render("reseller_files.portal_my_request", values)

    @http.route(
        ["/my/requests/<int:request_id>/upload"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        max_content_length=_upload_max_content_length,
    )
    def portal_my_request_upload(self, request_id, **kwargs):
        request_sudo = self._reseller_request_sudo(request_id)
        entries = _uploaded_entries()
        try:
            with request.env.cr.savepoint():
                files = request_sudo._portal_upload(entries)
        except (UserError, ValidationError) as error:
            flash(error.args[0], "danger")
        else:
            flash(_("%(count)s file(s) uploaded.", count=len(files)), "success")
        return request.redirect(request_sudo.access_url)
