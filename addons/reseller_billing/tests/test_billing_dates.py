import calendar
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestBillingDates(BillingCommon):
    """No invoice dated ahead, none due before its date; the run waits its day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_day = {}
        for day in range(1, 29):
            contract = cls._make_contract(cls.client_a, 10.0 + day)
            contract.billing_day = day
            cls.by_day[day] = contract
        cls.day_contracts = cls.env["reseller.contract"].union(*cls.by_day.values())

    def _run(self, today):
        with freeze_time(today):
            moves = self.env["reseller.contract"]._run_recurring_invoicing(
                today.month, today.year
            )
        return moves.filtered(lambda m: m.reseller_contract_id in self.day_contracts)

    def _period_moves(self, today):
        return self.day_contracts.invoice_ids.filtered(
            lambda m: m.reference_month == "%02d" % today.month
            and m.reference_year == "%04d" % today.year
        )

    def assertRunWaitsForBillingDays(self, today):
        """After a run on `today`: exactly the days reached, each on its day."""
        self._run(today)
        moves = self._period_moves(today)
        self.assertEqual(
            sorted(moves.reseller_contract_id.mapped("billing_day")),
            list(range(1, min(today.day, 28) + 1)),
            f"run on {today}",
        )
        for move in moves:
            billing_day = move.reseller_contract_id.billing_day
            self.assertEqual(move.invoice_date, today.replace(day=billing_day))
            self.assertLessEqual(move.invoice_date, today, "never dated ahead")
            self.assertGreaterEqual(move.invoice_date_due, move.invoice_date)

    def test_run_on_the_first_invoices_only_day_one(self):
        self.assertRunWaitsForBillingDays(date(2026, 3, 1))

    def test_run_on_a_billing_day_includes_that_day(self):
        for day in (5, 15, 28):
            self.assertRunWaitsForBillingDays(date(2026, 5, day))

    def test_run_on_the_last_day_of_a_month_invoices_all(self):
        self.assertRunWaitsForBillingDays(date(2026, 3, 31))
        self.assertRunWaitsForBillingDays(date(2026, 4, 30))

    def test_every_day_of_february(self):
        """Daily runs through February: each contract on its day, once."""
        for year in (2026, 2028):  # 28 days, then a leap year's 29
            last_day = calendar.monthrange(year, 2)[1]
            for day in range(1, last_day + 1):
                self.assertRunWaitsForBillingDays(date(year, 2, day))
            self.assertEqual(len(self._period_moves(date(year, 2, 1))), 28)

    def test_past_period_is_invoiced_in_full_on_its_billing_days(self):
        with freeze_time("2026-03-02"):
            moves = self.day_contracts._create_invoices(2, 2026)
        self.assertEqual(len(moves), 28)
        for move in moves:
            billing_day = move.reseller_contract_id.billing_day
            self.assertEqual(move.invoice_date, date(2026, 2, billing_day))
            self.assertGreaterEqual(move.invoice_date_due, move.invoice_date)

    def test_future_period_waits(self):
        with freeze_time("2026-03-31"):
            moves = self.env["reseller.contract"]._run_recurring_invoicing(4, 2026)
        self.assertFalse(moves & self.day_contracts.invoice_ids)

    def test_button_before_the_billing_day_dates_today(self):
        contract = self.by_day[20]
        with freeze_time("2026-03-10"):
            contract.action_create_invoice()
        move = contract.invoice_ids
        self.assertEqual(move.invoice_date, date(2026, 3, 10))
        self.assertEqual(move.invoice_date_due, date(2026, 3, 10))

    def test_payment_term_due_date_follows_the_invoice_date(self):
        contract = self.by_day[12]
        contract.payment_term_id = self.env.ref("account.account_payment_term_30days")
        with freeze_time("2026-03-31"):
            contract._create_invoices(3, 2026)
        move = contract.invoice_ids
        self.assertEqual(move.invoice_date, date(2026, 3, 12))
        self.assertEqual(move.invoice_date_due, date(2026, 4, 11))
