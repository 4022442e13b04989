import re

from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ResellerFilesHttpCase


@tagged("post_install", "-at_install")
class TestPortalPages(ResellerFilesHttpCase):
    def test_pages_owner_and_colleague(self):
        for login in ("http_a", "http_a2"):
            self.authenticate(login, f"{login}_pwd_1")
            response = self.url_open("/my/files")
            self.assertEqual(response.status_code, 200)
            self.assertIn("Relatório anual.pdf", response.text)
            self.assertNotIn("secret b.pdf", response.text)
            response = self.url_open(f"/my/files/{self.root_a.id}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("Portal Client A", response.text)
        home = self.url_open("/my")
        self.assertIn("/my/files", home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["reseller_file_count"]}
        )
        self.assertEqual(counters["reseller_file_count"], 1)

    def test_subfolder_breadcrumb(self):
        sub = self.root_a._reseller_get_or_create_child("Taxes")
        deeper = sub._reseller_get_or_create_child("2026")
        self.authenticate("http_a", "http_a_pwd_1")
        response = self.url_open(f"/my/files/{deeper.id}")
        self.assertEqual(response.status_code, 200)
        crumbs = [
            re.sub(r"<[^>]+>", "", crumb).strip()
            for crumb in re.findall(
                r"<li[^>]*o_reseller_files_crumb[^>]*>(.*?)</li>", response.text, re.S
            )
        ]
        self.assertEqual(crumbs, ["Portal Client A", "Taxes", "2026"])
        # the office's root folder is not shown to the client
        self.assertNotIn(self.root_a.parent_id.name + "</a>", response.text)

    @mute_logger("odoo.http")
    def test_pages_other_client_and_bad_id(self):
        self.authenticate("http_a", "http_a_pwd_1")
        for url in (
            f"/my/files/{self.root_b.id}",
            f"/my/files/{self.root_a.parent_id.id}",
            "/my/files/999999999",
            f"/my/files/file/{self.file_b.id}/download",
            "/my/files/file/999999999/download",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("secret b", response.text)

    def test_pages_anonymous(self):
        for url in (
            "/my/files",
            f"/my/files/{self.root_a.id}",
            f"/my/files/file/{self.file_a.id}/download",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])

    def test_client_without_folder(self):
        lonely = new_test_user(self.env, login="http_lonely", password="http_lonely_1")
        lonely.partner_id.commercial_partner_id.sudo().reseller_folder_id.active = False
        self.authenticate("http_lonely", "http_lonely_1")
        response = self.url_open("/my/files")
        self.assertEqual(response.status_code, 200)
        self.assertIn("not opened a file area", response.text)

    def test_download_owner_streams_attachment(self):
        self.authenticate("http_a2", "http_a2_pwd_1")
        response = self.url_open(f"/my/files/file/{self.file_a.id}/download")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF report a")
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment"))
        self.assertIn("Relat%C3%B3rio%20anual.pdf", disposition)
        log = self.env["reseller.file.download"].search(
            [("file_id", "=", self.file_a.id)]
        )
        self.assertEqual(log.user_id, self.portal_a2)

    @mute_logger("odoo.http")
    def test_download_from_back_end(self):
        action = self.file_b.with_user(self.staff).action_download()
        self.authenticate("http_staff", "http_staff_pwd_1")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF secret b")
        log = self.env["reseller.file.download"].search(
            [("file_id", "=", self.file_b.id)]
        )
        self.assertEqual(log.user_id, self.staff)
        # an employee without File Center rights gets nothing
        new_test_user(self.env, login="http_employee", password="http_employee_1")
        self.authenticate("http_employee", "http_employee_1")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 404)

    def test_html_and_svg_never_inline(self):
        html = self.root_a._reseller_add_file("page.html", b"<script>alert(1)</script>")
        svg = self.root_a._reseller_add_file(
            "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
        )
        self.authenticate("http_a", "http_a_pwd_1")
        for file in (html, svg):
            response = self.url_open(f"/my/files/file/{file.id}/download")
            self.assertEqual(response.status_code, 200)
            self.assertTrue(
                response.headers["Content-Disposition"].startswith("attachment")
            )
            self.assertNotIn("html", response.headers["Content-Type"])
            self.assertNotIn("svg", response.headers["Content-Type"])
            self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_attachment")
    def test_web_content_and_image_doors(self):
        attachment = self.file_a.attachment_id
        self.authenticate("http_a", "http_a_pwd_1")
        for url in (
            f"/web/content/{attachment.id}",
            f"/web/content/{attachment.id}?download=true",
            f"/web/image/{attachment.id}",
            f"/web/content/{attachment.id}?access_token=forged",
            f"/web/content/reseller.file/{self.file_a.id}/name",
            f"/web/content/{self.file_b.attachment_id.id}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertNotIn(b"%PDF", response.content)
                if "/web/image/" in url:
                    # refused images are answered with a placeholder picture
                    self.assertTrue(
                        response.headers["Content-Type"].startswith("image/")
                    )
                else:
                    self.assertIn(response.status_code, (403, 404))
        # staff reach the content through the back end
        self.authenticate("http_staff", "http_staff_pwd_1")
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF report a")

    @mute_logger("odoo.http")
    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _foreign_rpc_calls(self):
        """(model, method, args) that client A may not make."""
        stolen_file = {
            "name": "evil.pdf",
            "folder_id": self.root_b.id,
            "attachment_id": self.file_b.attachment_id.id,
        }
        return [
            ("reseller.file", "read", [[self.file_b.id], ["name"]]),
            ("reseller.folder", "read", [[self.root_b.id], ["name"]]),
            ("reseller.file", "write", [[self.file_a.id], {"name": "x.pdf"}]),
            ("reseller.file", "unlink", [[self.file_a.id]]),
            ("reseller.folder", "unlink", [[self.root_a.id]]),
            (
                "reseller.folder",
                "create",
                [{"name": "Evil", "parent_id": self.root_b.id}],
            ),
            ("reseller.file", "create", [stolen_file]),
            ("ir.attachment", "read", [[self.file_a.attachment_id.id], ["raw"]]),
        ]

    def test_json_rpc_doors(self):
        self.authenticate("http_a", "http_a_pwd_1")
        call = self._call_kw
        rows = call("reseller.file", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["name"] for row in rows], ["Relatório anual.pdf"])
        rows = call("reseller.folder", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["name"] for row in rows], ["Portal Client A"])
        new_id = call(
            "reseller.folder",
            "create",
            [{"name": "By RPC", "parent_id": self.root_a.id}],
        )
        self.assertEqual(
            self.env["reseller.folder"].browse(new_id).partner_id, self.client_a
        )
        for model, method, args in self._foreign_rpc_calls():
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException):
                    call(model, method, args)
        self.assertEqual(self.file_a.name, "Relatório anual.pdf")
        self.assertFalse(self.env["reseller.folder"].search([("name", "=", "Evil")]))

    def _count_queries(self, url):
        self.url_open(url)  # warm the caches
        start = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - start

    def test_query_count_constant(self):
        folder = self.root_a._reseller_get_or_create_child("Many")
        for index in range(3):
            folder._reseller_get_or_create_child(f"Sub {index}")
        folder._reseller_add_files([(f"f{i}.txt", b"f%d" % i, None) for i in range(10)])
        self.authenticate("http_a", "http_a_pwd_1")
        url = f"/my/files/{folder.id}"
        small = self._count_queries(url)
        small_root = self._count_queries("/my/files")
        folder._reseller_add_files(
            [(f"g{i}.txt", b"g%d" % i, None) for i in range(990)]
        )
        for index in range(20):
            folder._reseller_get_or_create_child(f"More {index}")
        # more clients in the database, with their own trees and files
        clients = self.env["res.partner"].create(
            [{"name": f"Other {i}", "is_company": True} for i in range(50)]
        )
        clients.write({"reseller_is_client": True})
        for client in clients[:10]:
            client.reseller_folder_id._reseller_add_file("other.txt", b"o")
        self.url_open(url)
        with self.assertQueryCount(small):
            response = self.url_open(url)
        # a page of 100 files, with a pager to the others
        self.assertEqual(response.text.count('o_reseller_files_file"'), 100)
        self.assertIn(f"/my/files/{folder.id}/page/2", response.text)
        last_page = self.url_open(f"/my/files/{folder.id}/page/10")
        self.assertEqual(last_page.status_code, 200)
        self.assertIn("g989.txt", last_page.text)
        self.url_open("/my/files")
        with self.assertQueryCount(small_root):
            self.url_open("/my/files")

    def test_portal_urls(self):
        self.assertEqual(self.root_a.access_url, f"/my/files/{self.root_a.id}")
        self.assertEqual(
            self.file_a.access_url, f"/my/files/file/{self.file_a.id}/download"
        )
        self.authenticate("http_a", "http_a_pwd_1")
        page = self.url_open(self.root_a.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="{self.file_a.access_url}"', page.text)
        self.assertIn(f'action="{self.root_a.access_url}/upload"', page.text)
        # pages and links carry no access token
        self.assertNotIn("access_token", page.text)

    @mute_logger("odoo.http")
    def test_access_tokens_open_no_other_clients_folder(self):
        # portal.mixin gives folders and files an access token; the File
        # Center's routes accept none: a token opens no folder or file
        folder_url = self.root_b.get_portal_url()
        file_url = self.file_b.get_portal_url()
        self.assertIn("access_token=", folder_url)
        self.authenticate("http_a", "http_a_pwd_1")
        for url in (
            folder_url,
            file_url,
            f"/my/files/{self.root_b.id}/page/1?access_token="
            f"{self.root_b.access_token}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("secret b", response.text)
                self.assertNotIn(b"%PDF secret b", response.content)
        # a token to the client's own folder changes nothing either
        self.assertEqual(self.url_open(self.root_a.get_portal_url()).status_code, 200)
        # a visitor with the token is asked to log in
        self.authenticate(None, None)
        for url in (folder_url, file_url):
            with self.subTest(url=url, visitor=True):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])
