from odoo.tests import HttpCase, new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestTour(BillingCommon, HttpCase):
    def test_staff_invoice_then_client_pays_in_portal(self):
        company = self.env.company
        staff = new_test_user(
            self.env,
            login="tour_staff",
            groups="reseller_billing.group_reseller_billing_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        contact = self.env["res.partner"].create(
            {"name": "Tour contact", "parent_id": self.client_a.id}
        )
        new_test_user(
            self.env,
            login="tour_client",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        contract = self._make_contract(self.client_a, 120.0, state="trial")
        action = self.env.ref("reseller_billing.reseller_contract_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{contract.id}",
            "reseller_billing_staff_tour",
            login=staff.login,
        )
        move = contract.invoice_ids
        self.assertEqual(contract.state, "active")
        self.assertEqual(move.reseller_billing_state, "awaiting_payment")
        self.start_tour(
            "/my/invoices", "reseller_billing_portal_tour", login="tour_client"
        )
        self.env.invalidate_all()
        # The sandbox's webhook was answered at once; the cron books the payment.
        self.assertEqual(move.reseller_slip_id.state, "settling")
        self.assertEqual(move.reseller_billing_state, "payment_received")
        self._settle_queued()
        self.env.invalidate_all()
        self.assertEqual(move.reseller_billing_state, "paid")
        self.assertEqual(move.reseller_slip_id.state, "paid")
