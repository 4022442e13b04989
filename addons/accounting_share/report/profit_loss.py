from dateutil.relativedelta import relativedelta

from odoo import _, fields
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import PROFIT_LOSS_TYPES, AccountingReportType, register_report_type

_lt = LazyTranslate(__name__)

PROFIT_LOSS_COLUMNS = ("period", "period_previous", "ytd", "ytd_previous")
PROFIT_LOSS_ROWS = (
    "revenue",
    "cost_of_revenue",
    "gross_profit",
    "operating_expenses",
    "operating_profit",
    "other_income",
    "other_expenses",
    "net_profit",
)


@register_report_type
class ProfitLossReport(AccountingReportType):
    """The period, the same period a year before, and both years to date."""

    code = "profit_loss"
    label = _lt("Profit & Loss")
    sequence = 10
    share_field = "accounting_share_profit_loss"
    template = "accounting_share.report_profit_loss"

    def get_labels(self):
        return {
            "revenue": _("Revenue"),
            "cost_of_revenue": _("Cost of Revenue"),
            "gross_profit": _("Gross Profit"),
            "operating_expenses": _("Operating Expenses"),
            "operating_profit": _("Operating Profit"),
            "other_income": _("Other Income"),
            "other_expenses": _("Other Expenses"),
            "net_profit": _("Net Profit"),
            "period": _("Period"),
            "period_previous": _("Period, Previous Year"),
            "ytd": _("Year to Date"),
            "ytd_previous": _("Year to Date, Previous Year"),
        }

    def get_data(self, company, date_from, date_to):
        periods = self._get_periods(company, date_from, date_to)
        by_column = self._query_by_type(company, periods)
        return {
            "columns": list(PROFIT_LOSS_COLUMNS),
            "column_dates": {
                column: [fields.Date.to_string(d) for d in periods[column]]
                for column in PROFIT_LOSS_COLUMNS
            },
            "rows": list(PROFIT_LOSS_ROWS),
            "totals": ["gross_profit", "operating_profit", "net_profit"],
            "values": {
                column: self._get_lines(company, by_column[column])
                for column in PROFIT_LOSS_COLUMNS
            },
        }

    def write_xlsx(self, sheet, data, labels, styles, row):
        money = styles["money"]
        for col, column in enumerate(data.get("columns", []), start=1):
            sheet.write(row, col, labels[column], styles["bold"])
        for key in data.get("rows", []):
            row += 1
            style = styles["bold"] if key in data["totals"] else None
            sheet.write(row, 0, labels[key], style)
            for col, column in enumerate(data["columns"], start=1):
                sheet.write_number(row, col, data["values"][column][key], money)

    def _get_periods(self, company, date_from, date_to):
        fiscal_year_from = company.compute_fiscalyear_dates(date_to)["date_from"]
        year = relativedelta(years=1)
        return {
            "period": (date_from, date_to),
            "period_previous": (date_from - year, date_to - year),
            "ytd": (fiscal_year_from, date_to),
            "ytd_previous": (fiscal_year_from - year, date_to - year),
        }

    def _query_by_type(self, company, periods):
        """Balance per profit and loss account type, one column per period."""
        columns = SQL(", ").join(
            SQL(
                "SUM(l.balance) FILTER (WHERE l.date BETWEEN %s AND %s)",
                periods[column][0],
                periods[column][1],
            )
            for column in periods
        )
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.account_type, %(columns)s
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND a.account_type IN %(types)s
                   AND l.date BETWEEN %(first_date)s AND %(last_date)s
              GROUP BY a.account_type
                """,
                columns=columns,
                where=self._where_posted(company),
                types=PROFIT_LOSS_TYPES,
                first_date=min(dates[0] for dates in periods.values()),
                last_date=max(dates[1] for dates in periods.values()),
            )
        )
        by_column = {
            column: dict.fromkeys(PROFIT_LOSS_TYPES, 0.0) for column in periods
        }
        for account_type, *amounts in self.env.cr.fetchall():
            for column, amount in zip(periods, amounts, strict=True):
                by_column[column][account_type] = amount or 0.0
        return by_column

    def _get_lines(self, company, by_type):
        """From balances per account type to the rows of the statement."""
        revenue = -by_type["income"]
        cost_of_revenue = by_type["expense_direct_cost"]
        gross_profit = revenue - cost_of_revenue
        operating_expenses = by_type["expense"] + by_type["expense_depreciation"]
        operating_profit = gross_profit - operating_expenses
        other_income = -by_type["income_other"]
        other_expenses = by_type["expense_other"]
        net_profit = operating_profit + other_income - other_expenses
        values = {
            "revenue": revenue,
            "cost_of_revenue": cost_of_revenue,
            "gross_profit": gross_profit,
            "operating_expenses": operating_expenses,
            "operating_profit": operating_profit,
            "other_income": other_income,
            "other_expenses": other_expenses,
            "net_profit": net_profit,
        }
        return {key: self._round(company, amount) for key, amount in values.items()}
