from odoo.tests import new_test_user
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
