import logging
import re
from contextlib import contextmanager
from datetime import date, datetime, time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .obligation_common import ObligationCommon

DAY = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestObligationPortalDoors(ObligationCommon, HttpCase):
    """/my/obligations and /my/dossiers at scale, the /my cards, Odoo's own task
    pages, the display month of quarterly and yearly obligations, and JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarterly = cls._obligation("IRPJ", periodicity="quarterly", due_day=20)
        cls.yearly = cls._obligation(
            "DEFIS", periodicity="yearly", due_month=5, due_day=31
        )
        obligation_model = cls.env["accounting.share.obligation"].sudo()
        cls.tasks, _remaining = obligation_model._generate_tasks(DAY)
        cls.task_a = cls._task(cls.das, cls.client_a)
        cls.task_b = cls._task(cls.das, cls.client_b)
        cls.dossier_project = cls.env["project.project"].create(
            {"name": "Dossiers", "accounting_share_dossier": True}
        )
        cls.dossier_open = cls._dossier("Abertura de filial", cls.client_a)
        cls.dossier_closed = cls._dossier("IRPF 2025", cls.client_a, state="1_done")
        cls.dossier_b = cls._dossier("Rescisao B", cls.client_b)
        (cls.client_a | cls.client_b).write({"accounting_share_dossiers": "open"})
        # An ordinary task, shared with client A through Odoo's project portal.
        cls.shared_project = cls.env["project.project"].create(
            {"name": "Shared work", "privacy_visibility": "portal"}
        )
        cls.shared_project.message_subscribe(partner_ids=cls.client_a.ids)
        cls.ordinary_task = cls.env["project.task"].create(
            {"name": "Ordinary shared task", "project_id": cls.shared_project.id}
        )
        cls.ordinary_task.message_subscribe(partner_ids=cls.client_a.ids)

    @classmethod
    def _task(cls, obligation, client):
        return cls.tasks.filtered(
            lambda t: t.obligation_id == obligation and t.partner_id == client
        )

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

    def _queries_of(self, url):
        """Queries of one GET once caches are warm (the same GET just before)."""
        self.url_open(url)
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response

    # ------------------------------------------------------------------
    # Query counts: the same for 5 and for 500 rows
    # ------------------------------------------------------------------

    def _add_due_obligations(self, count):
        """`count` more obligation tasks of client A due in June 2026, one in two
        sent with its own file, as generation and sending leave them."""
        obligations = self.env["accounting.share.obligation"].create(
            [
                {
                    "name": f"Obligation {n}",
                    "code": f"OB{n}",
                    "company_id": self.company.id,
                    "project_id": self.project.id,
                    "partner_ids": [(6, 0, self.client_a.ids)],
                    # Out of the class's generation; read through the tasks only.
                    "active": False,
                }
                for n in range(count)
            ]
        )
        tasks = (
            self.env["project.task"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{obligation.code} 05/2026",
                        "project_id": self.project.id,
                        "partner_id": self.client_a.id,
                        "obligation_id": obligation.id,
                        "obligation_period": date(2026, 5, 1),
                        "date_deadline": datetime.combine(date(2026, 6, 19), time(12)),
                    }
                    for obligation in obligations
                ]
            )
        )
        sent = tasks[::2]
        folder_sudo = self.client_a.sudo()._reseller_get_root_folder()
        files = folder_sudo._reseller_add_files(
            [(f"guia-{task.id}.pdf", b"%PDF-1.4 guia", None) for task in sent]
        )
        dispatches = (
            self.env["accounting.share.dispatch"]
            .sudo()
            .create(
                [
                    {
                        "name": file.name,
                        "partner_id": self.client_a.id,
                        "document_type": "guia",
                        "res_model": "ir.attachment",
                        "res_id": file.attachment_id.id,
                        "obligation_id": task.obligation_id.id,
                        "obligation_period": task.obligation_period,
                        "state": "sent",
                        "sent_date": datetime(2026, 6, 1, 12),
                        "file_id": file.id,
                    }
                    for task, file in zip(sent, files, strict=True)
                ]
            )
        )
        for task, dispatch in zip(sent, dispatches, strict=True):
            task.sudo().write({"obligation_dispatch_id": dispatch.id})
        self.env.invalidate_all()
        return tasks

    def test_obligations_page_queries_do_not_grow(self):
        self.authenticate("portal_a", "portal_a")
        self._add_due_obligations(5)
        queries_5, response = self._queries_of("/my/obligations?period=2026-06")
        self.assertEqual(response.text.count('o_accounting_share_obligation"'), 5)
        self._add_due_obligations(495)
        queries_500, response = self._queries_of("/my/obligations?period=2026-06")
        self.assertEqual(response.text.count('o_accounting_share_obligation"'), 500)
        self.assertEqual(response.text.count("Sent on"), 251)
        self.assertEqual(queries_5, queries_500)

    def test_dossiers_page_queries_do_not_grow(self):
        self.client_a.accounting_share_dossiers = "all"
        self.authenticate("portal_a", "portal_a")

        def add_dossiers(count):
            self.env["project.task"].create(
                [
                    {
                        "name": f"Dossier {count} {n}",
                        "project_id": self.dossier_project.id,
                        "partner_id": self.client_a.id,
                        "date_deadline": datetime(2026, 7, 1 + n % 28, 12),
                    }
                    for n in range(count)
                ]
            )
            self.env.invalidate_all()

        add_dossiers(3)  # with the two of the class: five
        queries_5, response = self._queries_of("/my/dossiers")
        self.assertEqual(response.text.count('o_accounting_share_dossier"'), 5)
        add_dossiers(495)
        queries_500, response = self._queries_of("/my/dossiers")
        self.assertEqual(queries_5, queries_500)
        self.assertEqual(response.text.count('o_accounting_share_dossier"'), 80)
        self.assertIn("/my/dossiers/page/2", response.text)
        last_page = self.url_open("/my/dossiers/page/7")
        self.assertEqual(last_page.text.count('o_accounting_share_dossier"'), 20)

    # ------------------------------------------------------------------
    # /my cards: one query each
    # ------------------------------------------------------------------

    def _counters(self, counters):
        before = self.cr.sql_log_count
        values = self.make_jsonrpc_request("/my/counters", {"counters": counters})
        return values, self.cr.sql_log_count - before

    @contextmanager
    def _sql_statements(self):
        """The SQL statements run meanwhile, as the cursor logs them."""
        statements = []

        class Collect(logging.Handler):
            def emit(self, record):
                statements.append(record.getMessage())

        sql_logger = logging.getLogger("odoo.sql_db")
        handler = Collect(level=logging.DEBUG)
        level, propagate = sql_logger.level, sql_logger.propagate
        sql_logger.addHandler(handler)
        sql_logger.setLevel(logging.DEBUG)
        sql_logger.propagate = False
        try:
            yield statements
        finally:
            sql_logger.removeHandler(handler)
            sql_logger.setLevel(level)
            sql_logger.propagate = propagate

    def test_home_counters(self):
        self.authenticate("portal_a", "portal_a")
        obligation = "accounting_share_obligation_count"
        dossier = "accounting_share_dossier_count"
        self._counters([obligation, dossier])  # warm caches
        with self._sql_statements() as statements:
            values, queries_small = self._counters([obligation, dossier])
        counts = [s for s in statements if 'SELECT COUNT(*) FROM "project_task"' in s]
        self.assertEqual(len(counts), 2, "one count per card")
        due_this_month = self.env["project.task"].search_count(
            self.env["project.task"]._accounting_share_month_obligations_domain(
                self.client_a, date.today().replace(day=1)
            )
        )
        self.assertEqual(values[obligation], due_this_month)
        self.assertEqual(values[dossier], 1)  # the open one only
        # Many more tasks due this month, and dossiers: the same cost.
        this_month = datetime.combine(date.today().replace(day=1), time(12))
        self.env["project.task"].sudo().create(
            [
                {
                    "name": f"Task {n}",
                    "project_id": (self.dossier_project if n % 2 else self.project).id,
                    "partner_id": self.client_a.id,
                    "obligation_id": False if n % 2 else self.fgts.id,
                    "obligation_period": False if n % 2 else date(1990 + n, 1, 1),
                    "date_deadline": this_month,
                }
                for n in range(300)
            ]
        )
        self.env.invalidate_all()
        values, queries_large = self._counters([obligation, dossier])
        self.assertEqual(queries_small, queries_large)
        self.assertEqual(values[obligation], due_this_month + 150)
        self.assertEqual(values[dossier], 151)
        self.client_a.accounting_share_dossiers = "all"
        self.assertEqual(self._counters([dossier])[0][dossier], 152)
        self.client_a.accounting_share_obligations = False
        self.client_a.accounting_share_dossiers = "none"
        values, _queries = self._counters([obligation, dossier])
        self.assertEqual((values[obligation], values[dossier]), (0, 0))

    def test_home_card_counts_the_month(self):
        # A task due this month for client A, whatever its generation day.
        this_month = date.today().replace(day=1)
        self.env["project.task"].sudo().create(
            {
                "name": "Due now",
                "project_id": self.project.id,
                "partner_id": self.client_a.id,
                "obligation_id": self.fgts.id,
                "obligation_period": date(1999, 1, 1),
                "date_deadline": datetime.combine(this_month, time(12)),
            }
        )
        self.authenticate("portal_a", "portal_a")
        values, _queries = self._counters(["accounting_share_obligation_count"])
        self.assertGreaterEqual(values["accounting_share_obligation_count"], 1)
        home = self.url_open("/my").text
        # The cards, counted by the counters above (kept in the session since).
        for url, title in (
            ("/my/obligations", "Obligations"),
            ("/my/dossiers", "Dossiers"),
        ):
            self.assertTrue(re.search(rf'href="{url}"[^>]*title="{title}"', home))

    # ------------------------------------------------------------------
    # Odoo's own task pages: 404, never a redirect, for a signed-in client
    # ------------------------------------------------------------------

    def _status(self, url):
        return self.url_open(url, allow_redirects=False).status_code

    def test_odoo_task_pages_as_two_clients_and_a_contact(self):
        project_of = "/my/projects/{}/task/{}".format
        for login in ("portal_a", "portal_a2", "portal_b"):
            self.authenticate(login, login)
            # Obligations show only on /my/obligations: never here, even the own.
            for task in (self.task_a, self.task_b):
                self.assertEqual(self._status(f"/my/tasks/{task.id}"), 404, login)
                self.assertEqual(
                    self._status(project_of(self.project.id, task.id)), 404, login
                )
            # Dossiers not shared with this client (another client's, or closed
            # while only open ones are shared): 404.
            for dossier in (self.dossier_closed, self.dossier_b, self.dossier_open):
                shared = dossier == self.dossier_open and login != "portal_b"
                shared |= dossier == self.dossier_b and login == "portal_b"
                response = self.url_open(
                    f"/my/tasks/{dossier.id}", allow_redirects=False
                )
                if shared:
                    self.assertEqual(response.status_code, 303, login)
                    self.assertTrue(
                        response.headers["Location"].endswith(
                            f"/my/dossiers/{dossier.id}"
                        )
                    )
                else:
                    self.assertEqual(response.status_code, 404, login)
            # The list and its counter leave obligations and dossiers out.
            listing = self.url_open("/my/tasks")
            self.assertEqual(listing.status_code, 200)
            for task in (self.task_a, self.task_b, self.dossier_open, self.dossier_b):
                self.assertNotIn(f"/my/tasks/{task.id}?", listing.text, login)
                self.assertNotIn(task.name, listing.text, login)
            values = self.make_jsonrpc_request(
                "/my/counters", {"counters": ["task_count"]}
            )
            self.assertEqual(values["task_count"], 0 if login == "portal_b" else 1)
        # An ordinary task the client may read keeps Odoo's page; one it may not
        # read is a 404 too, so that no answer tells an obligation apart.
        self.authenticate("portal_a", "portal_a")
        self.assertEqual(self._status(f"/my/tasks/{self.ordinary_task.id}"), 200)
        self.authenticate("portal_b", "portal_b")
        self.assertEqual(self._status(f"/my/tasks/{self.ordinary_task.id}"), 404)
        self.assertEqual(self._status("/my/tasks/999999999"), 404)

    def test_odoo_task_pages_ignore_tokens_for_obligations(self):
        token = self.task_a.sudo()._portal_ensure_token()
        url = f"/my/tasks/{self.task_a.id}?access_token={token}"
        # Signed out: Odoo's answer to any task it cannot read, a redirect to /my.
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(self.task_a.name, response.text)
        self.authenticate("portal_b", "portal_b")
        self.assertEqual(self._status(url), 404)

    def test_notifications_lead_to_the_own_pages(self):
        self.assertEqual(
            self.task_a.access_url,
            f"/my/obligations?period={self.task_a.date_deadline:%Y-%m}",
        )
        self.assertEqual(
            self.dossier_open.access_url, f"/my/dossiers/{self.dossier_open.id}"
        )
        self.assertEqual(
            self.ordinary_task.access_url, f"/my/tasks/{self.ordinary_task.id}"
        )

    # ------------------------------------------------------------------
    # Quarterly and yearly obligations show in the month they fall due
    # ------------------------------------------------------------------

    def _listed(self, period):
        response = self.url_open(f"/my/obligations?period={period}")
        self.assertEqual(response.status_code, 200)
        return {int(i) for i in re.findall(r'data-task-id="(\d+)"', response.text)}

    def test_display_month_is_the_deadline_month(self):
        quarterly_a = self._task(self.quarterly, self.client_a)
        yearly_a = self._task(self.yearly, self.client_a)
        self.assertEqual(quarterly_a.obligation_period, date(2026, 1, 1))
        self.assertEqual(quarterly_a.date_deadline.date(), date(2026, 4, 20))
        self.assertEqual(yearly_a.obligation_period, date(2026, 1, 1))
        self.assertEqual(yearly_a.date_deadline.date(), date(2027, 5, 31))
        self.authenticate("portal_a", "portal_a")
        april = self._listed("2026-04")
        # March's monthly obligations and the first quarter's are April's.
        self.assertIn(quarterly_a.id, april)
        self.assertIn(self.task_a.id, april)
        self.assertNotIn(yearly_a.id, april)
        for month in ("2026-01", "2026-03", "2026-05"):
            self.assertNotIn(quarterly_a.id, self._listed(month), month)
        self.assertEqual(self._listed("2027-05"), {yearly_a.id})
        page = self.url_open("/my/obligations?period=2026-04").text
        self.assertIn("/my/obligations?period=2026-03", page)
        self.assertIn("/my/obligations?period=2026-05", page)
        # The back end groups them the same way by default.
        action = self.env.ref("accounting_share.project_task_action_obligations")
        self.assertIn("search_default_group_due_month", action.context)
        groups = self.env["project.task"]._read_group(
            [("id", "in", (quarterly_a | yearly_a | self.task_a).ids)],
            ["date_deadline:month"],
            ["id:array_agg"],
        )
        by_month = {month.date(): set(ids) for month, ids in groups}
        self.assertEqual(
            by_month,
            {
                date(2026, 4, 1): {quarterly_a.id, self.task_a.id},
                date(2027, 5, 1): {yearly_a.id},
            },
        )

    # ------------------------------------------------------------------
    # JSON-RPC: no creating, moving, closing or deleting obligation tasks
    # ------------------------------------------------------------------

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http")
    def test_rpc_cannot_change_obligation_tasks(self):
        stage = self.env["project.task.type"].create({"name": "Done by client"})
        for login in ("portal_a", "portal_a2", "portal_b"):
            self.authenticate(login, login)
            own = self.task_b if login == "portal_b" else self.task_a
            attempts = [
                ("write", [own.ids, {"state": "1_done"}]),
                ("write", [own.ids, {"stage_id": stage.id}]),
                ("write", [own.ids, {"date_deadline": "2030-01-01 12:00:00"}]),
                ("unlink", [own.ids]),
                ("action_obligation_send", [own.ids]),
                (
                    "create",
                    [
                        {
                            "name": "Mine",
                            "project_id": self.project.id,
                            "partner_id": own.partner_id.id,
                            "obligation_id": self.das.id,
                            "obligation_period": "2026-04-01",
                        }
                    ],
                ),
            ]
            for method, args in attempts:
                with self.assertRaises(JsonRpcException, msg=f"{login} {method}"):
                    self._call("project.task", method, args)
            with self.assertRaises(JsonRpcException):
                self._call("accounting.share.obligation", "action_generate_tasks", [[]])
            # What the client may do: read its own.
            rows = self._call("project.task", "read", [own.ids, ["name"]])
            self.assertEqual(rows[0]["name"], own.name)
        self.assertEqual(self.task_a.state, "01_in_progress")
        self.assertEqual(len(self._tasks(self.das)), 3)
