import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .receipt_common import ReceiptCommon

REPORT = "accounting_share.report_accounting_share_receipt"


@tagged("post_install", "-at_install")
class TestGuiaPortal(ReceiptCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guia_new = cls._guia(cls.client_a, "DAS novembro", due_in_days=5)
        cls.guia_late = cls._guia(cls.client_a, "FGTS outubro", due_in_days=-2)
        cls.guia_b = cls._guia(cls.client_b, "DARF cliente B", due_in_days=5)

    def _counter(self):
        return self.make_jsonrpc_request(
            "/my/counters", {"counters": ["accounting_share_guia_count"]}
        )["accounting_share_guia_count"]

    @mute_logger("odoo.http")
    def _call_kw(self, model, method, args, kwargs=None):
        return self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    def test_client_lists_its_guias_with_status_and_downloads(self):
        self.authenticate("guia_a", "guia_a")
        self.assertEqual(self._counter(), 2)
        page = self.url_open("/my/guias")
        self.assertEqual(page.status_code, 200)
        self.assertIn("DAS novembro", page.text)
        self.assertIn("FGTS outubro", page.text)
        self.assertNotIn("DARF cliente B", page.text)
        self.assertIn("Past due", page.text)
        self.assertIn("New", page.text)
        self.assertIn(f"/my/guias/{self.guia_new.id}/protocol", page.text)
        self.assertLess(
            page.text.index("DAS novembro"), page.text.index("FGTS outubro")
        )
        # the download link of the list records the read
        self.url_open(self.guia_new.file_id.get_portal_url())
        self.assertEqual(self.guia_new.first_read_user_id, self.portal_a)
        self.assertEqual(self._counter(), 1)
        self.assertIn("Read on", self.url_open("/my/guias").text)
        # the sent folder of the file center leads to the guias
        folder_page = self.url_open(f"/my/files/{self.guia_new.file_id.folder_id.id}")
        self.assertIn('href="/my/guias"', folder_page.text)

    def test_client_downloads_its_protocols(self):
        self.authenticate("guia_a", "guia_a")
        response = self.url_open(f"/my/guias/{self.guia_new.id}/protocol")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.guia_new.receipt_id.receipt_hash, response.text)
        self.assertIn(self.guia_new.receipt_id.file_sha256, response.text)
        period = self.url_open("/my/guias/protocol")
        self.assertEqual(period.status_code, 200)
        self.assertIn(self.guia_late.receipt_id.receipt_hash, period.text)
        self.assertNotIn(self.guia_b.receipt_id.receipt_hash, period.text)
        # a bad date falls back to this month instead of failing
        self.assertEqual(
            self.url_open("/my/guias/protocol?date_from=x&date_to=2").status_code, 200
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_another_client_reaches_no_receipt_over_any_door(self):
        receipt_b = self.guia_b.receipt_id
        self.authenticate("guia_a", "guia_a")
        self.assertEqual(
            self.url_open(f"/my/guias/{self.guia_b.id}/protocol").status_code, 404
        )
        self.assertEqual(self.url_open("/my/guias/999999999/protocol").status_code, 404)
        for url in (
            f"/report/pdf/{REPORT}/{receipt_b.id}",
            f"/report/html/{REPORT}/{receipt_b.id}",
            f"/report/pdf/{REPORT}/{self.guia_new.receipt_id.id},{receipt_b.id}",
        ):
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn(receipt_b.receipt_hash, response.text, url)
        for model, record in (
            ("accounting.share.receipt", receipt_b),
            ("accounting.share.dispatch", self.guia_b),
        ):
            result = self._call_kw(model, "read", [record.ids, ["display_name"]])
            self.assertIn("error", result, model)
            found = self._call_kw(model, "search_read", [[]], {"fields": ["id"]})
            ids = {row["id"] for row in found["result"]}
            self.assertNotIn(record.id, ids, model)
        own = self._call_kw(
            "accounting.share.receipt", "search_read", [[]], {"fields": ["id"]}
        )["result"]
        self.assertEqual(
            {row["id"] for row in own},
            set((self.guia_new | self.guia_late).receipt_id.ids),
        )
        for method, args in (
            ("write", [receipt_b.ids, {"document_name": "x"}]),
            ("unlink", [receipt_b.ids]),
            ("action_verify_chain", [receipt_b.ids]),
            ("action_print_protocol", [receipt_b.ids]),
        ):
            self.assertIn(
                "error", self._call_kw("accounting.share.receipt", method, args), method
            )
        self.assertIn(
            self.url_open(
                f"/web/content/{self.guia_b.file_id.attachment_id.id}"
            ).status_code,
            (403, 404),
        )
        # its own protocol is printable over the report door, too
        own_verify = self._call_kw(
            "accounting.share.receipt",
            "action_verify_chain",
            [self.guia_new.receipt_id.ids],
        )
        self.assertIn("error", own_verify)
        own_report = self.url_open(
            f"/report/html/{REPORT}/{self.guia_new.receipt_id.id}"
        )
        self.assertEqual(own_report.status_code, 200)

    @mute_logger("odoo.http")
    def test_unshared_documents_hide_the_guias(self):
        self.client_a.accounting_share_documents = False
        self.authenticate("guia_a", "guia_a")
        self.assertEqual(self._counter(), 0)
        for url in (
            "/my/guias",
            f"/my/guias/{self.guia_new.id}/protocol",
            "/my/guias/protocol",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        result = self._call_kw(
            "accounting.share.receipt", "search_read", [[]], {"fields": ["id"]}
        )
        self.assertEqual(result["result"], [])

    def _guias_page_queries(self):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open("/my/guias")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_guias_page_queries_do_not_grow(self):
        self.authenticate("guia_a", "guia_a")
        self._guias_page_queries()  # the caches of rules and views, once
        few = self._guias_page_queries()
        for index in range(15):
            self._guia(self.client_a, f"GPS {index}", due_in_days=index)
        self._guias_page_queries()  # the new records' first read, once
        self.assertEqual(self._guias_page_queries(), few)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my/guias", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestGuiaTour(ReceiptCommon, HttpCase):
    def test_client_opens_and_reads_its_guia(self):
        guia = self._guia(self.client_a, "DAS tour", due_in_days=5)
        self.start_tour("/my", "accounting_share_guia_tour", login="guia_a")
        self.assertEqual(guia.first_read_user_id, self.portal_a)
