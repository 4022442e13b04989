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
        cls.portal_a = cls._portal_user("portal_a", cls.contact_a)
        cls.portal_a2 = cls._portal_user("portal_a2", cls.contact_a2)
        cls.portal_b = cls._portal_user("portal_b", cls.contact_b)
        cls._create_staff()
        cls.root_a = cls.client_a._reseller_get_root_folder()
        cls.root_b = cls.client_b._reseller_get_root_folder()

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            password=f"{login}_pwd",
            groups="base.group_portal",
            partner_id=partner.id,
        )

    @classmethod
    def _create_staff(cls):
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


class ResellerFilesHttpCase(HttpCase):
    """Two client companies over HTTP, with a file each, and a staff user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create({"name": "Portal Client A", "is_company": True})
        cls.client_b = Partner.create({"name": "Portal Client B", "is_company": True})
        cls.portal_a = cls._portal_user("http_a", "Ann", cls.client_a)
        cls.portal_a2 = cls._portal_user("http_a2", "Abe", cls.client_a)
        cls.portal_b = cls._portal_user("http_b", "Ben", cls.client_b)
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

    @classmethod
    def _portal_user(cls, login, name, client):
        domain = client.name[-1].lower()
        contact = cls.env["res.partner"].create(
            {
                "name": name,
                "parent_id": client.id,
                "email": f"{name.lower()}@{domain}.example",
            }
        )
        return new_test_user(
            cls.env,
            login=login,
            password=f"{login}_pwd_1",
            groups="base.group_portal",
            partner_id=contact.id,
        )

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
