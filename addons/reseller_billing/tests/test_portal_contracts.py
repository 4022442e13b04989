from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestPortalContracts(BillingCommon, HttpCase):
    """/my/contracts: the owner's commercial partner only, 404 for anyone else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact_a = cls.env["res.partner"].create(
            {"name": "Caio of A", "parent_id": cls.client_a.id}
        )
        contact_b = cls.env["res.partner"].create(
            {"name": "Duda of B", "parent_id": cls.client_b.id}
        )
        for login, partner in (("pc_a", contact_a), ("pc_b", contact_b)):
            new_test_user(
                cls.env, login=login, groups="base.group_portal", partner_id=partner.id
            )
        cls.move_a = cls.contract_a._create_invoices(3, 2026)
        cls.env["reseller.contract.readjustment"].sudo().create(
            {
                "contract_id": cls.contract_a.id,
                "date": date(2026, 1, 1),
                "anniversary_year": 2026,
                "rate": 4.6211,
                "months_used": "01/2025-12/2025",
                "old_amount": 143.37,
                "new_amount": 150.0,
            }
        )

    def test_owner_sees_list_and_detail(self):
        self.authenticate("pc_a", "pc_a")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.contract_a.name, response.text)
        self.assertNotIn(self.contract_b.name, response.text)
        response = self.url_open(self.contract_a.access_url)
        self.assertEqual(response.status_code, 200)
        for text in ("ERP subscription", "01/2025-12/2025", "143", self.move_a.name):
            self.assertIn(text, response.text)
        self.assertIn(self.move_a.reseller_slip_id.name, response.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/contracts", home.text)

    def test_other_client_gets_404(self):
        self.authenticate("pc_b", "pc_b")
        response = self.url_open(self.contract_a.access_url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("143", response.text)
        response = self.url_open("/my/contracts/999999999")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_and_bad_token_get_404(self):
        response = self.url_open(self.contract_a.access_url)
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"{self.contract_a.access_url}?access_token=nope")
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/contracts", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    def test_other_client_over_json_rpc_is_refused(self):
        self.authenticate("pc_b", "pc_b")
        response = self.url_open(
            "/web/dataset/call_kw/reseller.contract/read",
            data=(
                '{"jsonrpc": "2.0", "method": "call", "params": {"model": '
                '"reseller.contract", "method": "read", "args": [[%d], ["amount"]], '
                '"kwargs": {}}}' % self.contract_a.id
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(
            response.json()["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
