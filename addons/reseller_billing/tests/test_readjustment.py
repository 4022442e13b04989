from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BillingCommon

# IPCA 2023, IBGE: 4.62% over the year.
IPCA_2023 = [0.53, 0.84, 0.71, 0.61, 0.23, -0.08, 0.12, 0.23, 0.26, 0.24, 0.28, 0.56]
ANNIVERSARY = date(2024, 1, 1)


@tagged("post_install", "-at_install")
class TestReadjustment(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ipca = cls.env.ref("reseller_billing.reseller_billing_index_ipca")
        cls.rates = cls.env["reseller.billing.index.rate"].create(
            [
                {"index_id": cls.ipca.id, "month": date(2023, month, 15), "rate": rate}
                for month, rate in enumerate(IPCA_2023, start=1)
            ]
        )
        cls.contract_a.write(
            {
                "amount": 1000.0,
                "date_start": "2023-01-01",
                "readjustment_index_id": cls.ipca.id,
                "readjustment_month": 1,
            }
        )

    def _due(self):
        return self.env["reseller.contract"].search(
            self.env["reseller.contract"]._get_contracts_to_readjust_domain(ANNIVERSARY)
        )

    def test_published_ipca_twelve_months_to_the_cent(self):
        self.assertEqual(self.rates[0].month, date(2023, 1, 1))
        self.assertIn(self.contract_a, self._due())
        readjustment = self.contract_a._readjust(ANNIVERSARY)
        self.assertEqual(self.contract_a.amount, 1046.21)
        self.assertEqual(readjustment.old_amount, 1000.0)
        self.assertEqual(readjustment.new_amount, 1046.21)
        self.assertAlmostEqual(readjustment.rate, 4.6211, places=4)
        self.assertEqual(readjustment.months_used, "01/2023-12/2023")
        self.assertEqual(self.contract_a.readjustment_ids, readjustment)
        self.assertTrue(
            self.contract_a.message_ids.filtered(
                lambda m: "readjust" in (m.subject or "").lower()
            )
        )
        # Never twice for the same anniversary.
        self.assertNotIn(self.contract_a, self._due())
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.contract_a._readjust(ANNIVERSARY)

    def test_missing_month_blocks_with_a_message(self):
        self.rates[6].unlink()
        self.assertFalse(self.contract_a._readjust(ANNIVERSARY))
        self.assertEqual(self.contract_a.amount, 1000.0)
        self.assertIn("no rate for 07/2023", self.contract_a.message_ids[0].body)
        self.assertTrue(self.contract_a.readjustment_blocked_date)

    def test_blocked_readjustment_is_retried_daily_and_shown_to_staff(self):
        missing = self.rates[6]
        missing_values = {
            "index_id": self.ipca.id,
            "month": missing.month,
            "rate": 0.12,
        }
        missing.unlink()
        Contract = self.env["reseller.contract"]
        blocked_filter = [("readjustment_blocked_date", "!=", False)]
        with freeze_time("2024-01-05"):
            self.assertFalse(Contract._cron_readjust_contracts())
            self.assertEqual(
                self.contract_a.readjustment_blocked_date, date(2024, 1, 5)
            )
            self.assertIn(self.contract_a, Contract.search(blocked_filter))
            activity = self.contract_a.activity_ids
            self.assertEqual(activity.summary, "Readjustment blocked")
            self.assertIn("no rate for 07/2023", activity.note)
            # The same day's next run leaves it aside.
            self.assertNotIn(self.contract_a, self._due())
        with freeze_time("2024-01-06"):
            # Still missing the next day: tried again, noted, no second activity.
            self.assertIn(self.contract_a, self._due())
            self.assertFalse(Contract._cron_readjust_contracts())
            self.assertEqual(
                self.contract_a.readjustment_blocked_date, date(2024, 1, 6)
            )
            self.assertEqual(len(self.contract_a.activity_ids), 1)
        self.env["reseller.billing.index.rate"].create(missing_values)
        with freeze_time("2024-01-07"):
            readjustment = Contract._cron_readjust_contracts()
        self.assertEqual(readjustment.contract_id, self.contract_a)
        self.assertEqual(self.contract_a.amount, 1046.21)
        self.assertFalse(self.contract_a.readjustment_blocked_date)
        self.assertNotIn(self.contract_a, Contract.search(blocked_filter))

    def test_wild_rate_needs_confirmation(self):
        self.rates[3].rate = 61.0
        self.assertTrue(self.rates[3].needs_confirmation)
        self.assertFalse(self.contract_a._readjust(ANNIVERSARY))
        self.assertIn("needs confirmation", self.contract_a.message_ids[0].body)
        self.rates[3].action_confirm_rate()
        self.assertTrue(self.contract_a._readjust(ANNIVERSARY))
        self.assertGreater(self.contract_a.amount, 1600)

    def test_fixed_rate(self):
        self.contract_b.write(
            {
                "date_start": "2023-01-01",
                "readjustment_fixed_rate": 5.0,
                "readjustment_month": 1,
            }
        )
        self.contract_b._readjust(ANNIVERSARY)
        self.assertEqual(self.contract_b.amount, 94.5)

    def test_csv_import_uses_the_standard_import(self):
        result = self.env["reseller.billing.index.rate"].load(
            ["index_id", "month", "rate"], [["IPCA", "2024-01-01", "0.42"]]
        )
        self.assertFalse(result["messages"], result["messages"])
        line = self.env["reseller.billing.index.rate"].browse(result["ids"])
        self.assertEqual((line.month, line.rate), (date(2024, 1, 1), 0.42))

    def test_readjusted_and_announced_before_the_anniversary_invoice(self):
        this_month = fields.Date.context_today(self.contract_b).replace(day=1)
        self.env["reseller.billing.index.rate"].create(
            [
                {
                    "index_id": self.ipca.id,
                    "month": this_month - relativedelta(months=back),
                    "rate": 0.5,
                }
                for back in range(1, 13)
                if this_month - relativedelta(months=back) >= date(2024, 1, 1)
            ]
        )
        self.contract_b.write(
            {
                "date_start": this_month - relativedelta(years=1),
                "readjustment_index_id": self.ipca.id,
                "readjustment_month": this_month.month,
                "billing_day": 1,
            }
        )
        self.contract_b._invoice_due_contracts_batch(this_month.month, this_month.year)
        move = self.contract_b.invoice_ids.filtered(
            lambda m: m.reference_month == f"{this_month.month:02d}"
        )
        self.assertEqual(self.contract_b.amount, 95.55)  # 90 x 1.005^12
        self.assertEqual(move.invoice_line_ids.price_unit, 95.55)
        self.assertTrue(self.contract_b.readjustment_ids)
