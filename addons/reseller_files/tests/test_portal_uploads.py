from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.reseller_guard.models.upload_policy import BLOCKED_EXTENSIONS_PARAM

from .common import ResellerFilesHttpCase


@tagged("post_install", "-at_install")
class TestPortalUploads(ResellerFilesHttpCase):
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

    @staticmethod
    def _bad_upload_cases():
        """(files of one upload, part of the message refusing it)."""
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
        return cases

    def test_upload_bad_input(self):
        self.env["ir.config_parameter"].set_param(BLOCKED_EXTENSIONS_PARAM, "exe")
        self.authenticate("http_a", "http_a_pwd_1")
        before = self.env["reseller.file"].search_count([])
        for files, message in self._bad_upload_cases():
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
        self._assert_served_to_staff_as_stored(files, expected)

    def _assert_served_to_staff_as_stored(self, files, expected):
        """Staff open the stored content inline in the back end: never as sent."""
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
