from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import clean_list_params, document_or_404

from ..models.accounting_share_publication import PAGE_SIZE

INVOICE_COUNTERS = frozenset({"invoice_count", "bill_count", "overdue_invoice_count"})


class AccountingSharePortal(PortalAccount):
    """Client pages of the shared accounting: only published snapshots are read."""

    def _accounting_share_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _accounting_share_invoices_hidden(self):
        return not request.env.user._is_internal() and (
            not self._accounting_share_partner().accounting_share_invoices
        )

    # EXTENDS account
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "accounting_share_count" in counters:
            publication_model = request.env["accounting.share.publication"]
            values["accounting_share_count"] = (
                publication_model.search_count(self._accounting_share_domain())
                if publication_model.has_access("read")
                else 0
            )
        # Only when an invoice counter was asked: the flag costs a read otherwise saved.
        invoice_counters = INVOICE_COUNTERS.intersection(values)
        if invoice_counters and self._accounting_share_invoices_hidden():
            values.update(dict.fromkeys(invoice_counters, 0))
        return values

    # EXTENDS account
    @http.route()
    def portal_my_invoices(self, **kw):
        if self._accounting_share_invoices_hidden():
            raise NotFound()
        # Odoo's list indexes its dictionaries with the raw values: what it does
        # not know falls back to its default instead of a 500.
        kw = clean_list_params(
            kw,
            sortings=self._get_account_searchbar_sortings(),
            filters=self._get_account_searchbar_filters(),
        )
        return super().portal_my_invoices(**kw)

    # EXTENDS account
    @http.route()
    def portal_my_invoice_detail(self, invoice_id, *args, **kw):
        if self._accounting_share_invoices_hidden():
            raise NotFound()
        return super().portal_my_invoice_detail(invoice_id, *args, **kw)

    def _accounting_share_domain(self):
        return [
            ("partner_id", "=", self._accounting_share_partner().id),
            ("portal_visible", "=", True),
        ]

    def _accounting_share_get_publication(self, publication_id):
        """The publication if this user may read it, else 404 (no existence leak)."""
        publication_sudo = document_or_404(
            self, "accounting.share.publication", publication_id
        )
        if not publication_sudo.portal_visible:
            raise NotFound()
        return publication_sudo

    @http.route(
        ["/my/accounting", "/my/accounting/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accounting(self, page=1, **kw):
        partner = self._accounting_share_partner()
        # Paged: the list costs the same queries for ten publications as for
        # years of monthly ones.
        publication_model = request.env["accounting.share.publication"]
        domain = self._accounting_share_domain()
        pager = portal_pager(
            url="/my/accounting",
            total=publication_model.search_count(domain),
            page=clean_list_params({"page": page})["page"],
            step=self._items_per_page,
        )
        publications = publication_model.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        report_types = dict(request.env["accounting.share.report"]._get_report_types())
        shared_types = partner.sudo()._accounting_share_shared_report_types()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "accounting_share",
                "publications": publications,
                "pager": pager,
                "shared_report_types": [
                    (report_type, report_types[report_type])
                    for report_type in shared_types
                ],
                "share_documents": partner.accounting_share_documents,
                "share_invoices": partner.accounting_share_invoices,
            }
        )
        return request.render("accounting_share.portal_my_accounting", values)

    @http.route(
        [
            "/my/accounting/<int:publication_id>",
            "/my/accounting/<int:publication_id>/page/<int:page>",
        ],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accounting_publication(self, publication_id, page=1, **kw):
        publication_sudo = self._accounting_share_get_publication(publication_id)
        # ?page=... arrives as text: anything but a number is the first page.
        page = int(page) if str(page).isdigit() else 1
        values = self._prepare_portal_layout_values()
        render_values = publication_sudo._get_render_values(page=page)
        values.update(
            {
                "page_name": "accounting_share_publication",
                **render_values,
            }
        )
        if render_values.get("line_total", 0) > PAGE_SIZE:
            # A ledger's lines are read one page at a time: the same queries for
            # fifty lines and for a year of them.
            values["pager"] = portal_pager(
                url=f"/my/accounting/{publication_id}",
                total=render_values["line_total"],
                page=page,
                step=PAGE_SIZE,
            )
        return request.render(
            "accounting_share.portal_my_accounting_publication", values
        )

    @http.route(
        ["/my/accounting/<int:publication_id>/pdf"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accounting_publication_pdf(self, publication_id, **kw):
        publication_sudo = self._accounting_share_get_publication(publication_id)
        attachment_sudo = publication_sudo.pdf_attachment_id
        if not attachment_sudo:
            raise NotFound()
        return request.make_response(
            attachment_sudo.raw,
            headers=[
                ("Content-Type", attachment_sudo.mimetype),
                ("Content-Disposition", content_disposition(attachment_sudo.name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @http.route(
        ["/my/accounting/<int:publication_id>/xlsx"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_accounting_publication_xlsx(self, publication_id, **kw):
        publication_sudo = self._accounting_share_get_publication(publication_id)
        # The XLSX is rendered as the portal user, who may read this publication.
        publication = publication_sudo.with_user(request.env.user)
        content = publication._render_xlsx()
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    "Content-Disposition",
                    content_disposition(publication._get_file_name("xlsx")),
                ),
            ],
        )
