from datetime import timedelta

from odoo import _, fields
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import AccountingReportType, register_report_type

_lt = LazyTranslate(__name__)

TREASURY_BUCKETS = ("overdue", "due_0_30", "due_31_60", "due_61_90", "due_over_90")
NEXT_MATURITIES_LIMIT = 10


@register_report_type
class TreasuryReport(AccountingReportType):
    """Open receivables and payables at the end of the period, by due date."""

    code = "treasury"
    label = _lt("Treasury")
    sequence = 60
    share_field = "accounting_share_treasury"
    template = "accounting_share.report_treasury"

    def get_labels(self):
        return {
            "receivable": _("Receivables"),
            "payable": _("Payables"),
            "overdue": _("Overdue"),
            "due_0_30": _("0-30 days"),
            "due_31_60": _("31-60 days"),
            "due_61_90": _("61-90 days"),
            "due_over_90": _("Over 90 days"),
            "total": _("Total"),
            "next_maturities": _("Next Maturities"),
            "amount": _("Amount"),
        }

    def get_data(self, company, date_from, date_to):
        """Open items at `date_to`, as they stood on that date, by due-date bucket."""
        buckets = {
            "receivable": dict.fromkeys(TREASURY_BUCKETS, 0.0),
            "payable": dict.fromkeys(TREASURY_BUCKETS, 0.0),
        }
        for account_type, bucket, residual in self._query_buckets(company, date_to):
            if account_type == "asset_receivable":
                buckets["receivable"][bucket] = self._round(company, residual)
            else:
                buckets["payable"][bucket] = self._round(company, -(residual or 0.0))
        for side in buckets.values():
            side["total"] = self._round(company, sum(side.values()))
        return {
            "buckets": list(TREASURY_BUCKETS),
            "values": buckets,
            "next_maturities": self._get_next_maturities(company, date_to),
        }

    def write_xlsx(self, sheet, data, labels, styles, row):
        bold, money = styles["bold"], styles["money"]
        columns = [*data.get("buckets", []), "total"]
        for col, bucket in enumerate(columns, start=1):
            sheet.write(row, col, labels.get(bucket, bucket), bold)
        for side in ("receivable", "payable"):
            row += 1
            sheet.write(row, 0, labels[side], bold)
            for col, bucket in enumerate(columns, start=1):
                sheet.write_number(row, col, data["values"][side][bucket], money)
        row += 2
        for maturity in data.get("next_maturities", []):
            sheet.write_row(
                row,
                0,
                [maturity["date"], maturity["move"], maturity["partner"]],
            )
            sheet.write_number(row, 3, maturity["amount"], money)
            row += 1

    def _get_next_maturities(self, company, date_at):
        return [
            {
                "kind": "receivable"
                if account_type == "asset_receivable"
                else "payable",
                "date": fields.Date.to_string(date),
                "move": move_name or "",
                "partner": partner or "",
                "amount": self._round(
                    company,
                    residual if account_type == "asset_receivable" else -residual,
                ),
            }
            for account_type, date, move_name, partner, residual in (
                self._query_next_maturities(company, date_at)
            )
        ]

    def _sql_open_items(self, company, date_at):
        """Receivable and payable lines open at `date_at`, with their residual then.

        A line's residual at a date is its balance less the reconciliations made
        by then: a partial reconcile counts once both its lines exist, from its
        max_date. One lateral aggregate, no query per line.
        """
        return SQL(
            """
            SELECT l.id, l.move_id, l.partner_id, a.account_type,
                   COALESCE(l.date_maturity, l.date) AS due_date,
                   l.balance - COALESCE(settled.amount, 0) AS residual
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id
         LEFT JOIN LATERAL (
                   SELECT SUM(CASE WHEN pr.debit_move_id = l.id
                                   THEN pr.amount ELSE -pr.amount END) AS amount
                     FROM account_partial_reconcile pr
                    WHERE (pr.debit_move_id = l.id OR pr.credit_move_id = l.id)
                      AND pr.max_date <= %(date_at)s
                   ) settled ON TRUE
             WHERE %(where)s
               AND a.account_type IN ('asset_receivable', 'liability_payable')
               AND l.date <= %(date_at)s
            """,
            where=self._where_posted(company),
            date_at=date_at,
        )

    def _query_buckets(self, company, date_at):
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT o.account_type,
                       CASE
                         WHEN o.due_date < %(date_at)s THEN 'overdue'
                         WHEN o.due_date <= %(d30)s THEN 'due_0_30'
                         WHEN o.due_date <= %(d60)s THEN 'due_31_60'
                         WHEN o.due_date <= %(d90)s THEN 'due_61_90'
                         ELSE 'due_over_90'
                       END AS bucket,
                       SUM(o.residual)
                  FROM (%(open_items)s) o
                 WHERE o.residual != 0
              GROUP BY 1, 2
                """,
                open_items=self._sql_open_items(company, date_at),
                date_at=date_at,
                d30=date_at + timedelta(days=30),
                d60=date_at + timedelta(days=60),
                d90=date_at + timedelta(days=90),
            )
        )
        return self.env.cr.fetchall()

    def _query_next_maturities(self, company, date_at):
        self.env.cr.execute(
            SQL(
                """
                SELECT o.account_type, o.due_date, m.name, p.name, o.residual
                  FROM (%(open_items)s) o
                  JOIN account_move m ON m.id = o.move_id
             LEFT JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.residual != 0
                   AND o.due_date >= %(date_at)s
              ORDER BY 2, o.id
                 LIMIT %(limit)s
                """,
                open_items=self._sql_open_items(company, date_at),
                date_at=date_at,
                limit=NEXT_MATURITIES_LIMIT,
            )
        )
        return self.env.cr.fetchall()
