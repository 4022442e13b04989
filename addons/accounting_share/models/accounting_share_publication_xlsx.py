from odoo import models


class AccountingSharePublicationXlsx(models.AbstractModel):
    """XLSX of a publication, written from its snapshot only."""

    _name = "report.accounting_share.publication_xlsx"
    _description = "Accounting Share Publication XLSX"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, publications):
        labels = self.env["accounting.share.report"]._get_labels()
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for publication in publications:
            sheet = workbook.add_worksheet(publication.report_type[:31])
            sheet.set_column(0, 0, 40)
            sheet.set_column(1, 8, 16)
            sheet.write(0, 0, publication.name, bold)
            sheet.write(1, 0, (publication.report_data or {}).get("company_name", ""))
            writer = getattr(self, f"_write_{publication.report_type}")
            writer(sheet, publication.report_data or {}, labels, bold, money, row=3)

    def _write_profit_loss(self, sheet, data, labels, bold, money, row):
        for col, column in enumerate(data.get("columns", []), start=1):
            sheet.write(row, col, labels[column], bold)
        for key in data.get("rows", []):
            row += 1
            sheet.write(row, 0, labels[key], bold if key in data["totals"] else None)
            for col, column in enumerate(data["columns"], start=1):
                sheet.write_number(row, col, data["values"][column][key], money)

    def _write_balance_sheet(self, sheet, data, labels, bold, money, row):
        for key in data.get("rows", []):
            sheet.write(row, 0, labels[key], bold if key in data["totals"] else None)
            sheet.write_number(row, 1, data["values"][key], money)
            row += 1

    def _write_ratios(self, sheet, data, labels, bold, money, row):
        for key in data.get("rows", []):
            value = data["values"][key]
            sheet.write(row, 0, labels[key], bold)
            if value is None:
                sheet.write(row, 1, "-")
            else:
                sheet.write_number(row, 1, value)
            sheet.write(row, 2, labels[f"{key}_formula"])
            row += 1

    def _write_taxes(self, sheet, data, labels, bold, money, row):
        sheet.write_row(row, 0, ["", labels["base"], labels["tax_amount"]], bold)
        for tax in data.get("taxes", []):
            row += 1
            sheet.write(row, 0, tax["name"])
            sheet.write_number(row, 1, tax["base"], money)
            sheet.write_number(row, 2, tax["tax"], money)

    def _write_treasury(self, sheet, data, labels, bold, money, row):
        buckets = data.get("buckets", [])
        for col, bucket in enumerate([*buckets, "total"], start=1):
            sheet.write(row, col, labels.get(bucket, bucket), bold)
        for side in ("receivable", "payable"):
            row += 1
            sheet.write(row, 0, labels[side], bold)
            for col, bucket in enumerate([*buckets, "total"], start=1):
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

    def _write_general_ledger(self, sheet, data, labels, bold, money, row):
        for account in data.get("accounts", []):
            sheet.write(row, 0, f"{account['code']} {account['name']}", bold)
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
