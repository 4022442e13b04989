import html
import re

from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import TransactionCase


class ResellerFilesCase(TransactionCase):
    """Two client companies, each with a portal contact, and a staff user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create({"name": "Client A", "is_company": True})
        cls.client_b = Partner.create({"name": "Client B", "is_company": True})
        cls.contact_a = Partner.create(
            {"name": "Alice A", "parent_id": cls.client_a.id, "email": "a@a.example"}
        )
        cls.contact_a2 = Partner.create(
            {"name": "Arthur A", "parent_id": cls.client_a.id, "email": "a2@a.example"}
        )
        cls.contact_b = Partner.create(
            {"name": "Bob B", "parent_id": cls.client_b.id, "email": "b@b.example"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="portal_a",
            password="portal_a_pwd",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
        )
        cls.portal_a2 = new_test_user(
            cls.env,
            login="portal_a2",
            password="portal_a2_pwd",
            groups="base.group_portal",
            partner_id=cls.contact_a2.id,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="portal_b",
            password="portal_b_pwd",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
        )
        cls.staff = new_test_user(
            cls.env,
            login="files_staff",
            password="files_staff_pwd",
            groups="base.group_user,reseller_files.group_reseller_files_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="files_manager",
            password="files_manager_pwd",
            groups="base.group_user,reseller_files.group_reseller_files_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="plain_employee", groups="base.group_user"
        )
        cls.root_a = cls.client_a._reseller_get_root_folder()
        cls.root_b = cls.client_b._reseller_get_root_folder()


class ResellerFilesHttpCase(HttpCase):
    """Two client companies over HTTP, with a file each, and a staff user."""

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
