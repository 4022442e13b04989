from odoo import _
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import (
    CURRENT_ASSET_TYPES,
    CURRENT_LIABILITY_TYPES,
    EQUITY_TYPES,
    NON_CURRENT_ASSET_TYPES,
    NON_CURRENT_LIABILITY_TYPES,
    PROFIT_LOSS_TYPES,
    AccountingReportType,
    register_report_type,
)

_lt = LazyTranslate(__name__)

BALANCE_SHEET_ROWS = (
    "assets_current",
    "assets_non_current",
    "total_assets",
    "liabilities_current",
    "liabilities_non_current",
    "total_liabilities",
    "equity",
    "current_year_earnings",
    "total_equity",
    "total_liabilities_equity",
)


@register_report_type
class BalanceSheetReport(AccountingReportType):
    """Assets, liabilities and equity at the end of the period."""

    code = "balance_sheet"
    label = _lt("Balance Sheet")
    sequence = 20
    share_field = "accounting_share_balance_sheet"
    template = "accounting_share.report_balance_sheet"

    def get_labels(self):
        return {
            "assets_current": _("Current Assets"),
            "assets_non_current": _("Non-current Assets"),
            "total_assets": _("Total Assets"),
            "liabilities_current": _("Current Liabilities"),
            "liabilities_non_current": _("Non-current Liabilities"),
            "total_liabilities": _("Total Liabilities"),
            "equity": _("Equity"),
            "current_year_earnings": _("Current Year Unallocated Earnings"),
            "total_equity": _("Total Equity"),
            "total_liabilities_equity": _("Total Liabilities and Equity"),
        }

    def get_data(self, company, date_from, date_to):
        values = self._get_values(company, date_to)
        return {
            "rows": list(BALANCE_SHEET_ROWS),
            "totals": ["total_assets", "total_liabilities", "total_equity"],
            "values": values,
            "balanced": company.currency_id.is_zero(
                values["total_assets"] - values["total_liabilities_equity"]
            ),
        }

    def write_xlsx(self, sheet, data, labels, styles, row):
        for key in data.get("rows", []):
            style = styles["bold"] if key in data["totals"] else None
            sheet.write(row, 0, labels[key], style)
            sheet.write_number(row, 1, data["values"][key], styles["money"])
            row += 1

    def _query_by_type(self, company, date_at):
        """Balance per account type at a date, and the P&L part before the year."""
        fiscal_year_from = company.compute_fiscalyear_dates(date_at)["date_from"]
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.account_type,
                       SUM(l.balance),
                       SUM(l.balance) FILTER (WHERE l.date < %(fiscal_year_from)s)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND l.date <= %(date_at)s
                   AND a.account_type != 'off_balance'
              GROUP BY a.account_type
                """,
                where=self._where_posted(company),
                date_at=date_at,
                fiscal_year_from=fiscal_year_from,
            )
        )
        total = {}
        before_year = {}
        for account_type, balance, balance_before_year in self.env.cr.fetchall():
            total[account_type] = balance or 0.0
            before_year[account_type] = balance_before_year or 0.0
        return total, before_year

    def _get_values(self, company, date_at):
        """The rows at `date_at`, and the cash and receivables the ratios need."""
        total, before_year = self._query_by_type(company, date_at)

        def sum_types(amounts, types):
            return sum(amounts.get(account_type, 0.0) for account_type in types)

        assets_current = sum_types(total, CURRENT_ASSET_TYPES)
        assets_non_current = sum_types(total, NON_CURRENT_ASSET_TYPES)
        liabilities_current = -sum_types(total, CURRENT_LIABILITY_TYPES)
        liabilities_non_current = -sum_types(total, NON_CURRENT_LIABILITY_TYPES)
        # Earnings of closed years belong to equity until allocated; this year's
        # earnings are shown on their own line, as in Odoo's own balance sheet.
        previous_years_earnings = -sum_types(before_year, PROFIT_LOSS_TYPES)
        current_year_earnings = -sum_types(total, PROFIT_LOSS_TYPES) - (
            previous_years_earnings
        )
        equity = -sum_types(total, EQUITY_TYPES) + previous_years_earnings
        values = {
            "assets_current": assets_current,
            "assets_non_current": assets_non_current,
            "total_assets": assets_current + assets_non_current,
            "liabilities_current": liabilities_current,
            "liabilities_non_current": liabilities_non_current,
            "total_liabilities": liabilities_current + liabilities_non_current,
            "equity": equity,
            "current_year_earnings": current_year_earnings,
            "total_equity": equity + current_year_earnings,
            "cash_and_receivables": total.get("asset_cash", 0.0)
            + total.get("asset_receivable", 0.0),
        }
        values["total_liabilities_equity"] = (
            values["total_liabilities"] + values["total_equity"]
        )
        return {key: self._round(company, amount) for key, amount in values.items()}
