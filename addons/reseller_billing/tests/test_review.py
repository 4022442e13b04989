from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestReview(BillingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.staff = new_test_user(
            cls.env,
            login="review_staff",
            groups="reseller_billing.group_reseller_billing_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        # An accountant of the office who does not work on client billing.
        cls.accountant = new_test_user(
            cls.env,
            login="review_accountant",
            groups="account.group_account_invoice",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id

    def test_accountant_without_billing_rights_works_on_invoices(self):
        """Installing billing must not lock other accountants out of invoices."""
        invoice = self.init_invoice("out_invoice", amounts=[100.0], post=True)
        invoice = invoice.with_user(self.accountant)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        # A contract invoice: its form, reset (the slip is cancelled), re-post.
        move = self.move.with_user(self.accountant)
        values = move.web_read(
            {
                "reseller_slip_id": {"fields": {"display_name": {}}},
                "reseller_contract_id": {"fields": {"display_name": {}}},
                "reseller_billing_state": {},
            }
        )[0]
        self.assertEqual(values["reseller_slip_id"]["id"], self.slip.id)
        move.button_draft()
        self.assertEqual(self.slip.state, "cancelled")
        move.action_post()
        self.assertEqual(move.reseller_billing_state, "awaiting_payment")
        self.assertNotEqual(self.move.reseller_slip_id, self.slip)

    def test_staff_cannot_type_slip_payment_fields(self):
        """Over RPC a billing user could mark a slip paid without any payment."""
        slip = self.slip.with_user(self.staff)
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
                    "move_id": self.move.id,
                    "gateway_id": self.gateway.id,
                    "currency_id": self.move.currency_id.id,
                    "amount": 150.0,
                    "state": "paid",
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        # Staff still follow slips and write on their chatter.
        slip.message_post(body="Client called about this slip.")

    def test_billing_state_is_never_typed_in(self):
        with self.assertRaises(AccessError):
            self.move.with_user(self.staff).write({"reseller_billing_state": "paid"})
        self.env.invalidate_all()
        self.assertEqual(self.move.reseller_billing_state, "awaiting_payment")

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

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_bad_date_or_amount_in_a_signed_payload_is_400(self):
        """Not a 500 that the gateway retries forever, and nothing recorded."""
        for key, value in (
            ("paid_date", "2026-13-45"),
            ("paid_date", 20260310),
            ("amount", float("nan")),
            ("amount", -150.0),
        ):
            with self.subTest(key=key, value=value):
                payload = self._payment_payload(self.slip, event_id=f"bad-{key}")
                payload[key] = value
                raw_body, signature, timestamp = self._signed(payload)
                response = self.url_open(
                    f"/reseller_billing/webhook/{self.gateway.code}",
                    data=raw_body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Signature": signature,
                        "X-Timestamp": timestamp,
                    },
                )
                self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        self.assertFalse(self.slip.paid_amount)
        self.assertFalse(self.env["reseller.webhook.event"].search([]))

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_hostile_signature_or_timestamp_header_is_refused_not_500(self):
        payload = self._payment_payload(self.slip, event_id="hostile")
        raw_body, signature, timestamp = self._signed(payload)
        for headers in (
            {"X-Signature": "sha256=\u00e9t\u00e9", "X-Timestamp": timestamp},
            {"X-Signature": signature, "X-Timestamp": "9" * 4000},
        ):
            with self.subTest(headers=headers):
                response = self.url_open(
                    f"/reseller_billing/webhook/{self.gateway.code}",
                    data=raw_body,
                    headers={"Content-Type": "application/json", **headers},
                )
                self.assertIn(response.status_code, (401, 403))
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        self.assertFalse(self.env["reseller.webhook.event"].search([]))

    @mute_logger("odoo.addons.reseller_billing.models.reseller_contract")
    def test_one_misconfigured_contract_does_not_block_the_run(self):
        """Else the daily run fails at the same contract forever."""
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        foreign_term = self.env["account.payment.term"].create(
            {"name": "Foreign term", "company_id": elsewhere.id}
        )
        self.contract_a.payment_term_id = foreign_term
        moves = self.env["reseller.contract"]._run_recurring_invoicing(
            4, 2026, batch_size=10, commit=False
        )
        self.assertEqual(moves.reseller_contract_id, self.contract_b)
        self.assertFalse(
            self.contract_a.invoice_ids.filtered(lambda m: m.reference_month == "04")
        )
        self.assertIn("Not invoiced for 04/2026", self.contract_a.message_ids[0].body)
