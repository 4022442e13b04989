from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestReconciliation(BillingCommon):
    """A lost webhook: the reconciliation asks the gateway and settles once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id
        cls.other_slip = cls.contract_b._create_invoices(3, 2026).reseller_slip_id

    def _payments(self):
        return self.env["account.payment"].search(
            [("partner_id", "=", self.client_a.id)]
        )

    def test_lost_webhook_settled_by_reconciliation_then_late_webhook_ignored(self):
        self.assertIsNone(self.gateway.sudo()._sandbox_pay(self.slip, deliver=False))
        self.assertEqual(self.slip.state, "registered")
        settled = self.env["reseller.payment.slip"]._cron_reconcile_slips()
        self.assertEqual(settled, self.slip)
        self.assertEqual(self.slip.state, "paid")
        self.assertEqual(self.other_slip.state, "registered")
        self.assertTrue(self.other_slip.status_checked_at)
        self.assertEqual(len(self._payments()), 1)
        # The gateway's queue resumes: the webhook arrives, nothing is booked.
        payload = self._payment_payload(self.slip, event_id="late-delivery")
        raw_body, signature, timestamp = self._signed(payload)
        result = self.gateway.sudo()._handle_webhook(
            self.gateway.code, raw_body, signature, timestamp
        )
        self.assertEqual(result.message, "slip already paid")
        self.assertEqual(len(self._payments()), 1)
        self.assertEqual(
            self.slip.event_ids.mapped("source"), ["webhook", "reconciliation"]
        )
        self.assertEqual(
            self.slip.event_ids.mapped("result"), ["slip already paid", "paid"]
        )

    def test_webhook_queued_first_then_reconciliation_books_nothing(self):
        self.gateway.sudo()._sandbox_pay(self.slip)
        self.assertEqual(self.slip.state, "settling")
        # Being settled is not awaiting payment: the reconciliation skips it...
        self.assertFalse(self.env["reseller.payment.slip"]._cron_reconcile_slips())
        # ... and staff asking the gateway book nothing either.
        self.slip.action_check_gateway_status()
        self.assertFalse(self._payments())
        self.assertEqual(
            self.slip.event_ids.mapped("result"),
            ["payment already received", "queued"],
        )
        self._settle_queued()
        self.assertEqual(self.slip.state, "paid")
        self.assertEqual(len(self._payments()), 1)

    def test_reconciliation_daily_and_hourly_past_due(self):
        slip_model = self.env["reseller.payment.slip"]
        slip_model._cron_reconcile_slips()
        self.assertFalse(slip_model._cron_reconcile_slips())
        domain = slip_model._get_slips_to_reconcile_domain()
        self.assertFalse(slip_model.search_count(domain + [("id", "=", self.slip.id)]))
        two_hours_ago = fields.Datetime.now() - timedelta(hours=2)
        today = fields.Date.context_today(self.slip)
        self.slip.sudo().write(
            {"status_checked_at": two_hours_ago, "date_due": today - timedelta(days=1)}
        )
        self.other_slip.sudo().write(
            {"status_checked_at": two_hours_ago, "date_due": today + timedelta(days=5)}
        )
        to_check = slip_model.search(domain)
        self.assertIn(self.slip, to_check)
        self.assertNotIn(self.other_slip, to_check)

    def test_staff_check_is_logged_as_manual(self):
        self.gateway.sudo()._sandbox_pay(self.slip, method="pix", deliver=False)
        self.slip.action_check_gateway_status()
        self.assertEqual(self.slip.state, "paid")
        self.assertEqual(self.slip.paid_method, "pix")
        self.assertEqual(self.slip.event_ids.source, "manual")

    def test_reconciliation_trusts_the_gateway_only(self):
        """A slip nobody paid at the gateway stays unpaid, whatever else says."""
        self.slip.sudo().payment_url = "https://evil.example/paid"
        self.env["reseller.payment.slip"]._cron_reconcile_slips()
        self.assertEqual(self.slip.state, "registered")
        self.assertFalse(self._payments())
