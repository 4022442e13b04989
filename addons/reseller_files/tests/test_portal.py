import html
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestResellerFilesPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create({"name": "Portal Client A", "is_company": True})
        cls.client_b = Partner.create({"name": "Portal Client B", "is_company": True})
        cls.portal_a = new_test_user(
            cls.env,
            login="http_a",
            password="http_a_pwd_1",
            groups="base.group_portal",
            partner_id=Partner.create(
                {"name": "Ann", "parent_id": cls.client_a.id, "email": "ann@a.example"}
            ).id,
        )
        cls.portal_a2 = new_test_user(
            cls.env,
            login="http_a2",
            password="http_a2_pwd_1",
            groups="base.group_portal",
            partner_id=Partner.create(
                {"name": "Abe", "parent_id": cls.client_a.id, "email": "abe@a.example"}
            ).id,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="http_b",
            password="http_b_pwd_1",
            groups="base.group_portal",
            partner_id=Partner.create(
                {"name": "Ben", "parent_id": cls.client_b.id, "email": "ben@b.example"}
            ).id,
        )
        cls.staff = new_test_user(
            cls.env,
            login="http_staff",
            password="http_staff_pwd_1",
            groups="base.group_user,reseller_files.group_reseller_files_user",
        )
        cls.root_a = cls.client_a._reseller_get_root_folder()
        cls.root_b = cls.client_b._reseller_get_root_folder()
        cls.file_a = cls.root_a.with_user(cls.staff)._reseller_add_file(
            "Relatório anual.pdf", b"%PDF report a"
        )
        cls.file_b = cls.root_b._reseller_add_file("secret b.pdf", b"%PDF secret b")

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, url, data=None, files=None, csrf_from=None):
        data = dict(data or {})
        data["csrf_token"] = self._csrf(csrf_from or f"/my/files/{self.root_a.id}")
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _flashes(self, response):
        """(level, text) of the messages the page after the redirect shows."""
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("?", response.headers["Location"], "no message in the URL")
        page = self.url_open(response.headers["Location"])
        return [
            (level, html.unescape(re.sub(r"<[^>]+>", "", text)).strip())
            for level, text in re.findall(
                r'<div[^>]*class="alert alert-(\w+) o_reseller_flash"[^>]*>(.*?)</div>',
                page.text,
                re.S,
            )
        ]

    def assertFlashed(self, response, level, text):
        flashes = self._flashes(response)
        self.assertEqual(len(flashes), 1, flashes)
        self.assertEqual(flashes[0][0], level, flashes)
        self.assertIn(text, flashes[0][1])

    # ------------------------------------------------------------------
    # GET pages
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Download
    # ------------------------------------------------------------------

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
    def test_json_rpc_doors(self):
        self.authenticate("http_a", "http_a_pwd_1")

        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            )

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
        refused = [
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
            (
                "reseller.file",
                "create",
                [
                    {
                        "name": "evil.pdf",
                        "folder_id": self.root_b.id,
                        "attachment_id": self.file_b.attachment_id.id,
                    }
                ],
            ),
            ("ir.attachment", "read", [[self.file_a.attachment_id.id], ["raw"]]),
        ]
        for model, method, args in refused:
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException):
                    call(model, method, args)
        self.assertEqual(self.file_a.name, "Relatório anual.pdf")
        self.assertFalse(self.env["reseller.folder"].search([("name", "=", "Evil")]))

    # ------------------------------------------------------------------
    # POST routes
    # ------------------------------------------------------------------

    def test_upload_several_files(self):
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(
            f"/my/files/{self.root_a.id}/upload",
            files=[
                ("files", ("nota.xml", b"<nfe/>", "text/xml")),
                ("files", ("cert.pfx", b"\x30\x82binary", "application/x-pkcs12")),
            ],
        )
        self.assertFlashed(response, "success", "2 file(s) uploaded.")
        files = self.root_a.file_ids.filtered(
            lambda f: f.name in ("nota.xml", "cert.pfx")
        )
        self.assertEqual(len(files), 2)
        self.assertEqual(files.uploaded_by_id, self.portal_a)
        self.assertTrue(all(f.attachment_id.store_fname for f in files))
        # staff are told through the folder's chatter
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("cert.pfx", message.body)

    def test_upload_bad_input(self):
        self.env["ir.config_parameter"].set_param(
            "reseller_files.blocked_extensions", "exe"
        )
        self.authenticate("http_a", "http_a_pwd_1")
        cases = [
            ([("files", ("empty.txt", b"", "text/plain"))], "empty"),
            (
                [("files", ("setup.exe", b"MZ", "application/x-msdownload"))],
                "not accepted",
            ),
            ([("files", ("x" * 300 + ".txt", b"long", "text/plain"))], "too long"),
            (
                [
                    ("files", ("ok.txt", b"ok", "text/plain")),
                    ("files", ("e.txt", b"", "text/plain")),
                ],
                "empty",
            ),
        ]
        cases += [
            (
                [("files", ("../../etc/passwd", b"root", "text/plain"))],
                "path separator",
            ),
            ([("files", ("..hidden", b"root", "text/plain"))], "may not contain"),
            ([("files", ("a/b.txt", b"ab", "text/plain"))], "path separator"),
            ([("files", ("report\u202efdp.exe", b"x", "text/plain"))], "U+202E"),
        ]
        before = self.env["reseller.file"].search_count([])
        for files, message in cases:
            with self.subTest(message=message):
                response = self._post(f"/my/files/{self.root_a.id}/upload", files=files)
                self.assertFlashed(response, "danger", message)
        self.assertEqual(self.env["reseller.file"].search_count([]), before)
        # nothing chosen
        response = self._post(f"/my/files/{self.root_a.id}/upload", data={"x": "1"})
        self.assertFlashed(response, "danger", "Choose at least one file")
        # over the configured size limit (here 1 KB)
        self.env["ir.config_parameter"].set_param(
            "reseller_files.max_upload_size_mb", "0.001"
        )
        response = self._post(
            f"/my/files/{self.root_a.id}/upload",
            files=[("files", ("big.bin", b"z" * 5000, "application/octet-stream"))],
        )
        self.assertFlashed(response, "danger", "larger than the limit")
        self.assertEqual(self.env["reseller.file"].search_count([]), before)

    def test_upload_duplicate_name_keeps_both(self):
        self.authenticate("http_a", "http_a_pwd_1")
        for _i in range(2):
            self._post(
                f"/my/files/{self.root_a.id}/upload",
                files=[("files", ("dup.txt", b"dup", "text/plain"))],
            )
        names = sorted(
            self.root_a.file_ids.filtered(lambda f: "dup" in f.name).mapped("name")
        )
        self.assertEqual(names, ["dup (2).txt", "dup.txt"])

    @mute_logger("odoo.http")
    def test_upload_other_client_and_bad_id(self):
        self.authenticate("http_a", "http_a_pwd_1")
        for folder_id in (self.root_b.id, 999999999):
            response = self._post(
                f"/my/files/{folder_id}/upload",
                files=[("files", ("intrusion.txt", b"x", "text/plain"))],
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["reseller.file"].search([("name", "=", "intrusion.txt")])
        )

    @mute_logger("odoo.http")
    def test_post_without_csrf(self):
        self.authenticate("http_a", "http_a_pwd_1")
        for url, data in (
            (f"/my/files/{self.root_a.id}/folder", {"name": "No token"}),
            (f"/my/files/file/{self.file_a.id}/delete", {"confirm": "1"}),
            (f"/my/files/file/{self.file_a.id}/comment", {"comment": "x"}),
        ):
            response = self.url_open(url, data=data, allow_redirects=False)
            self.assertEqual(response.status_code, 400)
        response = self.url_open(
            f"/my/files/{self.root_a.id}/upload",
            data={"note": "no token"},
            files=[("files", ("t.txt", b"t", "text/plain"))],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(self.file_a.active)
        self.assertFalse(
            self.env["reseller.folder"].search([("name", "=", "No token")])
        )

    def test_post_anonymous(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/files/{self.root_a.id}/folder",
            data={"name": "Anon", "csrf_token": "x"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303, 400))
        self.assertFalse(self.env["reseller.folder"].search([("name", "=", "Anon")]))

    @mute_logger("odoo.http")
    def test_create_folder(self):
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(f"/my/files/{self.root_a.id}/folder", {"name": "Payroll"})
        self.assertEqual(response.status_code, 303)
        folder = self.env["reseller.folder"].search([("name", "=", "Payroll")])
        self.assertEqual(folder.partner_id, self.client_a)
        self.assertTrue(response.headers["Location"].endswith(f"/my/files/{folder.id}"))
        response = self._post(f"/my/files/{self.root_a.id}/folder", {"name": "Payroll"})
        self.assertFlashed(response, "danger", "already exists")
        response = self._post(f"/my/files/{self.root_a.id}/folder", {"name": "../up"})
        self.assertFlashed(response, "danger", "path separator")
        response = self._post(
            f"/my/files/{self.root_b.id}/folder", {"name": "Intruder"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["reseller.folder"].search([("name", "in", ["../up", "Intruder"])])
        )

    @mute_logger("odoo.http")
    def test_comment(self):
        own = (
            self.root_a.with_user(self.portal_a)
            .sudo()
            ._reseller_add_file("mine.txt", b"m")
        )
        self.authenticate("http_a", "http_a_pwd_1")
        self._post(f"/my/files/file/{own.id}/comment", {"comment": "Folha de março"})
        self.assertEqual(own.comment, "Folha de março")
        # a colleague of the same company is not the uploader
        self.authenticate("http_a2", "http_a2_pwd_1")
        response = self._post(f"/my/files/file/{own.id}/comment", {"comment": "nope"})
        self.assertFlashed(response, "danger", "Only the person who uploaded")
        # nor is the client for a file from the office
        response = self._post(
            f"/my/files/file/{self.file_a.id}/comment", {"comment": "x"}
        )
        self.assertFlashed(response, "danger", "Only the person who uploaded")
        self.authenticate("http_b", "http_b_pwd_1")
        response = self._post(
            f"/my/files/file/{own.id}/comment",
            {"comment": "intrusion"},
            csrf_from=f"/my/files/{self.root_b.id}",
        )
        self.assertEqual(response.status_code, 404)
        response = self._post(
            "/my/files/file/999999999/comment",
            {"comment": "x"},
            csrf_from=f"/my/files/{self.root_b.id}",
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(own.comment, "Folha de março")
        self.assertFalse(self.file_a.comment)

    @mute_logger("odoo.http")
    def test_delete(self):
        own = (
            self.root_a.with_user(self.portal_a)
            .sudo()
            ._reseller_add_file("del.txt", b"d")
        )
        self.authenticate("http_b", "http_b_pwd_1")
        response = self._post(
            f"/my/files/file/{own.id}/delete", csrf_from=f"/my/files/{self.root_b.id}"
        )
        self.assertEqual(response.status_code, 404)
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(f"/my/files/file/{self.file_a.id}/delete")
        self.assertFlashed(response, "danger", "only delete the files you uploaded")
        self.assertTrue(self.file_a.active)
        response = self._post(f"/my/files/file/{own.id}/delete")
        self.assertFlashed(response, "success", "del.txt was deleted.")
        self.assertFalse(own.active, "in the staff trash")
        self.assertTrue(own.exists())
        # a trashed file is gone for the client
        response = self.url_open(f"/my/files/file/{own.id}/download")
        self.assertEqual(response.status_code, 404)
        response = self._post("/my/files/file/999999999/delete")
        self.assertEqual(response.status_code, 404)

    def test_messages_flashed_once_never_from_the_url(self):
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(f"/my/files/{self.root_a.id}/folder", {"name": "Payroll"})
        response = self._post(f"/my/files/{self.root_a.id}/folder", {"name": "Payroll"})
        self.assertFlashed(response, "danger", "already exists")
        # shown once: the next page has no message left
        page = self.url_open(f"/my/files/{self.root_a.id}")
        self.assertNotIn("o_reseller_flash", page.text)
        self.assertNotIn("already exists", page.text)
        # a crafted link shows nothing of what it carries
        for param in ("error", "success"):
            page = self.url_open(
                f"/my/files/{self.root_a.id}?{param}=Call+0800+now+to+pay+CRAFTED"
            )
            self.assertEqual(page.status_code, 200)
            self.assertNotIn("CRAFTED", page.text)
            self.assertNotIn("alert-danger", page.text)
            self.assertNotIn("alert-success", page.text)

    @mute_logger("odoo.http")
    def test_create_folder_with_a_nul_byte(self):
        self.authenticate("http_a", "http_a_pwd_1")
        # reseller_guard refuses a NUL byte in any form before the route runs
        response = self._post(
            f"/my/files/{self.root_a.id}/folder", {"name": "Pay\x00roll"}
        )
        self.assertEqual(response.status_code, 400)
        for name in ("report\u202efdp.exe", ".hidden"):
            with self.subTest(name=name):
                response = self._post(
                    f"/my/files/{self.root_a.id}/folder", {"name": name}
                )
                self.assertFlashed(response, "danger", "The name")
        self.assertFalse(self.env["reseller.folder"].search([("name", "like", "roll")]))

    @mute_logger("odoo.http")
    def test_upload_over_the_request_limit_names_the_limit(self):
        # the route accepts the limit plus 10 MB of headroom for the form
        self.env["ir.config_parameter"].set_param(
            "reseller_files.max_upload_size_mb", "0.5"
        )
        self.authenticate("http_a", "http_a_pwd_1")
        before = self.env["reseller.file"].search_count([])
        response = self._post(
            f"/my/files/{self.root_a.id}/upload",
            files=[("files", ("huge.bin", b"z" * (11 * 1024 * 1024), None))],
        )
        self.assertFlashed(response, "danger", "larger than the limit of 0.5 MB")
        self.assertEqual(self.env["reseller.file"].search_count([]), before)
        # another client's folder is still not reachable through that message
        response = self._post(
            f"/my/files/{self.root_b.id}/upload",
            files=[("files", ("huge.bin", b"z" * (11 * 1024 * 1024), None))],
        )
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 404)

    def test_declared_type_is_ignored(self):
        self.authenticate("http_a", "http_a_pwd_1")
        response = self._post(
            f"/my/files/{self.root_a.id}/upload",
            files=[
                (
                    "files",
                    (
                        "nfe.xml",
                        b'<?xml version="1.0"?><nfeProc/>',
                        "application/vnd.x+xml",
                    ),
                ),
                ("files", ("guia.pdf", b"%PDF-1.4 guia", "text/html")),
                (
                    "files",
                    (
                        "page.txt",
                        b"<html><script>alert(1)</script></html>",
                        "text/plain",
                    ),
                ),
            ],
        )
        self.assertFlashed(response, "success", "3 file(s) uploaded.")
        files = {file.name: file for file in self.root_a.file_ids}
        expected = {
            # (type shown, type stored and served)
            "nfe.xml": ("application/xml", "text/plain"),
            "guia.pdf": ("application/pdf", "application/pdf"),
            "page.txt": ("application/xml", "text/plain"),
        }
        for name, (real, stored) in expected.items():
            with self.subTest(name=name):
                self.assertEqual(files[name].mimetype, real)
                self.assertEqual(files[name].attachment_id.mimetype, stored)
                response = self.url_open(f"/my/files/file/{files[name].id}/download")
                self.assertTrue(response.headers["Content-Type"].startswith(stored))
        # staff open the stored content inline in the back end
        self.authenticate("http_staff", "http_staff_pwd_1")
        for name, (_real, stored) in expected.items():
            with self.subTest(name=name):
                attachment = files[name].attachment_id
                response = self.url_open(f"/web/content/{attachment.id}")
                self.assertEqual(response.status_code, 200)
                content_type = response.headers["Content-Type"]
                self.assertTrue(content_type.startswith(stored), content_type)
                self.assertNotIn("vnd.x", content_type)
                self.assertNotIn("html", content_type)
                self.assertNotIn("xml", content_type)

    # ------------------------------------------------------------------
    # Query counts do not grow with the data
    # ------------------------------------------------------------------

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
