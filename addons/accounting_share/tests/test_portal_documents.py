import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AccountingShareCommon

# Odoo's CSRF token: an HMAC in hex, "o", then its expiry.
CSRF_TOKEN = re.compile(r"csrf_token\W+(?:value=\W*)?([0-9a-f]{40}o[0-9]*)")


@tagged("post_install", "-at_install")
class TestAccountingSharePortalDocuments(AccountingShareCommon, HttpCase):
    """The "Share Documents" flag opens or closes the whole file center portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_b.accounting_share_documents = False
        cls.root_a = cls.client_a._reseller_get_root_folder().sudo()
        cls.root_b = cls.client_b._reseller_get_root_folder().sudo()
        cls.file_a = cls.root_a._reseller_add_file("a.txt", b"A", "text/plain")
        cls.file_b = cls.root_b._reseller_add_file("b.txt", b"B", "text/plain")

    def _csrf(self):
        response = self.url_open("/my")
        return CSRF_TOKEN.search(response.text)[1]

    def _urls(self, root, file):
        return [
            "/my/files",
            f"/my/files/{root.id}",
            f"/my/files/{root.id}/page/1",
            f"/my/files/file/{file.id}/download",
        ]

    def _counter(self):
        return self.make_jsonrpc_request(
            "/my/counters", {"counters": ["reseller_file_count"]}
        )["reseller_file_count"]

    def test_shared_documents_open_the_file_center(self):
        self.authenticate("portal_a", "portal_a")
        for url in self._urls(self.root_a, self.file_a):
            self.assertEqual(self.url_open(url).status_code, 200, url)
        self.assertEqual(self._counter(), 1)
        self.assertEqual(
            self.env["reseller.file"].with_user(self.portal_a).search([]), self.file_a
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_unshared_documents_close_every_door(self):
        self.authenticate("portal_b", "portal_b")
        urls = [*self._urls(self.root_b, self.file_b)]
        urls.append(f"/web/content/{self.file_b.attachment_id.id}")
        for url in urls:
            self.assertIn(self.url_open(url).status_code, (403, 404), url)
        self.assertEqual(self._counter(), 0)
        csrf_token = self._csrf()
        upload = self.url_open(
            f"/my/files/{self.root_b.id}/upload",
            data={"csrf_token": csrf_token},
            files={"files": ("new.txt", b"new", "text/plain")},
        )
        self.assertEqual(upload.status_code, 404)
        create = self.url_open(
            f"/my/files/{self.root_b.id}/folder",
            data={"csrf_token": csrf_token, "name": "New"},
        )
        self.assertEqual(create.status_code, 404)
        self.assertFalse(self.root_b.child_ids)
        self.assertEqual(self.root_b.file_ids, self.file_b)
        # The same holds over RPC: the record rules close the records themselves.
        self.assertFalse(self.env["reseller.file"].with_user(self.portal_b).search([]))
        self.assertFalse(
            self.env["reseller.folder"].with_user(self.portal_b).search([])
        )

    def test_sharing_documents_again_reopens_the_file_center(self):
        self.client_b.accounting_share_documents = True
        self.authenticate("portal_b", "portal_b")
        for url in self._urls(self.root_b, self.file_b):
            self.assertEqual(self.url_open(url).status_code, 200, url)
        self.assertEqual(self._counter(), 1)
