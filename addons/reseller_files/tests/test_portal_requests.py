from datetime import date, timedelta

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import ResellerFilesHttpCase


@tagged("post_install", "-at_install")
class TestPortalRequests(ResellerFilesHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Request = cls.env["reseller.file.request"].with_user(cls.staff)
        due = date.today() + timedelta(days=5)
        cls.request_a = Request.create(
            {"name": "Extratos", "partner_id": cls.client_a.id, "due_date": due}
        )
        cls.request_b = Request.create(
            {"name": "Segredo B", "partner_id": cls.client_b.id, "due_date": due}
        )

    def test_owner_lists_opens_and_uploads(self):
        self.authenticate("http_a", "http_a_pwd_1")
        home = self.url_open("/my")
        self.assertIn("o_reseller_requests_card", home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["reseller_request_count"]}
        )
        self.assertEqual(counters["reseller_request_count"], 1)
        page = self.url_open("/my/requests")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Extratos", page.text)
        self.assertNotIn("Segredo B", page.text)
        url = f"/my/requests/{self.request_a.id}"
        self.assertEqual(self.url_open(url).status_code, 200)
        response = self._post(
            f"{url}/upload",
            files=[
                ("files", ("jan.pdf", b"%PDF jan", "application/pdf")),
                ("files", ("fev.pdf", b"%PDF fev", "application/pdf")),
            ],
            csrf_from=url,
        )
        self.assertFlashed(response, "success", "2 file(s) uploaded.")
        self.assertEqual(self.request_a.state, "fulfilled")
        self.assertEqual(self.request_a.fulfilled_by_id, self.portal_a)
        self.assertEqual(len(self.request_a.file_ids), 2)
        self.assertEqual(self.request_a.file_ids.folder_id, self.request_a.folder_id)

    def test_other_client_and_anonymous(self):
        other = f"/my/requests/{self.request_b.id}"
        self.authenticate("http_a", "http_a_pwd_1")
        self.assertEqual(self.url_open(other).status_code, 404)
        self.assertEqual(self.url_open("/my/requests/999999").status_code, 404)
        response = self._post(
            f"{other}/upload", files=[("files", ("x.txt", b"x", "text/plain"))]
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.request_b.file_ids)
        self.assertEqual(
            self.url_open(f"/my/files/{self.root_b.id}/zip").status_code, 404
        )
        # staff download any client's folder
        self.authenticate("http_staff", "http_staff_pwd_1")
        zipped = self.url_open(f"/my/files/{self.root_b.id}/zip")
        self.assertEqual(zipped.status_code, 200)
        self.assertIn(b"secret b.pdf", zipped.content)
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/requests/{self.request_a.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def _list_queries(self, url):
        self.url_open(url)  # warm the caches
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow(self):
        self.authenticate("http_a", "http_a_pwd_1")
        Request = self.env["reseller.file.request"].with_user(self.staff)
        due = date.today() + timedelta(days=5)
        Request.create(
            [
                {"name": f"R{i}", "partner_id": self.client_a.id, "due_date": due}
                for i in range(4)
            ]
        )
        few_list, few_home = (
            self._list_queries("/my/requests"),
            self._list_queries("/my"),
        )
        Request.create(
            [
                {"name": f"M{i}", "partner_id": self.client_a.id, "due_date": due}
                for i in range(495)
            ]
        )
        self.assertEqual(self._list_queries("/my/requests"), few_list)
        self.assertEqual(self._list_queries("/my"), few_home)

    def test_zip_preview_and_versions_over_http(self):
        self.authenticate("http_a", "http_a_pwd_1")
        zipped = self.url_open(f"/my/files/{self.root_a.id}/zip")
        self.assertEqual(zipped.status_code, 200)
        self.assertEqual(zipped.headers["Content-Type"], "application/zip")
        self.assertTrue(zipped.content.startswith(b"PK"))
        preview = self.url_open(f"/my/files/file/{self.file_a.id}/preview")
        self.assertEqual(preview.status_code, 200)
        self.assertTrue(preview.headers["Content-Disposition"].startswith("inline"))
        html = self.root_a.with_user(self.staff)._reseller_add_file(
            "page.html", b"<html><script>x</script></html>"
        )
        preview = self.url_open(f"/my/files/file/{html.id}/preview")
        self.assertTrue(preview.headers["Content-Disposition"].startswith("attachment"))
        self.assertNotIn("text/html", preview.headers["Content-Type"])
        response = self._post(
            f"/my/files/file/{self.file_a.id}/version",
            files=[("file", ("Relatório anual.pdf", b"%PDF v2", "application/pdf"))],
        )
        self.assertFlashed(response, "success", "version 2")
        version = self.file_a.version_ids
        page = self.url_open(f"/my/files/{self.root_a.id}")
        self.assertIn("o_reseller_files_old_version", page.text)
        self.assertIn(self.staff.name, page.text)
        url = f"/my/files/file/{self.file_a.id}/version/{version.id}/download"
        self.assertEqual(self.url_open(url).content, b"%PDF report a")
        # the content is reached through the portal route only, as for files
        content = self.url_open(f"/web/content/{version.attachment_id.id}")
        self.assertIn(content.status_code, (403, 404))
        self.authenticate("http_b", "http_b_pwd_1")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/files/{self.root_a.id}/zip").status_code, 404
        )
        self.assertIn(
            self.url_open(f"/web/content/{version.attachment_id.id}").status_code,
            (403, 404),
        )
        self.assertEqual(
            self.url_open(f"/my/files/file/{self.file_a.id}/preview").status_code, 404
        )

    def test_folder_upload_as_new_version(self):
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(
            f"/my/files/{self.root_a.id}/upload",
            data={"as_new_versions": "1"},
            files=[
                ("files", ("Relatório anual.pdf", b"%PDF v2", "application/pdf")),
                ("files", ("novo.txt", b"novo", "text/plain")),
            ],
        )
        self.assertFlashed(response, "success", "2 file(s) uploaded.")
        self.assertEqual(self.file_a.version, 2)
        self.assertEqual(self.file_a.attachment_id.raw, b"%PDF v2")
        names = self.root_a.file_ids.mapped("name")
        self.assertNotIn("Relatório anual (2).pdf", names)
        self.assertIn("novo.txt", names)

    @mute_logger("odoo.http")
    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_json_rpc_doors(self):
        self.file_b._reseller_add_version(b"%PDF secret b v2")
        self.authenticate("http_a", "http_a_pwd_1")
        rows = self._call_kw(
            "reseller.file.request", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertEqual([row["name"] for row in rows], ["Extratos"])
        versions = self._call_kw(
            "reseller.file.version", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertEqual(versions, [])
        due = str(date.today())
        for model, method, args in [
            ("reseller.file.request", "read", [[self.request_b.id], ["name"]]),
            ("reseller.file.request", "write", [[self.request_a.id], {"name": "x"}]),
            (
                "reseller.file.request",
                "create",
                [{"name": "x", "partner_id": self.client_a.id, "due_date": due}],
            ),
            ("reseller.file.request", "action_close", [[self.request_a.id]]),
            ("reseller.file.version", "read", [self.file_b.version_ids.ids, ["name"]]),
            ("reseller.file", "_reseller_add_version", [[self.file_a.id], "eA=="]),
        ]:
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(model, method, args)
        self.assertEqual(self.request_a.name, "Extratos")
        self.assertFalse(self.request_a.is_closed)
