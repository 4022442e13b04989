import base64
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged

from .obligation_common import ObligationCommon


@tagged("post_install", "-at_install")
class TestObligationTour(ObligationCommon, HttpCase):
    def test_generate_send_and_see_it_sent(self):
        self.start_tour(
            f"/odoo/action-accounting_share.accounting_share_obligation_action/{self.das.id}",
            "accounting_share_obligation_generate_tour",
            login="share_staff",
        )
        task = self._tasks(self.das).filtered(lambda t: t.partner_id == self.client_a)
        self.assertEqual(len(task), 1)
        self.env["ir.attachment"].create(
            {
                "name": "guia-das.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 guia"),
                "res_model": "project.task",
                "res_id": task.id,
            }
        )
        self.start_tour(
            f"/odoo/action-accounting_share.project_task_action_obligations/{task.id}",
            "accounting_share_obligation_send_tour",
            login="share_staff",
        )
        self.assertEqual(task.state, "1_done")
        self.assertTrue(task.obligation_dispatch_id)
        # This period's task falls due next month, where the client finds it.
        self.assertEqual(
            f"{task.date_deadline:%Y-%m}",
            f"{date.today().replace(day=1) + relativedelta(months=1):%Y-%m}",
        )
        self.start_tour(
            "/my/obligations",
            "accounting_share_obligation_portal_tour",
            login="portal_a",
        )
