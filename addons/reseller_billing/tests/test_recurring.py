from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.reseller_billing.models.reseller_contract import ResellerContract

from .common import BillingCommon


class SimulatedCrash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestRecurring(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.more_contracts = cls.env["reseller.contract"]
        for index in range(5):
            partner = cls.env["res.partner"].create(
                {"name": f"Batch client {index}", "is_company": True}
            )
            cls.more_contracts |= cls._make_contract(partner, 10.0 + index)
        cls.all_contracts = cls.contract_a | cls.contract_b | cls.more_contracts

    def _period_moves(self, month=6, year=2026):
        return self.env["account.move"].search(
            [
                ("reseller_contract_id", "in", self.all_contracts.ids),
                ("reference_month", "=", f"{month:02d}"),
                ("reference_year", "=", str(year)),
            ]
        )

    def test_run_invoices_each_active_contract_once(self):
        Contract = self.env["reseller.contract"]
        created = Contract._run_recurring_invoicing(6, 2026, batch_size=3)
        self.assertEqual(created.reseller_contract_id, self.all_contracts)
        self.assertEqual(len(created), 7)
        self.assertEqual(set(created.mapped("state")), {"posted"})
        # A repeated run creates nothing more.
        self.assertFalse(Contract._run_recurring_invoicing(6, 2026, batch_size=3))
        self.assertEqual(self._period_moves(), created)
        # Another period is independent.
        self.assertEqual(len(Contract._run_recurring_invoicing(7, 2026)), 7)

    def test_contract_outside_its_dates_is_skipped(self):
        self.contract_a.date_end = "2026-05-31"
        self.contract_b.date_start = "2026-07-01"
        created = self.env["reseller.contract"]._run_recurring_invoicing(6, 2026)
        self.assertEqual(created.reseller_contract_id, self.more_contracts)

    def test_crash_mid_run_resumes_without_duplicates(self):
        """A failure in the 2nd batch keeps the 1st; the next run does the rest.

        The cron does one batch a call and the scheduler commits after each: the
        crashed call is rolled back (here by assertRaises' savepoint), the batch
        before it stays.
        """
        original = ResellerContract._prepare_invoice_values
        failing = self.more_contracts[2]

        def prepare_or_crash(contract, month, year):
            if contract == failing:
                raise SimulatedCrash("power cut")
            return original(contract, month, year)

        Contract = self.env["reseller.contract"]
        with patch.object(
            ResellerContract, "_prepare_invoice_values", prepare_or_crash
        ):
            _contracts, first_moves = Contract._invoice_due_contracts_batch(
                6, 2026, batch_size=3
            )
            self.assertEqual(len(first_moves), 3)
            with self.assertRaises(SimulatedCrash):
                Contract._invoice_due_contracts_batch(6, 2026, batch_size=3)
        first_batch = self._period_moves()
        self.assertEqual(first_batch, first_moves, "the first batch survived the crash")
        self.assertNotIn(failing, first_batch.reseller_contract_id)
        resumed = Contract._run_recurring_invoicing(6, 2026, batch_size=3)
        self.assertEqual(len(resumed), 4)
        self.assertFalse(resumed & first_batch)
        self.assertEqual(self._period_moves().reseller_contract_id, self.all_contracts)

    def test_cron_batch_reports_its_progress(self):
        """Each call invoices one batch and tells the scheduler what is left."""
        cron = self.env.ref("reseller_billing.ir_cron_reseller_create_invoices")
        Contract = self.env["reseller.contract"]
        progress_by_call = []
        for _call in range(4):
            progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
            Contract.with_context(
                ir_cron_progress_id=progress.id
            )._invoice_due_contracts_batch(6, 2026, batch_size=3)
            progress_by_call.append((progress.done, progress.remaining))
        self.assertEqual(progress_by_call, [(3, 4), (3, 1), (1, 0), (0, 0)])
        self.assertEqual(self._period_moves().reseller_contract_id, self.all_contracts)

    @mute_logger("odoo.addons.reseller_billing.models.reseller_contract_recurring")
    def test_one_misconfigured_contract_does_not_block_the_run(self):
        """Else the daily run fails at the same contract forever."""
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        foreign_term = self.env["account.payment.term"].create(
            {"name": "Foreign term", "company_id": elsewhere.id}
        )
        self.contract_a.payment_term_id = foreign_term
        moves = self.env["reseller.contract"]._run_recurring_invoicing(
            4, 2026, batch_size=10
        )
        self.assertEqual(
            moves.reseller_contract_id, self.all_contracts - self.contract_a
        )
        self.assertFalse(
            self.contract_a.invoice_ids.filtered(lambda m: m.reference_month == "04")
        )
        self.assertIn("Not invoiced for 04/2026", self.contract_a.message_ids[0].body)

    @mute_logger("odoo.addons.reseller_billing.models.reseller_contract_recurring")
    def test_misconfigured_contract_in_a_cron_batch_does_not_block_it(self):
        """A batch that only holds a contract that cannot be invoiced still
        reports progress, so the scheduler goes on with the next batches; the
        contract is set aside for the day, not tried (and noted) at every call.
        """
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        self.contract_a.payment_term_id = self.env["account.payment.term"].create(
            {"name": "Foreign term", "company_id": elsewhere.id}
        )
        cron = self.env.ref("reseller_billing.ir_cron_reseller_create_invoices")
        Contract = self.env["reseller.contract"]
        invoiced = self.env["reseller.contract"]
        progress_by_call = []
        for _call in range(len(self.all_contracts) + 1):
            progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
            _contracts, moves = Contract.with_context(
                ir_cron_progress_id=progress.id
            )._invoice_due_contracts_batch(4, 2026, batch_size=1)
            invoiced |= moves.reseller_contract_id
            progress_by_call.append((progress.done, progress.remaining))
        self.assertEqual(progress_by_call[0], (1, 6), "the failure counts as done")
        self.assertEqual(progress_by_call[-1], (0, 0))
        self.assertEqual(invoiced, self.all_contracts - self.contract_a)
        notes = self.contract_a.message_ids.filtered(
            lambda m: "Not invoiced for 04/2026" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertTrue(self.contract_a.invoicing_failed_date)
        # Once staff fix the contract, the next call invoices it.
        self.contract_a.payment_term_id = False
        self.assertFalse(self.contract_a.invoicing_failed_date)
        _contracts, moves = Contract._invoice_due_contracts_batch(4, 2026)
        self.assertEqual(moves.reseller_contract_id, self.contract_a)

    def _count_queries(self, func):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_per_contract(self):
        """Finding due contracts and counting invoices cost the same for 7 or 17."""
        Contract = self.env["reseller.contract"]
        domain = Contract._get_contracts_to_invoice_domain(6, 2026)
        Contract.search(domain)._compute_invoice_count()  # warm up caches

        def due_and_counts():
            Contract.search(domain)._compute_invoice_count()

        with_seven = self._count_queries(due_and_counts)
        for index in range(10):
            partner = self.env["res.partner"].create({"name": f"Extra {index}"})
            self._make_contract(partner, 5.0)
        self.assertEqual(len(Contract.search(domain)), 17)
        self.assertEqual(self._count_queries(due_and_counts), with_seven)
        self.assertLessEqual(with_seven, 4)
