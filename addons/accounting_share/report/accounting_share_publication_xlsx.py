from odoo import models


class AccountingSharePublicationXlsx(models.AbstractModel):
    """XLSX of a publication, written from its snapshot only."""

    _name = "report.accounting_share.publication_xlsx"
    _description = "Accounting Share Publication XLSX"
    _inherit = "report.report_xlsx.abstract"

    def get_workbook_options(self):
        # EXTENDS report_xlsx
        # Rows are written in order and flushed to disk as they go: a year of ledger
        # lines does not sit in memory.
        return dict(super().get_workbook_options(), constant_memory=True)

    def generate_xlsx_report(self, workbook, data, publications):
        report_model = self.env["accounting.share.report"]
        labels = report_model._get_labels()
        styles = {
            "bold": workbook.add_format({"bold": True}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
        }
        for publication in publications:
            sheet = workbook.add_worksheet(publication.report_type[:31])
            sheet.set_column(0, 0, 40)
            sheet.set_column(1, 8, 16)
            sheet.write(0, 0, publication.name, styles["bold"])
            snapshot = publication.report_data or {}
            sheet.write(1, 0, snapshot.get("company_name", ""))
            report = report_model._get_report_type(publication.report_type)
            report.write_publication_xlsx(sheet, publication, labels, styles, row=3)
