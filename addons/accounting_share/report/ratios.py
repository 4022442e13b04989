from odoo import _
from odoo.tools.translate import LazyTranslate

from .balance_sheet import BalanceSheetReport
from .profit_loss import ProfitLossReport
from .report_type import AccountingReportType, register_report_type

_lt = LazyTranslate(__name__)


@register_report_type
class RatiosReport(AccountingReportType):
    """Liquidity, leverage and margins, from the P&L and the balance sheet."""

    code = "ratios"
    label = _lt("Ratios")
    sequence = 40
    share_field = "accounting_share_ratios"
    template = "accounting_share.report_ratios"

    def get_labels(self):
        return {
            "current_ratio": _("Current Ratio"),
            "quick_ratio": _("Quick Ratio"),
            "debt_to_equity": _("Debt to Equity"),
            "gross_margin": _("Gross Margin"),
            "net_margin": _("Net Margin"),
            "return_on_equity": _("Return on Equity"),
            "current_ratio_formula": _("Current assets / Current liabilities"),
            "quick_ratio_formula": _("(Cash + Receivables) / Current liabilities"),
            "debt_to_equity_formula": _("Total liabilities / Total equity"),
            "gross_margin_formula": _("Gross profit / Revenue"),
            "net_margin_formula": _("Net profit / Revenue"),
            "return_on_equity_formula": _("Net profit / Total equity"),
        }

    def get_data(self, company, date_from, date_to):
        profit_loss_report = ProfitLossReport(self.env)
        periods = {"period": (date_from, date_to)}
        by_type = profit_loss_report._query_by_type(company, periods)["period"]
        profit_loss = profit_loss_report._get_lines(company, by_type)
        balance = BalanceSheetReport(self.env)._get_values(company, date_to)
        ratios = {
            "current_ratio": self._divide(
                balance["assets_current"], balance["liabilities_current"]
            ),
            "quick_ratio": self._divide(
                balance["cash_and_receivables"], balance["liabilities_current"]
            ),
            "debt_to_equity": self._divide(
                balance["total_liabilities"], balance["total_equity"]
            ),
            "gross_margin": self._divide(
                profit_loss["gross_profit"], profit_loss["revenue"]
            ),
            "net_margin": self._divide(
                profit_loss["net_profit"], profit_loss["revenue"]
            ),
            "return_on_equity": self._divide(
                profit_loss["net_profit"], balance["total_equity"]
            ),
        }
        return {
            "rows": list(ratios),
            "percent": ["gross_margin", "net_margin", "return_on_equity"],
            "values": ratios,
        }

    def write_xlsx(self, sheet, data, labels, styles, row):
        for key in data.get("rows", []):
            value = data["values"][key]
            sheet.write(row, 0, labels[key], styles["bold"])
            if value is None:
                sheet.write(row, 1, "-")
            else:
                sheet.write_number(row, 1, value)
            sheet.write(row, 2, labels[f"{key}_formula"])
            row += 1

    def _divide(self, numerator, denominator):
        """A ratio, or None (shown as a dash) when the denominator is zero."""
        if not denominator:
            return None
        return round(numerator / denominator, 4)
