from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestProrate(BillingCommon):
    def test_first_month_billed_for_its_days(self):
        self.contract_a.write(
            {"date_start": "2026-03-18", "prorate_first_invoice": True}
        )
        line = self.contract_a._create_invoices(3, 2026).invoice_line_ids
        # 14 of March's 31 days: 150 * 14 / 31 = 67.74
        self.assertEqual(line.price_unit, 67.74)
        self.assertIn("14 of 31 days", line.name)
        line = self.contract_a._create_invoices(4, 2026).invoice_line_ids
        self.assertEqual(line.price_unit, 150.0)

    def test_without_the_option_the_first_month_is_full(self):
        self.contract_a.date_start = "2026-03-18"
        line = self.contract_a._create_invoices(3, 2026).invoice_line_ids
        self.assertEqual(line.price_unit, 150.0)
