from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.reseller_billing.models.reseller_billing_gateway_sandbox import (
    _mod10,
    _mod11,
)

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestContract(BillingCommon):
    def test_contract_starts_in_trial_with_a_code(self):
        contract = self._make_contract(self.client_a, 50.0, state="trial")
        self.assertEqual(contract.state, "trial")
        self.assertTrue(contract.name.startswith("CTR/"), contract.name)
        self.assertNotEqual(contract.name, self.contract_a.name)

    def test_state_buttons_leave_a_chatter_trace(self):
        # AccountTestInvoicingCommon disables tracking; staff do not.
        contract = (
            self.env["reseller.contract"]
            .with_context(tracking_disable=False, mail_notrack=False)
            .create(
                {
                    "partner_id": self.client_a.id,
                    "product_id": self.service.id,
                    "amount": 50.0,
                }
            )
        )
        self.env.flush_all()
        self.cr.precommit.run()
        for action in ("action_activate", "action_suspend", "action_cancel"):
            getattr(contract, action)()
            self.env.flush_all()
            self.cr.precommit.run()
        self.assertEqual(contract.state, "cancelled")
        tracked = contract.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            ["Active", "Cancelled", "Suspended"],
        )
        with self.assertRaises(UserError):
            contract.action_suspend()

    def test_trial_contract_is_not_invoiced_from_any_entry_point(self):
        trial = self._make_contract(self.client_a, 50.0, state="trial")
        # The button
        with self.assertRaisesRegex(UserError, "Only active contracts"):
            trial.action_create_invoice()
        # RPC on the business method
        with self.assertRaisesRegex(UserError, "Only active contracts"):
            trial._create_invoices(3, 2026)
        # A hand-made invoice pointing at the contract
        with self.assertRaisesRegex(UserError, "Only active contracts"):
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client_a.id,
                    "reseller_contract_id": trial.id,
                    "reference_month": "03",
                    "reference_year": "2026",
                }
            )
        # The wizard, with the contract selected
        wizard = (
            self.env["reseller.invoice.generate"]
            .with_context(active_model="reseller.contract", active_ids=trial.ids)
            .create({"reference_month": "03", "reference_year": "2026"})
        )
        self.assertEqual(wizard.contract_count, 0)
        with self.assertRaisesRegex(UserError, "Only active contracts"):
            wizard.action_generate()
        # The recurring run
        moves = self.env["reseller.contract"]._run_recurring_invoicing(3, 2026)
        self.assertNotIn(trial, moves.reseller_contract_id)
        self.assertFalse(trial.invoice_ids)

    def test_suspended_contract_cannot_post_its_draft(self):
        move = self.contract_a._create_invoices(3, 2026, post=False)
        self.contract_a.action_suspend()
        with self.assertRaisesRegex(UserError, "Only active contracts"):
            move.action_post()

    def test_invoice_carries_reference_period_and_slip(self):
        move = self.contract_a._create_invoices(3, 2026)
        self.assertRecordValues(
            move,
            [
                {
                    "state": "posted",
                    "move_type": "out_invoice",
                    "partner_id": self.client_a.id,
                    "reference_month": "03",
                    "reference_year": "2026",
                    "amount_total": 150.0,
                    "reseller_billing_state": "awaiting_payment",
                }
            ],
        )
        self.assertEqual(str(move.invoice_date), "2026-03-05")
        slip = move.reseller_slip_id
        self.assertEqual(slip.state, "registered")
        self.assertEqual(slip.amount, 150.0)
        self.assertEqual(slip.partner_id, self.client_a)
        self.assertIn(f"/reseller_billing/sandbox/{slip.external_id}", slip.payment_url)
        # A FEBRABAN barcode: 44 digits, check digit at position 5 (modulo 11).
        barcode = slip.barcode
        self.assertEqual(len(barcode), 44)
        self.assertEqual(barcode[4], _mod11(barcode[:4] + barcode[5:]))
        self.assertEqual(barcode[9:19], "0000015000")
        # Digitable line: 47 digits, three fields with a modulo-10 check digit.
        digits = slip.digitable_line.replace(".", "").replace(" ", "")
        self.assertEqual(len(digits), 47)
        for field in (digits[0:10], digits[10:21], digits[21:32]):
            self.assertEqual(field[-1], _mod10(field[:-1]))

    def test_reference_period_format_is_enforced(self):
        move = self.contract_a._create_invoices(3, 2026, post=False)
        for month in ("13", "3", "00", "ab"):
            with self.assertRaises(ValidationError):
                move.reference_month = month
        with self.assertRaises(ValidationError):
            move.reference_year = "26"

    @mute_logger("odoo.sql_db")
    def test_unique_guard_per_contract_and_period(self):
        move = self.contract_a._create_invoices(3, 2026)
        values = self.contract_a._prepare_invoice_values(3, 2026)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["account.move"].create(values)
        # A cancelled invoice frees the period for its replacement.
        move.button_draft()
        move.button_cancel()
        self.assertEqual(move.reseller_billing_state, "cancelled")
        self.assertEqual(move.reseller_slip_ids.state, "cancelled")
        replacement = self.contract_a._create_invoices(3, 2026)
        self.assertEqual(len(replacement), 1)
        self.assertNotEqual(replacement, move)

    def test_button_invoices_current_month_once(self):
        action = self.contract_a.action_create_invoice()
        move = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(move.reseller_contract_id, self.contract_a)
        self.assertEqual(self.contract_a.invoice_count, 1)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            self.contract_a.action_create_invoice()
        view_action = self.contract_a.action_view_invoices()
        self.assertEqual(self.env["account.move"].search(view_action["domain"]), move)

    def test_wizard_previews_then_generates(self):
        self._make_contract(self.client_a, 10.0, state="trial")
        wizard_form = Form(self.env["reseller.invoice.generate"])
        wizard_form.reference_month = "04"
        wizard_form.reference_year = "2026"
        wizard = wizard_form.save()
        self.assertEqual(wizard.contract_ids, self.contract_a | self.contract_b)
        self.assertEqual(wizard.amount_total, 240.0)
        action = wizard.action_generate()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves.reseller_contract_id, self.contract_a | self.contract_b)
        self.assertEqual(set(moves.mapped("reference_month")), {"04"})
        again = self.env["reseller.invoice.generate"].create(
            {"reference_month": "04", "reference_year": "2026"}
        )
        self.assertEqual(again.contract_count, 0)
        with self.assertRaisesRegex(UserError, "Nothing to invoice"):
            again.action_generate()

    def test_partner_lines_use_contract_amount(self):
        move = self.contract_b._create_invoices(5, 2026)
        self.assertEqual(move.invoice_line_ids.product_id, self.service)
        self.assertEqual(move.invoice_line_ids.price_unit, 90.0)
        self.assertIn("05/2026", move.invoice_line_ids.name)
        self.assertEqual(move.invoice_origin, self.contract_b.name)

    def test_contract_without_gateway_uses_the_company_gateway(self):
        contract = self._make_contract(self.client_b, 75.0)
        contract.gateway_id = False
        move = contract._create_invoices(2, 2026)
        self.assertEqual(move.reseller_slip_id.gateway_id, self.gateway)
        self.assertEqual(move.reseller_billing_state, "awaiting_payment")

    def test_reversed_invoice_is_cancelled_for_billing(self):
        move = self.contract_a._create_invoices(2, 2026)
        reversal = move._reverse_moves(cancel=True)
        self.assertTrue(reversal)
        self.assertEqual(move.payment_state, "reversed")
        self.assertEqual(move.reseller_billing_state, "cancelled")
        self.assertEqual(move.reseller_slip_ids.state, "cancelled")
