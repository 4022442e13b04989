from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestPaymentSlip(BillingCommon, HttpCase):
    """Payment slips: registration, printing and reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.staff = new_test_user(
            cls.env,
            login="slip_staff",
            groups="reseller_billing.group_reseller_billing_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id

    def test_staff_retry_registration_of_a_failed_slip(self):
        self.slip.sudo().write({"state": "failed", "external_id": False})
        self.slip.with_user(self.staff).action_register()
        self.assertEqual(self.slip.state, "registered")
        self.assertTrue(self.slip.external_id)

    def test_no_overdue_reminder_for_an_invoice_paid_by_hand(self):
        """A client who paid by transfer must not be told it owes the invoice."""
        token = self.move._portal_ensure_token()
        url = f"/my/invoices/{self.move.id}?access_token={token}"
        self.assertIn("o_reseller_pay_slip", self.url_open(url).text)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.move.ids
        ).create({})._create_payments()
        self.assertEqual(self.move.reseller_billing_state, "paid")
        self.assertEqual(self.slip.state, "registered")
        late = fields.Date.context_today(self.slip) - timedelta(days=30)
        self.slip.sudo().date_due = late
        self.assertFalse(self.env["account.move"]._cron_send_overdue_reminders())
        self.assertFalse(self.slip.reminder_sent)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_reseller_pay_slip", response.text)

    def test_overdue_reminder_after_configured_days(self):
        self.env.company.reseller_overdue_reminder_days = 3
        move, slip = self.move, self.slip
        today = fields.Date.context_today(slip)
        slip.sudo().date_due = today - timedelta(days=1)
        self.assertFalse(self.env["account.move"]._cron_send_overdue_reminders())
        slip.sudo().date_due = today - timedelta(days=3)
        reminded = self.env["account.move"]._cron_send_overdue_reminders()
        self.assertEqual(reminded, slip)
        self.assertTrue(slip.reminder_sent)
        self.assertIn(
            "overdue", move.message_ids[0].subject or move.message_ids[0].body
        )
        self.assertFalse(self.env["account.move"]._cron_send_overdue_reminders())

    def test_slip_prints_as_pdf_and_html(self):
        move, slip = self.move, self.slip
        html = self.env["ir.actions.report"]._render_qweb_html(
            "reseller_billing.action_report_reseller_payment_slip", slip.ids
        )[0]
        self.assertIn(slip.digitable_line, html.decode())
        invoice_html = self.env["ir.actions.report"]._render_qweb_html(
            "account.account_invoices", move.ids
        )[0]
        self.assertIn("03/2026", invoice_html.decode())
        action = move.with_context(discard_logo_check=True).action_reseller_print_slip()
        self.assertEqual(action["report_name"], "reseller_billing.report_payment_slip")
        self.assertEqual(
            slip.action_view_html()["url"],
            f"/report/html/reseller_billing.report_payment_slip/{slip.id}",
        )
