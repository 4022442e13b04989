from odoo import fields, models


class AccountingSharePublicationPage(models.Model):
    """One page of the lines of a report too long for a snapshot: a general ledger.

    A year of ledger lines is hundreds of thousands: they are stored by pages of
    LINE_PAGE_SIZE lines (report/report_type.py), each a JSON array, written by one
    INSERT ... SELECT of the report type (report/general_ledger.py). A portal page
    reads one row, the PDF and the XLSX a few at a time, always through the
    publication, which checks who may read it: no user reads these directly.
    """

    _name = "accounting.share.publication.page"
    _description = "Accounting Share Publication Page"
    _order = "publication_id, page"
    _log_access = False

    publication_id = fields.Many2one(
        "accounting.share.publication", required=True, ondelete="cascade"
    )
    page = fields.Integer(required=True)
    line_count = fields.Integer()
    lines_json = fields.Text(string="Lines")

    _sql_constraints = (
        (
            "publication_page_uniq",
            "UNIQUE (publication_id, page)",
            "A page appears once in a publication.",
        ),
    )
