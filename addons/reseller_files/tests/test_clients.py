from odoo.tests import tagged

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestClientFolders(ResellerFilesCase):
    def test_client_root_folder_contract(self):
        office_root = self.root_a.parent_id
        self.assertEqual(office_root.name, self.env.company.name)
        self.assertFalse(office_root.partner_id)
        self.assertEqual(self.root_a.partner_id, self.client_a)
        self.assertEqual(self.client_a.reseller_folder_id, self.root_a)
        self.assertTrue(self.client_a.reseller_is_client)
        # a contact reaches its company's folder; no second folder is made
        self.assertEqual(self.contact_a._reseller_get_root_folder(), self.root_a)
        self.assertEqual(self.root_b.parent_id, office_root)
        self.assertEqual(self.root_a.complete_name, f"{office_root.name} / Client A")

    def test_portal_access_makes_a_client(self):
        company = self.env["res.partner"].create({"name": "New Co", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Nina", "parent_id": company.id, "email": "n@n.example"}
        )
        self.assertFalse(company.reseller_folder_id)
        self.env["res.users"].create(
            {
                "name": "Nina",
                "login": "nina_portal",
                "partner_id": contact.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertTrue(company.reseller_is_client)
        self.assertEqual(company.reseller_folder_id.partner_id, company)

    def test_flag_creates_folder_and_duplicate_client_names(self):
        partners = self.env["res.partner"].create(
            [{"name": "Same Name", "is_company": True} for _i in range(3)]
        )
        partners.write({"reseller_is_client": True})
        names = partners.reseller_folder_id.mapped("name")
        self.assertEqual(len(set(names)), 3)
        self.assertIn("Same Name (2)", names)

    def test_backfill_existing_clients(self):
        company = self.env["res.partner"].create({"name": "Old Co", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Olga", "parent_id": company.id}
        )
        # a portal user that existed before the module: no flag, no folder
        user = self.env["res.users"].create(
            {"name": "Olga", "login": "olga_portal", "partner_id": contact.id}
        )
        user.groups_id = self.env.ref("base.group_portal")
        company.invalidate_recordset()
        self.env.cr.execute(
            "UPDATE res_partner SET reseller_is_client = FALSE,"
            " reseller_folder_id = NULL WHERE id = %s",
            [company.id],
        )
        company.invalidate_recordset()
        self.env["res.partner"]._reseller_backfill_clients()
        self.assertTrue(company.reseller_is_client)
        self.assertTrue(company.reseller_folder_id)
        # the office itself never becomes a client
        self.assertFalse(self.env.company.partner_id.reseller_is_client)

    def test_office_root_follows_company_name(self):
        office_root = self.root_a.parent_id
        self.env.company.name = "Escritório Renomeado"
        self.assertEqual(office_root.name, "Escritório Renomeado")
        self.assertTrue(self.root_a.complete_name.startswith("Escritório Renomeado / "))

    def test_names_from_company_and_client_names_are_valid(self):
        self.env.company.name = "Contabilidade Exemplo S.A."
        self.assertEqual(self.root_a.parent_id.name, "Contabilidade Exemplo S.A")
        client = self.env["res.partner"].create(
            {"name": ".Construtora\u202e Horizonte S.A. ", "is_company": True}
        )
        client.reseller_is_client = True
        self.assertEqual(client.reseller_folder_id.name, "Construtora Horizonte S.A")

    def test_partner_smart_button_count(self):
        self.root_a._reseller_add_file("one.txt", b"1")
        self.root_a._reseller_get_or_create_child("Sub")._reseller_add_file(
            "two.txt", b"2"
        )
        partner = self.contact_a.with_user(self.staff)
        self.assertEqual(partner.reseller_file_count, 2)
        action = partner.action_open_reseller_files()
        self.assertEqual(action["res_model"], "reseller.file")
