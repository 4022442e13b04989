from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareReports(AccountingShareCommon):
    def test_profit_loss(self):
        data = self._compute("profit_loss")
        # March 2024: revenue 1,000; cost 400; opex 300; other income 50.
        self.assertEqual(
            data["values"]["period"],
            {
                "revenue": 1000.0,
                "cost_of_revenue": 400.0,
                "gross_profit": 600.0,
                "operating_expenses": 300.0,
                "operating_profit": 300.0,
                "other_income": 50.0,
                "other_expenses": 0.0,
                "net_profit": 350.0,
            },
        )
        # Nothing else happened in 2024 before March: year to date = period.
        self.assertEqual(data["values"]["ytd"], data["values"]["period"])
        # March 2023: only the 200 of revenue.
        self.assertEqual(data["values"]["period_previous"]["revenue"], 200.0)
        self.assertEqual(data["values"]["period_previous"]["net_profit"], 200.0)
        self.assertEqual(data["values"]["ytd_previous"]["net_profit"], 200.0)
        self.assertEqual(data["column_dates"]["ytd"], ["2024-01-01", "2024-03-31"])

    def test_balance_sheet_balances(self):
        data = self._compute("balance_sheet")
        values = data["values"]
        # Cash 200 + 10,000 - 300 + 50 = 9,950; receivable 1,150; VAT paid 60.
        self.assertEqual(values["assets_current"], 11160.0)
        self.assertEqual(values["assets_non_current"], 6000.0)
        self.assertEqual(values["total_assets"], 17160.0)
        # Payable 460 and VAT due 150; the loan 6,000.
        self.assertEqual(values["liabilities_current"], 610.0)
        self.assertEqual(values["liabilities_non_current"], 6000.0)
        # Capital 10,000 and 2023's unallocated 200; 2024's 350 on its own line.
        self.assertEqual(values["equity"], 10200.0)
        self.assertEqual(values["current_year_earnings"], 350.0)
        self.assertEqual(values["total_equity"], 10550.0)
        self.assertEqual(values["total_liabilities_equity"], 17160.0)
        self.assertTrue(data["balanced"])

    def test_balance_sheet_balances_at_any_date(self):
        for date_to in ("2023-12-31", "2024-01-05", "2024-03-12", "2025-06-30"):
            data = self._compute("balance_sheet", "2023-01-01", date_to)
            self.assertTrue(data["balanced"], date_to)
        self.assertEqual(
            self._compute("balance_sheet", "2023-01-01", "2023-12-31")["values"][
                "current_year_earnings"
            ],
            200.0,
        )

    def test_ratios(self):
        values = self._compute("ratios")["values"]
        self.assertEqual(values["current_ratio"], round(11160 / 610, 4))
        self.assertEqual(values["quick_ratio"], round(11100 / 610, 4))
        self.assertEqual(values["debt_to_equity"], round(6610 / 10550, 4))
        self.assertEqual(values["gross_margin"], 0.6)
        self.assertEqual(values["net_margin"], 0.35)
        self.assertEqual(values["return_on_equity"], round(350 / 10550, 4))

    def test_ratios_zero_denominator_is_a_dash(self):
        # Before any entry: no revenue, no liabilities, no equity.
        data = self._compute("ratios", "2020-01-01", "2020-12-31")
        self.assertTrue(all(value is None for value in data["values"].values()))
        publication = self._new_publication("ratios")
        self.assertEqual(publication._format_ratio(None), "-")
        self.assertEqual(publication._format_ratio(0.35, percent=True), "35.00 %")

    def test_taxes(self):
        data = self._compute("taxes")
        by_use = {tax["type_tax_use"]: tax for tax in data["taxes"]}
        self.assertEqual(by_use["sale"]["base"], 1000.0)
        self.assertEqual(by_use["sale"]["tax"], 150.0)
        self.assertEqual(by_use["purchase"]["base"], 400.0)
        self.assertEqual(by_use["purchase"]["tax"], 60.0)
        self.assertEqual(len(data["taxes"]), 2)

    def test_treasury(self):
        data = self._compute("treasury")
        # At 2024-03-31 the invoice (due 04-15) is in 0-30 days, the bill overdue.
        self.assertEqual(
            data["values"]["receivable"],
            {
                "overdue": 0.0,
                "due_0_30": 1150.0,
                "due_31_60": 0.0,
                "due_61_90": 0.0,
                "due_over_90": 0.0,
                "total": 1150.0,
            },
        )
        self.assertEqual(data["values"]["payable"]["overdue"], 460.0)
        self.assertEqual(data["values"]["payable"]["total"], 460.0)
        self.assertEqual(
            data["next_maturities"],
            [
                {
                    "kind": "receivable",
                    "date": "2024-04-15",
                    "move": self.customer_invoice.name,
                    "partner": self.partner_a.name,
                    "amount": 1150.0,
                }
            ],
        )
        # Before the invoice existed there was nothing open.
        before = self._compute("treasury", "2024-01-01", "2024-02-20")
        self.assertEqual(before["values"]["receivable"]["total"], 0.0)
        # At 2024-03-11: the invoice is 35 days out, the bill 9 days.
        data = self._compute("treasury", "2024-01-01", "2024-03-11")
        self.assertEqual(data["values"]["receivable"]["due_31_60"], 1150.0)
        self.assertEqual(data["values"]["payable"]["due_0_30"], 460.0)

    def test_treasury_reads_open_amounts_as_of_the_report_date(self):
        """An invoice paid after the report date is open in that report."""
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.customer_invoice.ids
        ).create({"payment_date": "2024-04-10"})._create_payments()
        self.assertFalse(self.customer_invoice.amount_residual)
        march = self._compute("treasury")
        self.assertEqual(march["values"]["receivable"]["due_0_30"], 1150.0)
        self.assertEqual(march["values"]["receivable"]["total"], 1150.0)
        self.assertEqual(
            [line["amount"] for line in march["next_maturities"]], [1150.0]
        )
        april = self._compute("treasury", "2024-04-01", "2024-04-30")
        self.assertEqual(april["values"]["receivable"]["total"], 0.0)
        self.assertFalse(
            [line for line in april["next_maturities"] if line["kind"] == "receivable"]
        )

    def test_general_ledger(self):
        data = self._compute("general_ledger")
        accounts = {account["id"]: account for account in data["accounts"]}
        cash = accounts[self.account_cash.id]
        # Balance sheet account: the opening carries 2023 and January.
        self.assertEqual(cash["opening"], 10200.0)
        self.assertEqual(
            [
                (line["debit"], line["credit"], line["balance"])
                for line in cash["lines"]
            ],
            [(0.0, 300.0, 9900.0), (50.0, 0.0, 9950.0)],
        )
        self.assertEqual(cash["closing"], 9950.0)
        self.assertEqual(cash["code"], self.account_cash.code)
        # P&L account: the 2023 revenue does not open 2024.
        revenue = accounts[self.account_revenue.id]
        self.assertEqual(revenue["opening"], 0.0)
        self.assertEqual(revenue["lines"][0]["balance"], -1000.0)
        # The fixed asset had no March line, but keeps its opening.
        self.assertEqual(accounts[self.account_fixed.id]["opening"], 6000.0)
        self.assertEqual(accounts[self.account_fixed.id]["lines"], [])

    def test_trial_balance_sums_to_zero(self):
        general_ledger = self.report_model._get_report_type("general_ledger")
        data = general_ledger._get_trial_balance_data(
            self.company, *self._dates("2024-01-01", "2024-12-31")
        )
        # 2023's 200 of revenue is closed into equity: the revenue account opens
        # 2024 at zero, so the accounts sum to that unallocated 200.
        self.assertAlmostEqual(sum(a["closing"] for a in data["accounts"]), 200.0)
        self.assertAlmostEqual(
            sum(a["debit"] for a in data["accounts"]),
            sum(a["credit"] for a in data["accounts"]),
        )

    def _dates(self, date_from, date_to):
        return fields.Date.to_date(date_from), fields.Date.to_date(date_to)

    def test_other_company_never_leaks(self):
        # Company C's 77,777 of revenue in March 2024 is not in company 1's figures.
        data = self._compute("profit_loss")
        self.assertEqual(data["values"]["period"]["revenue"], 1000.0)
        # And company C alone sees only its own.
        data_c = self.report_model._get_report_data(
            self.company_c, "profit_loss", *self._dates("2024-03-01", "2024-03-31")
        )
        self.assertEqual(data_c["values"]["period"]["revenue"], 77777.0)

    def test_computing_requires_membership_of_the_company(self):
        report = self.report_model.with_user(self.staff)
        self.assertNotIn(self.company_c, self.staff.company_ids)
        self.assertFalse(report.env.su)
        # Staff of company 1 only, even from company 1's context, cannot reach C.
        with self.assertRaises(AccessError):
            report.with_company(self.company)._get_report_data(
                self.company_c, "profit_loss", *self._dates("2024-03-01", "2024-03-31")
            )
        data = report._get_report_data(
            self.company, "profit_loss", *self._dates("2024-03-01", "2024-03-31")
        )
        self.assertEqual(data["values"]["period"]["net_profit"], 350.0)
        # A portal user cannot compute anything.
        with self.assertRaises(AccessError):
            self.report_model.with_user(self.portal_a)._get_report_data(
                self.company, "profit_loss", *self._dates("2024-03-01", "2024-03-31")
            )

    def _count_queries(self, report_type):
        # Warm the registry caches once, then count a steady-state computation.
        self._compute(report_type, "2024-01-01", "2024-12-31")
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        self._compute(report_type, "2024-01-01", "2024-12-31")
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_lines_and_accounts(self):
        report_types = [code for code, _label in self.report_model._get_report_types()]
        counts = {rtype: self._count_queries(rtype) for rtype in report_types}
        # Thirty new accounts with two hundred more lines.
        accounts = self.env["account.account"].create(
            [
                {
                    "code": f"SHX{index:02d}",
                    "name": f"Extra {index}",
                    "account_type": "expense" if index % 2 else "income",
                    "company_ids": [Command.set(self.company.ids)],
                }
                for index in range(30)
            ]
        )
        self.env["account.move"].create(
            [
                {
                    "move_type": "entry",
                    "date": "2024-05-10",
                    "journal_id": self.company_data["default_journal_misc"].id,
                    "line_ids": [
                        Command.create(
                            {"account_id": accounts[index % 30].id, "debit": 10}
                        ),
                        Command.create(
                            {"account_id": accounts[(index + 1) % 30].id, "credit": 10}
                        ),
                    ],
                }
                for index in range(100)
            ]
        ).action_post()
        for rtype in report_types:
            self.assertEqual(self._count_queries(rtype), counts[rtype], rtype)
