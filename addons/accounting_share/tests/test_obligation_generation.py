import base64
from datetime import date

import psycopg2

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .obligation_common import ObligationCommon

DAY = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestObligationGeneration(ObligationCommon):
    def setUp(self):
        super().setUp()
        self.obligation_model = self.env["accounting.share.obligation"].sudo()

    def test_generation_is_idempotent(self):
        tasks, remaining = self.obligation_model._generate_tasks(DAY)
        self.assertEqual(len(tasks), 6)
        self.assertEqual(remaining, 0)
        # A client without company or portal user still gets its tasks.
        self.assertIn(self.client_c, tasks.partner_id)
        task = tasks.filtered(
            lambda t: t.obligation_id == self.das and t.partner_id == self.client_a
        )
        self.assertEqual(task.obligation_period, date(2026, 3, 1))
        self.assertEqual(task.date_deadline.date(), date(2026, 4, 20))
        self.assertEqual(task.obligation_target_date, date(2026, 4, 16))
        again, remaining = self.obligation_model._generate_tasks(DAY)
        self.assertFalse(again)
        self.assertEqual(len(self._tasks()), 6)

    def test_batches(self):
        tasks, remaining = self.obligation_model._generate_tasks(DAY, batch_size=4)
        self.assertEqual((len(tasks), remaining), (4, 2))
        tasks, remaining = self.obligation_model._generate_tasks(DAY, batch_size=4)
        self.assertEqual((len(tasks), remaining), (2, 0))

    def test_a_concurrent_run_adds_nothing(self):
        # A second run read the same missing pairs before the first one created them.
        obligations = self.obligation_model.search([])
        stale_values = self.obligation_model._prepare_tasks_values(
            obligations._get_missing_pairs(DAY), DAY
        )
        self.obligation_model._generate_tasks(DAY)
        with mute_logger("odoo.sql_db"):
            late = self.obligation_model._create_tasks(stale_values)
        self.assertFalse(late)
        self.assertEqual(len(self._tasks()), 6)
        # The database itself refuses the duplicate, whatever the path.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env["project.task"].sudo().create(stale_values[0])

    def _attach(self, task):
        return self.env["ir.attachment"].create(
            {
                "name": "guia-das.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 guia"),
                "res_model": "project.task",
                "res_id": task.id,
            }
        )

    def test_dispatch_closes_its_task(self):
        tasks, _remaining = self.obligation_model._generate_tasks(DAY)
        task_a = tasks.filtered(
            lambda t: t.obligation_id == self.das and t.partner_id == self.client_a
        )
        other = tasks.filtered(
            lambda t: t.obligation_id == self.fgts and t.partner_id == self.client_a
        )
        self._attach(task_a)
        action = task_a.with_user(self.staff).action_obligation_send()
        dispatch = self.env["accounting.share.dispatch"].browse(action["res_id"])
        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(task_a.state, "1_done")
        self.assertEqual(task_a.obligation_dispatch_id, dispatch)
        self.assertEqual(other.state, "01_in_progress")

    def test_failed_dispatch_leaves_task_open(self):
        tasks, _remaining = self.obligation_model._generate_tasks(DAY)
        task_c = tasks.filtered(
            lambda t: t.obligation_id == self.das and t.partner_id == self.client_c
        )
        self._attach(task_c)
        action = task_c.with_user(self.staff).action_obligation_send()
        dispatch = self.env["accounting.share.dispatch"].browse(action["res_id"])
        self.assertEqual(dispatch.state, "failed")
        self.assertNotEqual(task_c.state, "1_done")
        self.assertFalse(task_c.obligation_dispatch_id)

    def test_staff_cannot_set_obligation_fields(self):
        tasks, _remaining = self.obligation_model._generate_tasks(DAY)
        with self.assertRaises(AccessError):
            tasks[0].with_user(self.staff).write({"obligation_id": self.fgts.id})

    def test_client_without_company_or_portal_user_is_worked_by_staff(self):
        self.assertFalse(self.client_c.shared_company_id)
        self.assertFalse(self.client_c.user_ids)
        self.obligation_model._generate_tasks(DAY)
        tasks_c = (
            self.env["project.task"]
            .with_user(self.staff)
            .search([("partner_id", "=", self.client_c.id)])
        )
        self.assertEqual(tasks_c.obligation_id, self.das | self.fgts)


@tagged("post_install", "-at_install")
class TestGenerateThisPeriod(ObligationCommon):
    """The back end's "Generate This Period": its scope and what it says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        project_c = cls.env["project.project"].create(
            {"name": "Obligations C", "company_id": cls.company_c.id}
        )
        cls.iss_c = cls.env["accounting.share.obligation"].create(
            {
                "name": "ISS C",
                "code": "ISS",
                "company_id": cls.company_c.id,
                "project_id": project_c.id,
                "partner_ids": [(6, 0, cls.client_b.ids)],
            }
        )
        cls.archived = cls._obligation("OLD", active=False)

    def _generate_as(self, user, obligations):
        action = obligations.with_user(user).action_generate_tasks()
        return action["params"]

    def test_selected_obligations_only(self):
        params = self._generate_as(self.staff, self.das)
        self.assertEqual(params["type"], "success")
        self.assertIn("3 tasks created for 1 obligations", params["message"])
        # Its three clients, the current period, and nothing else.
        tasks = self._tasks(self.das | self.fgts | self.archived | self.iss_c)
        self.assertEqual(tasks.obligation_id, self.das)
        self.assertEqual(
            tasks.partner_id, self.client_a | self.client_b | self.client_c
        )
        period = self.das._get_period_start(date.today())
        self.assertEqual(set(tasks.mapped("obligation_period")), {period})
        # Again: nothing more.
        params = self._generate_as(self.staff, self.das)
        self.assertIn("0 tasks created", params["message"])

    def test_archived_selection_is_skipped(self):
        params = self._generate_as(self.staff, self.das | self.archived)
        self.assertIn("3 tasks created for 1 obligations", params["message"])
        self.assertFalse(self._tasks(self.archived))

    def test_no_selection_is_every_active_obligation_of_the_allowed_companies(self):
        obligation_model = self.env["accounting.share.obligation"]
        # The staff member works in the office company only.
        params = self._generate_as(self.staff, obligation_model)
        self.assertIn("6 tasks created for 2 obligations", params["message"])
        self.assertFalse(self._tasks(self.iss_c | self.archived))
        # The manager, in both companies, gets the other company's too.
        params = self._generate_as(self.manager, obligation_model)
        self.assertIn("1 tasks created for 3 obligations", params["message"])
        self.assertEqual(self._tasks(self.iss_c).partner_id, self.client_b)

    def test_staff_cannot_generate_another_company_obligation(self):
        with self.assertRaises(AccessError):
            self.iss_c.with_user(self.staff).action_generate_tasks()
        self.assertFalse(self._tasks(self.iss_c))

    def test_portal_user_cannot_generate(self):
        with self.assertRaises(AccessError):
            self.das.with_user(self.portal_a).action_generate_tasks()
        self.assertFalse(self._tasks(self.das))
