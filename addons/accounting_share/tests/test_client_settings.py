from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareClientSettings(AccountingShareCommon):
    """Which company holds a client's books, and what the client sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contacts_user = new_test_user(
            cls.env,
            login="contacts_only",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[Command.set((cls.company | cls.company_c).ids)],
        )
        cls.share_staff = new_test_user(
            cls.env,
            login="share_staff_contacts",
            groups="base.group_user,base.group_partner_manager,"
            "accounting_share.group_accounting_share_user",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.office = cls.env["res.company"].create({"name": "The Office"})

    def test_link_company_wizard(self):
        client = self.env["res.partner"].create(
            {"name": "Client D", "is_company": True}
        )
        wizard_model = self.env["accounting.share.link.wizard"].with_user(self.manager)
        action = client.with_user(self.manager).action_accounting_share_link_company()
        with self.assertRaises(UserError):
            # Company C already holds client B's books.
            wizard_model.with_context(**action["context"]).create(
                {"company_id": self.company_c.id}
            )
        company_d = self.env["res.company"].create({"name": "Company D"})
        self.manager.company_ids |= company_d
        wizard_model.create(
            {"partner_id": client.id, "company_id": company_d.id}
        ).action_link()
        self.assertEqual(client.shared_company_id, company_d)
        # The staff member is not in company D's users: refused.
        company_e = self.env["res.company"].create({"name": "Company E"})
        with self.assertRaises(UserError):
            wizard_model.create(
                {"partner_id": client.id, "company_id": company_e.id}
            ).action_link()

    def test_contact_creation_alone_neither_links_nor_shares(self):
        """Contact Creation alone must not link a company or share its reports.

        The scheduled action publishes, as superuser, the books of whatever company a
        client is linked to: a direct write of the link over RPC would hand any
        company's figures to any portal.
        """
        contacts_user, office = self.contacts_user, self.office
        partner_model = self.env["res.partner"]
        client = partner_model.create({"name": "Client F", "is_company": True})
        for user in (contacts_user, self.share_staff):
            with self.assertRaises(AccessError):
                client.with_user(user).write({"shared_company_id": office.id})
            with self.assertRaises(AccessError):
                partner_model.with_user(user).create(
                    {"name": "Client G", "shared_company_id": office.id}
                )
        self.assertFalse(client.shared_company_id)
        with self.assertRaises(AccessError):
            self.client_a.with_user(contacts_user).write(
                {"accounting_share_general_ledger": True}
            )
        with self.assertRaises(AccessError):
            self.client_a.with_user(contacts_user).write(
                {"accounting_share_publication_mode": "automatic"}
            )
        # Ordinary contact work, with the form's unchanged defaults, still goes on.
        partner = partner_model.with_user(contacts_user).create(
            {
                "name": "Supplier",
                "accounting_share_invoices": True,
                "accounting_share_publication_mode": "manual",
            }
        )
        self.client_a.with_user(contacts_user).write(
            {"phone": "+55 11 5555-0000", "accounting_share_profit_loss": True}
        )
        partner.with_user(contacts_user).write({"shared_company_id": False})

    def test_share_staff_choose_what_is_shared_and_administrators_link(self):
        office = self.office
        partner_model = self.env["res.partner"]
        client = partner_model.create({"name": "Client F", "is_company": True})
        self.client_a.with_user(self.share_staff).write(
            {"accounting_share_general_ledger": True}
        )
        self.assertTrue(self.client_a.accounting_share_general_ledger)
        # Even an administrator links only a company it belongs to.
        with self.assertRaises(AccessError):
            client.with_user(self.manager).write({"shared_company_id": office.id})
        with self.assertRaises(AccessError):
            partner_model.with_user(self.manager).create(
                {"name": "Client G", "shared_company_id": office.id}
            )
        self.manager.company_ids |= office
        client.with_user(self.manager).write({"shared_company_id": office.id})
        self.assertEqual(client.shared_company_id, office)
        client.with_user(self.manager).write({"shared_company_id": False})

    def test_one_company_one_client_in_database(self):
        """A direct write cannot link a second client to a company either."""
        other = self.env["res.partner"].create({"name": "Client E", "is_company": True})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            other.shared_company_id = self.company_c
            other.flush_recordset()
