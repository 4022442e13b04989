from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ResellerFilesHttpCase


@tagged("post_install", "-at_install")
class TestPortalActions(ResellerFilesHttpCase):
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
