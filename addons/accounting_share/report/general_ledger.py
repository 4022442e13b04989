import json

from odoo import _
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import (
    LINE_PAGE_SIZE,
    PROFIT_LOSS_TYPES,
    AccountingReportType,
    register_report_type,
)

_lt = LazyTranslate(__name__)

PAGE_TABLE = "accounting_share_publication_page"
# The columns of a ledger line, in the order of _ledger_lines_sql's SELECT.
LINE_COLUMNS = (
    "sequence",
    "account_id",
    "date",
    "move",
    "label",
    "partner",
    "debit",
    "credit",
    "balance",
)
# Lines read at once when a whole ledger is written out (the XLSX).
CHUNK_SIZE = 25 * LINE_PAGE_SIZE


@register_report_type
class GeneralLedgerReport(AccountingReportType):
    """Every account's opening balance and the lines of the period, with balances.

    A year of a busy company is hundreds of thousands of lines: a publication keeps
    only the accounts (opening, debit, credit, closing, where their lines start) in
    its snapshot, and the lines themselves by pages of LINE_PAGE_SIZE in
    accounting.share.publication.page, written by one INSERT ... SELECT that computes
    the running balances with a window function and groups them into JSON pages. The
    portal reads one page, the PDF and the XLSX a chunk of pages at a time.
    """

    code = "general_ledger"
    label = _lt("General Ledger")
    sequence = 30
    share_field = "accounting_share_general_ledger"
    template = "accounting_share.report_general_ledger"
    stores_lines = True

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
        """The accounts, each with all its lines (for a small period or a script)."""
        data = self.get_snapshot_data(company, date_from, date_to)
        query = self._ledger_lines_sql(company, date_from, date_to, data["accounts"])
        self.env.cr.execute(query)
        lines_by_account = {}
        for row in self.env.cr.fetchall():
            line = self._line_dict(row)
            lines_by_account.setdefault(line["account_id"], []).append(line)
        for account in data["accounts"]:
            account["lines"] = lines_by_account.get(account["id"], [])
        return data

    def get_snapshot_data(self, company, date_from, date_to):
        """The accounts in code order, without their lines (see store_lines)."""
        data = self._get_trial_balance_data(company, date_from, date_to)
        first_sequence = 1
        for account in data["accounts"]:
            account["first_sequence"] = first_sequence
            first_sequence += account["line_count"]
        data["line_count"] = first_sequence - 1
        return data

    def store_lines(self, publication_id, company, date_from, date_to, accounts):
        """Write the ledger lines of a snapshot by pages: one statement, no line in
        Python. Returns the number of pages."""
        table = SQL.identifier(PAGE_TABLE)
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE publication_id = %s", table, publication_id)
        )
        select = self._ledger_lines_sql(company, date_from, date_to, accounts)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (publication_id, page, line_count, lines_json)
                SELECT %(publication_id)s, (seq - 1) / %(size)s + 1, COUNT(*),
                       json_agg(json_build_array(seq, account_id, date, move, label,
                                                 partner, debit, credit, balance)
                                ORDER BY seq)::text
                  FROM (%(select)s) AS lines(seq, account_id, date, move, label,
                                            partner, debit, credit, balance)
              GROUP BY 2
                """,
                table=table,
                publication_id=publication_id,
                size=LINE_PAGE_SIZE,
                select=select,
            )
        )
        return self.env.cr.rowcount

    def read_lines(self, publication_id, first, last):
        """The stored lines first..last (sequences, inclusive): one indexed query
        over the pages that hold them."""
        self.env.cr.execute(
            SQL(
                """
                SELECT lines_json FROM %s
                 WHERE publication_id = %s AND page BETWEEN %s AND %s
              ORDER BY page
                """,
                SQL.identifier(PAGE_TABLE),
                publication_id,
                (first - 1) // LINE_PAGE_SIZE + 1,
                (last - 1) // LINE_PAGE_SIZE + 1,
            )
        )
        return [
            self._line_dict(row)
            for (lines_json,) in self.env.cr.fetchall()
            for row in json.loads(lines_json)
            if first <= row[0] <= last
        ]

    def group_lines(self, data, lines, first, last):
        """The accounts of the sequences first..last, each with its lines among `lines`.

        An account is shown with its opening on the page of its first line, with its
        closing on the page of its last one; an account without lines sits where its
        lines would start.
        """
        lines_by_account = {}
        for line in lines:
            lines_by_account.setdefault(line["account_id"], []).append(line)
        total = data.get("line_count", 0)
        groups = []
        for account in data.get("accounts", []):
            start = account.get("first_sequence", 1)
            end = start + account.get("line_count", 0) - 1
            if account.get("line_count"):
                if end < first or start > last:
                    continue
            elif not (first <= start <= last or (start > total and last >= total)):
                continue
            groups.append(
                {
                    "account": account,
                    "lines": lines_by_account.get(account["id"], []),
                    "show_opening": start >= first,
                    "show_closing": end <= last,
                }
            )
        return groups

    def write_xlsx(self, sheet, data, labels, styles, row):
        """Accounts with their lines: `data` as get_data returns it."""
        for account in data.get("accounts", []):
            row = self._write_xlsx_account(sheet, account, styles, row)
            for line in account.get("lines", []):
                row = self._write_xlsx_line(sheet, line, styles, row)
            row += 2
        return row

    def write_publication_xlsx(self, sheet, publication, labels, styles, row):
        """The stored lines, read by chunk in order: rows are written once, in order."""
        data = publication.report_data or {}
        accounts = {account["id"]: account for account in data.get("accounts", [])}
        total = data.get("line_count", 0)
        current = None
        for first in range(1, total + 1, CHUNK_SIZE):
            last = min(total, first + CHUNK_SIZE - 1)
            for line in self.read_lines(publication.id, first, last):
                if line["account_id"] != current:
                    if current is not None:
                        row += 2
                    current = line["account_id"]
                    row = self._write_xlsx_account(
                        sheet, accounts[current], styles, row
                    )
                row = self._write_xlsx_line(sheet, line, styles, row)
        # Accounts with only an opening balance, after those with lines.
        for account in accounts.values():
            if not account.get("line_count"):
                row += 2
                row = self._write_xlsx_account(sheet, account, styles, row)
        return row

    def _write_xlsx_account(self, sheet, account, styles, row):
        sheet.write(row, 0, f"{account['code']} {account['name']}", styles["bold"])
        sheet.write_number(row, 6, account["opening"], styles["money"])
        return row

    def _write_xlsx_line(self, sheet, line, styles, row):
        row += 1
        money = styles["money"]
        sheet.write_row(
            row, 0, [line["label"], line["date"], line["move"], line["partner"]]
        )
        sheet.write_number(row, 4, line["debit"], money)
        sheet.write_number(row, 5, line["credit"], money)
        sheet.write_number(row, 6, line["balance"], money)
        return row

    def _line_dict(self, row):
        line = dict(zip(LINE_COLUMNS, row, strict=True))
        if line["date"] and not isinstance(line["date"], str):
            line["date"] = line["date"].isoformat()
        for key in ("date", "move", "label", "partner"):
            line[key] = line[key] or ""
        return line

    def _get_trial_balance_data(self, company, date_from, date_to):
        """Opening, debit, credit, closing and lines in the period of every account
        with lines."""
        rows = self._query_trial_balance(company, date_from, date_to)
        infos = self._get_account_infos(company, [row[0] for row in rows])
        accounts = []
        for account_id, raw_opening, raw_debit, raw_credit, line_count in rows:
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
                    "line_count": line_count,
                }
            )
        accounts.sort(key=lambda account: (account["code"], account["id"]))
        return {"accounts": accounts}

    def _query_trial_balance(self, company, date_from, date_to):
        """Opening, debit, credit and lines of the period per account. P&L accounts
        open at the year start."""
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
                       SUM(l.credit) FILTER (WHERE l.date >= %(date_from)s),
                       COUNT(*) FILTER (WHERE l.date >= %(date_from)s)
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

    def _ledger_lines_sql(self, company, date_from, date_to, accounts):
        """The lines of the period in the accounts' order, numbered from 1, each with
        its balance: the account's opening plus the running sum (a window function).
        """
        self.env["account.move"].flush_model(["name"])
        self.env["res.partner"].flush_model(["name"])
        digits = company.currency_id.decimal_places
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY o.rank, l.date, l.id),
                   l.account_id, l.date, m.name, l.name, p.name,
                   l.debit, l.credit,
                   ROUND(o.opening + SUM(l.balance) OVER (
                       PARTITION BY o.rank ORDER BY l.date, l.id), %(digits)s)
              FROM account_move_line l
              JOIN unnest(%(account_ids)s::int[], %(openings)s::numeric[])
                   WITH ORDINALITY AS o(account_id, opening, rank)
                ON o.account_id = l.account_id
              JOIN account_move m ON m.id = l.move_id
         LEFT JOIN res_partner p ON p.id = l.partner_id
             WHERE %(where)s
               AND l.date BETWEEN %(date_from)s AND %(date_to)s
          ORDER BY o.rank, l.date, l.id
            """,
            account_ids=[account["id"] for account in accounts],
            openings=[account["opening"] for account in accounts],
            digits=digits,
            where=self._where_posted(company),
            date_from=date_from,
            date_to=date_to,
        )
