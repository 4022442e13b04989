from odoo import _, fields
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import PROFIT_LOSS_TYPES, AccountingReportType, register_report_type

_lt = LazyTranslate(__name__)


@register_report_type
class GeneralLedgerReport(AccountingReportType):
    """Every account's opening balance and the lines of the period, with balances."""

    code = "general_ledger"
    label = _lt("General Ledger")
    sequence = 30
    share_field = "accounting_share_general_ledger"
    template = "accounting_share.report_general_ledger"

    def get_labels(self):
        return {
            "date": _("Date"),
            "entry": _("Entry"),
            "label": _("Label"),
            "partner": _("Partner"),
            "debit": _("Debit"),
            "credit": _("Credit"),
            "balance": _("Balance"),
            "opening": _("Opening Balance"),
            "closing": _("Closing Balance"),
        }

    def get_data(self, company, date_from, date_to):
        data = self._get_trial_balance_data(company, date_from, date_to)
        lines_by_account = {}
        for row in self._query_ledger_lines(company, date_from, date_to):
            account_id, date, move_name, label, partner, debit, credit, running = row
            lines_by_account.setdefault(account_id, []).append(
                {
                    "date": fields.Date.to_string(date),
                    "move": move_name or "",
                    "label": label or "",
                    "partner": partner or "",
                    "debit": self._round(company, debit),
                    "credit": self._round(company, credit),
                    "running": running or 0.0,
                }
            )
        for account in data["accounts"]:
            lines = lines_by_account.get(account["id"], [])
            for line in lines:
                line["balance"] = self._round(
                    company, account["opening"] + line.pop("running")
                )
            account["lines"] = lines
        return data

    def write_xlsx(self, sheet, data, labels, styles, row):
        money = styles["money"]
        for account in data.get("accounts", []):
            sheet.write(row, 0, f"{account['code']} {account['name']}", styles["bold"])
            sheet.write_number(row, 6, account["opening"], money)
            for line in account.get("lines", []):
                row += 1
                sheet.write_row(
                    row, 0, [line["label"], line["date"], line["move"], line["partner"]]
                )
                sheet.write_number(row, 4, line["debit"], money)
                sheet.write_number(row, 5, line["credit"], money)
                sheet.write_number(row, 6, line["balance"], money)
            row += 2

    def _get_trial_balance_data(self, company, date_from, date_to):
        """Opening, debit, credit and closing of every account with lines."""
        rows = self._query_trial_balance(company, date_from, date_to)
        infos = self._get_account_infos(company, [row[0] for row in rows])
        accounts = []
        for account_id, raw_opening, raw_debit, raw_credit in rows:
            opening = self._round(company, raw_opening)
            debit = self._round(company, raw_debit)
            credit = self._round(company, raw_credit)
            accounts.append(
                {
                    "id": account_id,
                    **infos[account_id],
                    "opening": opening,
                    "debit": debit,
                    "credit": credit,
                    "closing": self._round(company, opening + debit - credit),
                }
            )
        accounts.sort(key=lambda account: account["code"])
        return {"accounts": accounts}

    def _query_trial_balance(self, company, date_from, date_to):
        """Opening, debit, credit per account. P&L accounts open at the year start."""
        fiscal_year_from = company.compute_fiscalyear_dates(date_from)["date_from"]
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT l.account_id,
                       SUM(l.balance) FILTER (
                           WHERE l.date < %(date_from)s
                             AND (a.account_type NOT IN %(pl_types)s
                                  OR l.date >= %(fiscal_year_from)s)),
                       SUM(l.debit) FILTER (WHERE l.date >= %(date_from)s),
                       SUM(l.credit) FILTER (WHERE l.date >= %(date_from)s)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND l.date <= %(date_to)s
              GROUP BY l.account_id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
                fiscal_year_from=fiscal_year_from,
                pl_types=PROFIT_LOSS_TYPES,
            )
        )
        return self.env.cr.fetchall()

    def _get_account_infos(self, company, account_ids):
        """Code and name of the accounts, as the company sees them: one batched read."""
        accounts = (
            self.env["account.account"].with_company(company).sudo().browse(account_ids)
        )
        # sudo: the accounts are shared between companies in 18.0; only the code and
        # name of the accounts that already appear in this company's lines are read.
        return {
            account.id: {"code": account.code or "", "name": account.name or ""}
            for account in accounts
        }

    def _query_ledger_lines(self, company, date_from, date_to):
        self.env["account.move"].flush_model(["name"])
        self.env["res.partner"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT l.account_id, l.date, m.name, l.name, p.name,
                       l.debit, l.credit,
                       SUM(l.balance) OVER (
                           PARTITION BY l.account_id ORDER BY l.date, l.id)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
             LEFT JOIN res_partner p ON p.id = l.partner_id
                 WHERE %(where)s
                   AND l.date BETWEEN %(date_from)s AND %(date_to)s
              ORDER BY l.account_id, l.date, l.id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return self.env.cr.fetchall()
