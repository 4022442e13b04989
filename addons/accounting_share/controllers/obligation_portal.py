from datetime import date

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reseller_guard.tools import document_or_404


class AccountingShareObligationPortal(CustomerPortal):
    """The client's obligations of the month and its dossiers: read only."""

    def _accounting_share_client(self):
        return request.env.user.partner_id.commercial_partner_id

    def _accounting_share_period(self, period):
        """The first day of the month asked (`YYYY-MM`), else of this month."""
        try:
            year, month = (int(part) for part in (period or "").split("-"))
            return date(year, month, 1)
        except (TypeError, ValueError):
            return fields.Date.context_today(request.env.user).replace(day=1)

    @http.route(["/my/obligations"], type="http", auth="user", website=True)
    def portal_my_obligations(self, period=None, **kw):
        client = self._accounting_share_client()
        if not client.accounting_share_obligations:
            raise NotFound()
        period_start = self._accounting_share_period(period)
        tasks = request.env["project.task"]._accounting_share_portal_obligations(
            client, period_start
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "accounting_share_obligations",
                "tasks": tasks,
                "period_start": period_start,
            }
        )
        return request.render("accounting_share.portal_my_obligations", values)

    @http.route(["/my/dossiers"], type="http", auth="user", website=True)
    def portal_my_dossiers(self, **kw):
        client = self._accounting_share_client()
        if client.accounting_share_dossiers == "none":
            raise NotFound()
        tasks = request.env["project.task"]._accounting_share_portal_dossiers(client)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "accounting_share_dossiers", "tasks": tasks})
        return request.render("accounting_share.portal_my_dossiers", values)

    @http.route(["/my/dossiers/<int:task_id>"], type="http", auth="user", website=True)
    def portal_my_dossier(self, task_id, **kw):
        task_sudo = document_or_404(self, "project.task", task_id)
        if not task_sudo.accounting_share_dossier:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "accounting_share_dossier", "task": task_sudo})
        return request.render("accounting_share.portal_my_dossier", values)
