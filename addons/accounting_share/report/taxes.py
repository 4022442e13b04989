from odoo import _
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .report_type import AccountingReportType, register_report_type

_lt = LazyTranslate(__name__)


@register_report_type
class TaxesReport(AccountingReportType):
    """Base and amount of each tax over the period."""

    code = "taxes"
    label = _lt("Taxes")
    sequence = 50
    share_field = "accounting_share_taxes"
    template = "accounting_share.report_taxes"

    def get_labels(self):
        return {"base": _("Base"), "tax_amount": _("Tax")}

    def get_data(self, company, date_from, date_to):
        rows = self._query_taxes(company, date_from, date_to)
        # sudo: taxes of the client company, whose lines were already filtered above.
        taxes_sudo = self.env["account.tax"].sudo().browse([row[0] for row in rows])
        taxes_by_id = {tax.id: tax for tax in taxes_sudo}
        lines = []
        for tax_id, base, tax_amount in rows:
            tax = taxes_by_id[tax_id]
            # Sales taxes are credits: show them, like their base, as positive.
            sign = -1 if tax.type_tax_use == "sale" else 1
            lines.append(
                {
                    "name": tax.name,
                    "type_tax_use": tax.type_tax_use,
                    "base": self._round(company, sign * (base or 0.0)),
                    "tax": self._round(company, sign * (tax_amount or 0.0)),
                }
            )
        lines.sort(key=lambda line: (line["type_tax_use"], line["name"]))
        return {"taxes": lines}

    def write_xlsx(self, sheet, data, labels, styles, row):
        header = ["", labels["base"], labels["tax_amount"]]
        sheet.write_row(row, 0, header, styles["bold"])
        for tax in data.get("taxes", []):
            row += 1
            sheet.write(row, 0, tax["name"])
            sheet.write_number(row, 1, tax["base"], styles["money"])
            sheet.write_number(row, 2, tax["tax"], styles["money"])

    def _query_taxes(self, company, date_from, date_to):
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT tax_id, SUM(base), SUM(tax)
                  FROM (
                        SELECT rel.account_tax_id AS tax_id,
                               l.balance AS base, 0.0 AS tax
                          FROM account_move_line l
                          JOIN account_move_line_account_tax_rel rel
                            ON rel.account_move_line_id = l.id
                         WHERE %(where)s
                           AND l.date BETWEEN %(date_from)s AND %(date_to)s
                     UNION ALL
                        SELECT l.tax_line_id, 0.0, l.balance
                          FROM account_move_line l
                         WHERE %(where)s
                           AND l.tax_line_id IS NOT NULL
                           AND l.date BETWEEN %(date_from)s AND %(date_to)s
                       ) AS tax_amounts
              GROUP BY tax_id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return self.env.cr.fetchall()
