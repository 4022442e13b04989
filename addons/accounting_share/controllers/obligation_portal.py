from datetime import date

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import document_or_404


class AccountingShareObligationPortal(CustomerPortal):
    """The client's obligations of the month and its dossiers: read only."""

    def _accounting_share_client(self):
        return request.env.user.partner_id.commercial_partner_id

    def _accounting_share_this_month(self):
        return fields.Date.context_today(request.env.user).replace(day=1)

    def _accounting_share_period(self, period):
        """The first day of the month asked (`YYYY-MM`), else of this month."""
        try:
            year, month = (int(part) for part in (period or "").split("-"))
            return date(year, month, 1)
        except (TypeError, ValueError):
            return self._accounting_share_this_month()

    # EXTENDS portal
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        task_model = request.env["project.task"]
        # One count each; the record rules leave out what the client does not share.
        if "accounting_share_obligation_count" in counters:
            values["accounting_share_obligation_count"] = (
                task_model.search_count(
                    task_model._accounting_share_month_obligations_domain(
                        self._accounting_share_client(),
                        self._accounting_share_this_month(),
                    )
                )
                if task_model.has_access("read")
                else 0
            )
        if "accounting_share_dossier_count" in counters:
            values["accounting_share_dossier_count"] = (
                task_model.search_count(
                    task_model._accounting_share_dossiers_domain(
                        self._accounting_share_client()
                    )
                )
                if task_model.has_access("read")
                else 0
            )
        return values

    @http.route(["/my/obligations"], type="http", auth="user", website=True)
    def portal_my_obligations(self, period=None, **kw):
        client = self._accounting_share_client()
        if not client.accounting_share_obligations:
            raise NotFound()
        month_start = self._accounting_share_period(period)
        tasks = request.env["project.task"]._accounting_share_portal_obligations(
            client, month_start
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "accounting_share_obligations",
                "tasks": tasks,
                "period_start": month_start,
                "previous_period": month_start - relativedelta(months=1),
                "next_period": month_start + relativedelta(months=1),
            }
        )
        return request.render("accounting_share.portal_my_obligations", values)

    @http.route(
        ["/my/dossiers", "/my/dossiers/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_dossiers(self, page=1, **kw):
        client = self._accounting_share_client()
        if client.accounting_share_dossiers == "none":
            raise NotFound()
        task_model = request.env["project.task"]
        pager = portal_pager(
            url="/my/dossiers",
            total=task_model.search_count(
                task_model._accounting_share_dossiers_domain(client)
            ),
            page=page,
            step=self._items_per_page,
        )
        tasks = task_model._accounting_share_portal_dossiers(
            client, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "accounting_share_dossiers", "tasks": tasks, "pager": pager}
        )
        return request.render("accounting_share.portal_my_dossiers", values)

    @http.route(["/my/dossiers/<int:task_id>"], type="http", auth="user", website=True)
    def portal_my_dossier(self, task_id, **kw):
        task_sudo = document_or_404(self, "project.task", task_id)
        if not task_sudo.accounting_share_dossier:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "accounting_share_dossier", "task": task_sudo})
        return request.render("accounting_share.portal_my_dossier", values)
