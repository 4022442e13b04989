from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestSuspension(BillingCommon):
    """Suspension for non-payment, and resumption once every overdue slip is paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.reseller_suspend_after_days = 15
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id
        cls.today = fields.Date.context_today(cls.slip)

    def _overdue_by(self, days):
        self.slip.sudo().date_due = self.today - timedelta(days=days)

    def test_default_is_fifteen_days(self):
        company = self.env["res.company"].create({"name": "Fresh office"})
        self.assertEqual(company.reseller_suspend_after_days, 15)

    def test_suspended_after_the_delay_noted_and_emailed(self):
        self._overdue_by(14)
        contracts = self.env["reseller.contract"]
        self.assertFalse(contracts._cron_suspend_overdue())
        self._overdue_by(15)
        self.assertEqual(contracts._cron_suspend_overdue(), self.contract_a)
        self.assertEqual(self.contract_a.state, "suspended")
        self.assertEqual(self.contract_a.suspension_reason, "overdue")
        self.assertEqual(self.contract_b.state, "active")
        bodies = self.contract_a.message_ids.mapped("body")
        self.assertTrue(any("non-payment" in body for body in bodies))
        emailed = self.contract_a.message_ids.filtered(
            lambda m: self.client_a in m.partner_ids
        )
        self.assertIn("suspended", emailed.subject)
        # Suspension stops invoicing.
        self.assertFalse(self.contract_a._create_invoices_one_by_one(4, 2026))

    def test_zero_never_suspends(self):
        self.env.company.reseller_suspend_after_days = 0
        self._overdue_by(400)
        self.assertFalse(self.env["reseller.contract"]._cron_suspend_overdue())

    def test_resumes_when_paid_skipping_missed_months_by_default(self):
        self._overdue_by(20)
        self.env["reseller.contract"]._cron_suspend_overdue()
        self.contract_a.sudo().suspended_date = self.today - timedelta(days=70)
        self.assertEqual(self.contract_a.missed_months_policy, "skip")
        count = self.contract_a.invoice_count
        self.gateway.sudo()._sandbox_pay(self.slip)
        self._settle_queued()
        self.assertEqual(self.contract_a.state, "active")
        self.assertFalse(self.contract_a.suspension_reason)
        self.assertEqual(self.contract_a.invoice_count, count)

    def test_resume_invoices_missed_months_when_chosen(self):
        self._overdue_by(20)
        self.contract_a.missed_months_policy = "invoice"
        self.env["reseller.contract"]._cron_suspend_overdue()
        first_missed = (self.today.replace(day=1) - timedelta(days=1)).replace(day=1)
        self.contract_a.sudo().suspended_date = first_missed
        self.gateway.sudo()._sandbox_pay(self.slip)
        self._settle_queued()
        self.assertEqual(self.contract_a.state, "active")
        periods = self.contract_a.invoice_ids.mapped(
            lambda m: (int(m.reference_month), int(m.reference_year))
        )
        self.assertIn((first_missed.month, first_missed.year), periods)

    def test_manual_suspension_never_lifted_by_payment(self):
        self.contract_a.action_suspend()
        self.assertEqual(self.contract_a.suspension_reason, "manual")
        self.gateway.sudo()._sandbox_pay(self.slip)
        self._settle_queued()
        self.assertEqual(self.slip.state, "paid")
        self.assertEqual(self.contract_a.state, "suspended")
        self.contract_a.action_activate()
        self.assertFalse(self.contract_a.suspension_reason)
