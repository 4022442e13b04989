from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.osv.expression import AND

from odoo.addons.project.controllers.portal import ProjectCustomerPortal
from odoo.addons.reseller_guard.tools import document_or_404

# Obligations show only on /my/obligations, dossiers only on /my/dossiers: Odoo's
# own task list, counter and pages leave them out.
OWN_PAGE_TASKS_EXCLUDED = [
    ("obligation_id", "=", False),
    ("accounting_share_dossier", "=", False),
]


class AccountingShareProjectPortal(ProjectCustomerPortal):
    """Odoo's /my/tasks pages, closed to obligations and dossiers."""

    # EXTENDS project: the same single count, without obligations and dossiers
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(
            [counter for counter in counters if counter != "task_count"]
        )
        if "task_count" in counters:
            task_model = request.env["project.task"]
            values["task_count"] = (
                task_model.search_count(
                    AND([[("project_id", "!=", False)], OWN_PAGE_TASKS_EXCLUDED])
                )
                if task_model.has_access("read")
                else 0
            )
        return values

    # EXTENDS project
    def _prepare_tasks_values(
        self,
        page,
        date_begin,
        date_end,
        sortby,
        search,
        search_in,
        groupby,
        url="/my/tasks",
        domain=None,
        su=False,
        project=False,
    ):
        return super()._prepare_tasks_values(
            page,
            date_begin,
            date_end,
            sortby,
            search,
            search_in,
            groupby,
            url=url,
            domain=AND([domain or [], OWN_PAGE_TASKS_EXCLUDED]),
            su=su,
            project=project,
        )

    # EXTENDS project: its project filters are read from the listed tasks
    def _get_my_tasks_searchbar_filters(self, project_domain=None, task_domain=None):
        return super()._get_my_tasks_searchbar_filters(
            project_domain, AND([task_domain or [], OWN_PAGE_TASKS_EXCLUDED])
        )

    def _accounting_share_task_page_answer(
        self, task_id, access_token=None, project_id=None
    ):
        """The answer that replaces Odoo's task page, or None to let it answer.

        - Staff: Odoo's page.
        - A visitor who is not signed in: Odoo's redirection to /my for
          obligations and dossiers (as for any task it cannot read), whatever the
          token, so the answer never tells an obligation from another task.
        - A signed-in client: 404 for an obligation, and for any task it cannot
          read (Odoo would redirect); a dossier it may read goes to its page under
          /my/dossiers, never through a token.
        """
        user = request.env.user
        if user._is_internal():
            return None
        # sudo: only what kind of task the id is, to choose the answer.
        task_sudo = request.env["project.task"].sudo().browse(task_id).exists()
        ours = task_sudo.obligation_id or task_sudo.accounting_share_dossier
        if user._is_public():
            return request.redirect("/my") if ours else None
        if task_sudo.obligation_id:
            raise NotFound()
        if task_sudo.accounting_share_dossier:
            document_or_404(self, "project.task", task_id)
            return request.redirect(f"/my/dossiers/{task_id}")
        if project_id is None:
            document_or_404(self, "project.task", task_id, access_token=access_token)
        else:
            document_or_404(
                self, "project.project", project_id, access_token=access_token
            )
            if task_sudo.project_id.id != project_id:
                raise NotFound()
        return None

    # EXTENDS project
    @http.route()
    def portal_my_task(
        self, task_id, report_type=None, access_token=None, project_sharing=False, **kw
    ):
        answer = self._accounting_share_task_page_answer(task_id, access_token)
        if answer is not None:
            return answer
        return super().portal_my_task(
            task_id,
            report_type=report_type,
            access_token=access_token,
            project_sharing=project_sharing,
            **kw,
        )

    # EXTENDS project
    @http.route()
    def portal_my_project_task(
        self, project_id=None, task_id=None, access_token=None, **kw
    ):
        answer = self._accounting_share_task_page_answer(
            task_id, access_token, project_id=project_id
        )
        if answer is not None:
            return answer
        return super().portal_my_project_task(
            project_id=project_id, task_id=task_id, access_token=access_token, **kw
        )
