"""The report types a client can be shared, each in its own file.

A report type is one subclass of `AccountingReportType` decorated with
`@register_report_type`: its data (parameterised SQL over the client company's posted
journal items), its row labels, its XLSX sheet and the name of its QWeb template. The
publication, the portal, the PDF, the XLSX and the client's sharing flags all read
this registry; none of them lists the types again.
"""

from odoo.tools import SQL

CURRENT_ASSET_TYPES = (
    "asset_receivable",
    "asset_cash",
    "asset_current",
    "asset_prepayments",
)
NON_CURRENT_ASSET_TYPES = ("asset_non_current", "asset_fixed")
CURRENT_LIABILITY_TYPES = (
    "liability_payable",
    "liability_credit_card",
    "liability_current",
)
NON_CURRENT_LIABILITY_TYPES = ("liability_non_current",)
EQUITY_TYPES = ("equity", "equity_unaffected")
PROFIT_LOSS_TYPES = (
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
    "expense_other",
)

# Lines a report keeps apart from its snapshot (a ledger) are stored, and shown on
# the portal, by pages of this many.
LINE_PAGE_SIZE = 200

_REPORT_TYPES = {}


def register_report_type(report_class):
    """Class decorator: make `report_class` one of the report types."""
    _REPORT_TYPES[report_class.code] = report_class
    return report_class


def get_report_types():
    """The registered report type classes, in the order the user sees them."""
    return sorted(_REPORT_TYPES.values(), key=lambda report: report.sequence)


def get_report_type(code):
    """The report type class registered under `code`, or None."""
    return _REPORT_TYPES.get(code)


class AccountingReportType:
    """One report of a client company, computed for a period.

    Subclasses set:
    - `code`: the value stored on publications;
    - `label`: the name shown to users, a lazy translation;
    - `sequence`: its place in lists;
    - `share_field`: the Boolean of res.partner that shares it with the client;
    - `template`: the QWeb template rendering its data (portal page and PDF).

    `get_data()` returns a plain JSON-serialisable dict: it is what a publication
    snapshots and what every rendering reads, never the journal items. It runs SQL
    that bypasses record rules: `accounting.share.report` checks access first.
    """

    code = None
    label = None
    sequence = 100
    share_field = None
    template = None
    # True when a publication keeps the report's lines in
    # accounting.share.publication.page instead of its snapshot (see general_ledger).
    stores_lines = False

    def __init__(self, env):
        self.env = env

    def get_data(self, company, date_from, date_to):
        raise NotImplementedError

    def get_snapshot_data(self, company, date_from, date_to):
        """What a publication keeps in its snapshot; the lines go to store_lines."""
        return self.get_data(company, date_from, date_to)

    def store_lines(self, publication_id, company, date_from, date_to, accounts):
        """Write the lines of a publication kept apart from its snapshot, if any."""
        return 0

    def get_labels(self):
        """Labels of this report's rows and columns, in the reader's language."""
        return {}

    def write_xlsx(self, sheet, data, labels, styles, row):
        """Write `data` into `sheet` from `row` on; `styles` has "bold" and "money"."""
        raise NotImplementedError

    def write_publication_xlsx(self, sheet, publication, labels, styles, row):
        """Write a publication's sheet; by default from its snapshot alone."""
        return self.write_xlsx(
            sheet, publication.report_data or {}, labels, styles, row
        )

    def _round(self, company, amount):
        return company.currency_id.round(amount or 0.0)

    def _where_posted(self, company):
        return SQL(
            "l.company_id = %s AND l.parent_state = 'posted'",
            company.id,
        )
