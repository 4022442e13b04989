from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .obligation_common import ObligationCommon

DAY = date.today()


@tagged("post_install", "-at_install")
class TestObligationPortal(ObligationCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tasks, _remaining = (
            cls.env["accounting.share.obligation"].sudo()._generate_tasks(DAY)
        )
        cls.task_a = cls.tasks.filtered(
            lambda t: t.partner_id == cls.client_a and t.obligation_id == cls.das
        )
        cls.task_b = cls.tasks.filtered(
            lambda t: t.partner_id == cls.client_b and t.obligation_id == cls.das
        )
        cls.dossier_project = cls.env["project.project"].create(
            {"name": "Dossiers", "accounting_share_dossier": True}
        )
        cls.dossier_open = cls._dossier("Abertura de filial", cls.client_a)
        cls.dossier_closed = cls._dossier("IRPF 2025", cls.client_a, state="1_done")
        cls.dossier_b = cls._dossier("Rescisao B", cls.client_b)
        (cls.client_a | cls.client_b).write({"accounting_share_dossiers": "open"})

    @classmethod
    def _dossier(cls, name, client, state="01_in_progress"):
        return cls.env["project.task"].create(
            {
                "name": name,
                "project_id": cls.dossier_project.id,
                "partner_id": client.id,
                "state": state,
            }
        )

    def test_obligations_page(self):
        self.authenticate("portal_a", "portal_a")
        # Listed in the month the task falls due.
        response = self.url_open(
            f"/my/obligations?period={self.task_a.date_deadline:%Y-%m}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-task-id="{self.task_a.id}"', response.text)
        self.assertNotIn(f'data-task-id="{self.task_b.id}"', response.text)
        self.assertIn("Pending", response.text)
        self.client_a.accounting_share_obligations = False
        self.assertEqual(self.url_open("/my/obligations").status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/obligations", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_dossier_pages(self):
        self.authenticate("portal_a", "portal_a")
        listing = self.url_open("/my/dossiers")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Abertura de filial", listing.text)
        self.assertNotIn("IRPF 2025", listing.text)
        self.assertNotIn("Rescisao B", listing.text)
        self.assertEqual(
            self.url_open(f"/my/dossiers/{self.dossier_open.id}").status_code, 200
        )
        for task in (self.dossier_closed, self.dossier_b, self.task_a):
            self.assertEqual(self.url_open(f"/my/dossiers/{task.id}").status_code, 404)
        self.client_a.accounting_share_dossiers = "all"
        self.assertEqual(
            self.url_open(f"/my/dossiers/{self.dossier_closed.id}").status_code, 200
        )
        self.client_a.accounting_share_dossiers = "none"
        self.assertEqual(self.url_open("/my/dossiers").status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/dossiers/{self.dossier_open.id}").status_code, 404
        )

    def test_rpc_access(self):
        task_model = self.env["project.task"]
        for user in (self.portal_a, self.portal_a_colleague):
            task_model.with_user(user).browse(self.task_a.id).check_access("read")
            with self.assertRaises(AccessError):
                task_model.with_user(user).browse(self.task_b.id).check_access("read")
            with self.assertRaises(AccessError):
                task_model.with_user(user).browse(self.dossier_b.id).check_access(
                    "read"
                )
            with self.assertRaises(AccessError):
                self.task_a.with_user(user).write({"state": "1_done"})
            with self.assertRaises(AccessError):
                task_model.with_user(user).create(
                    {"name": "Mine", "project_id": self.project.id}
                )
        visible = task_model.with_user(self.portal_b).search([])
        self.assertNotIn(self.task_a, visible)
        self.assertNotIn(self.dossier_open, visible)
        self.assertIn(self.task_b, visible)

    def _dossier_list_queries(self, count):
        self.env["project.task"].create(
            [
                {
                    "name": f"Dossier {count} {n}",
                    "project_id": self.dossier_project.id,
                    "partner_id": self.client_a.id,
                }
                for n in range(count)
            ]
        )
        self.env.invalidate_all()
        portal_env = self.env(user=self.portal_a)
        before = self.cr.sql_log_count
        tasks = portal_env["project.task"]._accounting_share_portal_dossiers(
            self.client_a
        )
        # What the list template reads.
        rows = [(t.name, t.stage_id.name, t.date_deadline) for t in tasks]
        self.assertGreaterEqual(len(rows), count)
        return self.cr.sql_log_count - before

    def test_dossier_list_queries_do_not_grow(self):
        self._dossier_list_queries(1)  # the caches of rules and views, once
        self.assertEqual(self._dossier_list_queries(5), self._dossier_list_queries(495))

    def test_rpc_and_content_doors(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "guia.pdf",
                "raw": b"%PDF-1.4 guia",
                "res_model": "project.task",
                "res_id": self.task_a.id,
            }
        )
        self.authenticate("portal_b", "portal_b")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "project.task",
                "method": "search_read",
                "args": [[("obligation_id", "!=", False)]],
                "kwargs": {"fields": ["name"]},
            },
        )
        tasks_b = self.tasks.filtered(lambda t: t.partner_id == self.client_b)
        self.assertEqual({row["id"] for row in result}, set(tasks_b.ids))
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "project.task",
                    "method": "read",
                    "args": [self.task_a.ids, ["name"]],
                    "kwargs": {},
                },
            )
        response = self.url_open(f"/web/content/{attachment.id}")
        self.assertEqual(response.status_code, 404)
