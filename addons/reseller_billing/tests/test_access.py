from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestAccess(BillingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "Ana of A", "parent_id": cls.client_a.id, "email": "ana@a.example"}
        )
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Bia of B", "parent_id": cls.client_b.id, "email": "bia@b.example"}
        )
        cls.portal_a = cls._user("portal_a", "base.group_portal", cls.contact_a)
        cls.portal_b = cls._user("portal_b", "base.group_portal", cls.contact_b)
        cls.staff = cls._user(
            "billing_staff", "reseller_billing.group_reseller_billing_user"
        )
        cls.employee = cls._user("plain_employee", "base.group_user")
        # An accountant of the office who does not work on client billing.
        cls.accountant = cls._user("access_accountant", "account.group_account_invoice")
        cls.move_a = cls.contract_a._create_invoices(3, 2026)
        cls.slip_a = cls.move_a.reseller_slip_id
        cls.move_b = cls.contract_b._create_invoices(3, 2026)

    @classmethod
    def _user(cls, login, groups, partner=None):
        company = cls.env.company
        values = {"partner_id": partner.id} if partner else {}
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            **values,
        )

    def test_portal_sees_only_its_invoices_and_slips(self):
        Move = self.env["account.move"].with_user(self.portal_a)
        self.assertEqual(
            Move.search([("reseller_contract_id", "!=", False)]), self.move_a
        )
        Slip = self.env["reseller.payment.slip"].with_user(self.portal_a)
        self.assertEqual(Slip.search([]), self.move_a.reseller_slip_id)
        with self.assertRaises(AccessError):
            self.move_b.reseller_slip_id.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.move_a.reseller_slip_id.with_user(self.portal_a).write(
                {"paid_amount": 1.0}
            )

    def test_portal_cannot_touch_contracts(self):
        contract = self.contract_a.with_user(self.portal_a)
        # Its own contracts are readable (the portal shows them), no other's.
        contract.read(["name"])
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            contract.write({"amount": 1.0})
        with self.assertRaises(AccessError):
            contract.action_suspend()
        with self.assertRaises(AccessError):
            contract.action_create_invoice()
        with self.assertRaises(AccessError):
            self.env["reseller.invoice.generate"].with_user(self.portal_a).create(
                {"reference_month": "04", "reference_year": "2026"}
            )
        self.assertEqual(self.contract_a.state, "active")

    def test_portal_cannot_call_contract_methods_over_rpc(self):
        self.authenticate("portal_a", "portal_a")
        raw = self.url_open(
            "/web/dataset/call_kw/reseller.contract/action_suspend",
            data=(
                '{"jsonrpc": "2.0", "method": "call", "params": {"model": '
                '"reseller.contract", "method": "action_suspend", "args": [[%d]], '
                '"kwargs": {}}}' % self.contract_a.id
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(
            raw.json()["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
        self.env.invalidate_all()
        self.assertEqual(self.contract_a.state, "active")

    def test_staff_manage_contracts_employees_do_not(self):
        contract = self.contract_a.with_user(self.staff)
        contract.action_suspend()
        self.assertEqual(contract.state, "suspended")
        with self.assertRaises(AccessError):
            self.contract_b.with_user(self.employee).read(["name"])
        with self.assertRaises(AccessError):
            self.gateway.with_user(self.staff).read(["secret"])

    def test_portal_invoice_list_shows_billing_state_and_slip(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open("/my/invoices")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.move_a.name, response.text)
        self.assertNotIn(self.move_b.name, response.text)
        self.assertIn("Awaiting Payment", response.text)
        self.assertIn(self.move_a.reseller_slip_id.payment_url, response.text)

    def test_portal_invoice_page_owner_other_anonymous_token(self):
        slip = self.move_a.reseller_slip_id
        url = f"/my/invoices/{self.move_a.id}"
        # Owner
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(slip.digitable_line, response.text)
        self.assertIn("o_reseller_pay_slip", response.text)
        # Another client: sent back to /my, nothing of the invoice shown
        self.authenticate("portal_b", "portal_b")
        response = self.url_open(url)
        self.assertNotIn(slip.digitable_line, response.text)
        self.assertTrue(response.url.endswith("/my"), response.url)
        # Anonymous visitor: login page
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertNotIn(slip.digitable_line, response.text)
        self.assertIn("/web/login", response.url)
        # Bad token, then the right one
        response = self.url_open(f"{url}?access_token=not-the-token")
        self.assertNotIn(slip.digitable_line, response.text)
        token = self.move_a._portal_ensure_token()
        response = self.url_open(f"{url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(slip.digitable_line, response.text)

    def test_portal_invoice_list_cost_does_not_grow(self):
        """The billing column costs the same for one invoice or four."""
        self.authenticate("portal_a", "portal_a")

        def page_queries():
            self.url_open("/my/invoices")  # warm the caches
            before = self.cr.sql_log_count
            response = self.url_open("/my/invoices")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before

        with_one = page_queries()
        self.assertGreater(with_one, 0, "the page's queries are counted")
        for month in (4, 5, 6):
            self.contract_a._create_invoices(month, 2026)
        self.assertEqual(page_queries(), with_one)

    def test_accountant_without_billing_rights_works_on_invoices(self):
        """Installing billing must not lock other accountants out of invoices."""
        invoice = self.init_invoice("out_invoice", amounts=[100.0], post=True)
        invoice = invoice.with_user(self.accountant)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        # A contract invoice: its form, reset (the slip is cancelled), re-post.
        move = self.move_a.with_user(self.accountant)
        values = move.web_read(
            {
                "reseller_slip_id": {"fields": {"display_name": {}}},
                "reseller_contract_id": {"fields": {"display_name": {}}},
                "reseller_billing_state": {},
            }
        )[0]
        self.assertEqual(values["reseller_slip_id"]["id"], self.slip_a.id)
        move.button_draft()
        self.assertEqual(self.slip_a.state, "cancelled")
        move.action_post()
        self.assertEqual(move.reseller_billing_state, "awaiting_payment")
        self.assertNotEqual(self.move_a.reseller_slip_id, self.slip_a)

    def test_staff_cannot_type_slip_payment_fields(self):
        """Over RPC a billing user could mark a slip paid without any payment."""
        slip = self.slip_a.with_user(self.staff)
        for values in (
            {"state": "paid"},
            {"paid_amount": 150.0},
            {"external_id": "SBXGUESSED"},
            {"amount": 1.0},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                slip.write(values)
        with self.assertRaises(AccessError):
            self.env["reseller.payment.slip"].create(
                {
                    "move_id": self.move_a.id,
                    "gateway_id": self.gateway.id,
                    "currency_id": self.move_a.currency_id.id,
                    "amount": 150.0,
                    "state": "paid",
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.slip_a.state, "registered")
        # Staff still follow slips and write on their chatter.
        slip.message_post(body="Client called about this slip.")

    def test_billing_state_is_never_typed_in(self):
        with self.assertRaises(AccessError):
            self.move_a.with_user(self.staff).write({"reseller_billing_state": "paid"})
        self.env.invalidate_all()
        self.assertEqual(self.move_a.reseller_billing_state, "awaiting_payment")

    def test_invoice_form_still_saves_with_the_billing_state_on_it(self):
        with Form(
            self.env["account.move"]
            .with_user(self.staff)
            .with_context(default_move_type="out_invoice")
        ) as invoice_form:
            invoice_form.partner_id = self.client_a
            with invoice_form.invoice_line_ids.new() as line:
                line.product_id = self.service
        self.assertFalse(invoice_form.record.reseller_billing_state)
