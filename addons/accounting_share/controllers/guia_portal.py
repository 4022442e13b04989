from datetime import date

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import document_or_404, flash

PROTOCOL_REPORT = "accounting_share.accounting_share_receipt_report"


class AccountingShareGuiaPortal(CustomerPortal):
    """The client's guias (Documents > Sent) and its delivery protocols."""

    _accounting_share_guias_per_page = 20

    def _accounting_share_guias_hidden(self):
        """Guias follow the client's "Share Documents" flag, like its files."""
        user = request.env.user
        return user.share and not user.commercial_partner_id.accounting_share_documents

    def _accounting_share_guia_domain(self):
        return [
            ("partner_id", "=", request.env.user.commercial_partner_id.id),
            ("document_type", "=", "guia"),
            ("state", "=", "sent"),
        ]

    # EXTENDS portal
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "accounting_share_guia_count" in counters:
            dispatch_model = request.env["accounting.share.dispatch"]
            values["accounting_share_guia_count"] = (
                dispatch_model.search_count(
                    self._accounting_share_guia_domain()
                    + [("first_read_date", "=", False)]
                )
                if dispatch_model.has_access("read")
                and not self._accounting_share_guias_hidden()
                else 0
            )
        return values

    @http.route(
        ["/my/guias", "/my/guias/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_guias(self, page=1, **kw):
        if self._accounting_share_guias_hidden():
            raise NotFound()
        dispatch_model = request.env["accounting.share.dispatch"]
        domain = self._accounting_share_guia_domain()
        pager = portal_pager(
            url="/my/guias",
            total=dispatch_model.search_count(domain),
            page=page,
            step=self._accounting_share_guias_per_page,
        )
        guias = dispatch_model.search_fetch(
            domain,
            ["name", "period", "due_date", "amount", "currency_id", "file_id"]
            + ["first_read_date", "receipt_id"],
            order="due_date desc, id desc",
            limit=self._accounting_share_guias_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "accounting_share_guias",
                "guias": guias,
                "pager": pager,
                "today": fields.Date.context_today(request.env.user),
                "month_start": fields.Date.context_today(request.env.user).replace(
                    day=1
                ),
            }
        )
        return request.render("accounting_share.portal_my_guias", values)

    @http.route(["/my/guias/<int:dispatch_id>/protocol"], type="http", auth="user")
    def portal_my_guia_protocol(self, dispatch_id, **kw):
        if self._accounting_share_guias_hidden():
            raise NotFound()
        dispatch_sudo = document_or_404(self, "accounting.share.dispatch", dispatch_id)
        if not dispatch_sudo.receipt_id:
            raise NotFound()
        return self._accounting_share_protocol_response(dispatch_sudo.receipt_id)

    @http.route(["/my/guias/protocol"], type="http", auth="user")
    def portal_my_guias_period_protocol(self, date_from=None, date_to=None, **kw):
        """The protocol of everything sent to the client over a period."""
        if self._accounting_share_guias_hidden():
            raise NotFound()
        today = fields.Date.context_today(request.env.user)
        start = self._accounting_share_date(date_from) or today.replace(day=1)
        end = self._accounting_share_date(date_to) or today
        if not start <= end <= start + relativedelta(years=1):
            flash(_("Choose a period of at most one year for the protocol."), "warning")
            return request.redirect("/my/guias")
        # As the user: the record rules keep the receipts to the client's own.
        receipts = request.env["accounting.share.receipt"]._search_protocol(
            request.env.user.commercial_partner_id, start, end
        )
        if not receipts:
            raise NotFound()
        return self._accounting_share_protocol_response(receipts.sudo())

    def _accounting_share_date(self, value):
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    def _accounting_share_protocol_response(self, receipts_sudo):
        """The protocol PDF of receipts already checked as the user's."""
        # sudo: rendered for receipts checked above; the template reads the
        # office's company and the dispatch, which the client may not read.
        content, report_format = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(PROTOCOL_REPORT, res_ids=receipts_sudo.ids)
        )
        # Odoo renders HTML instead of PDF while its tests run.
        extension = "pdf" if report_format == "pdf" else "html"
        name = f"protocolo-{receipts_sudo[:1].sequence}.{extension}"
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/pdf" if extension == "pdf" else "text/html",
                ),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
