from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestNotifications(ResellerFilesCase):
    def test_notifications(self):
        self.client_a.user_id = self.staff
        office_file = self.root_a.with_user(self.staff)._reseller_add_file(
            "from_office.txt", b"o"
        )
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn(office_file.name, message.body)
        self.assertIn(self.contact_a, message.partner_ids)
        self.assertIn(self.contact_a2, message.partner_ids)
        self.assertNotIn(self.contact_b, message.partner_ids)
        self.root_a.with_user(self.portal_a).sudo()._reseller_add_file(
            "from_client.txt", b"c"
        )
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("from_client.txt", message.body)
        self.assertIn(self.staff.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, self.contact_a)

    @mute_logger("odoo.models")
    def test_new_files_not_announced_to_a_subsidiary(self):
        # a company whose parent is client A is its own client, with its own tree
        subsidiary = self.env["res.partner"].create(
            {"name": "A Subsidiary", "is_company": True, "parent_id": self.client_a.id}
        )
        sub_contact = self.env["res.partner"].create(
            {"name": "Sam", "parent_id": subsidiary.id, "email": "s@s.example"}
        )
        sub_user = new_test_user(
            self.env,
            login="portal_sub",
            groups="base.group_portal",
            partner_id=sub_contact.id,
        )
        file = self.root_a.with_user(self.staff)._reseller_add_file("payroll.txt", b"p")
        with self.assertRaises(AccessError):
            file.with_user(sub_user).read(["name"])
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("payroll.txt", message.body)
        self.assertIn(self.contact_a, message.partner_ids)
        self.assertNotIn(sub_contact, message.partner_ids)
