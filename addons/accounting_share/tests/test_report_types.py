from odoo.tests import tagged

from ..report.report_type import get_report_types
from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareReportTypes(AccountingShareCommon):
    """Each report type is registered once and carries everything it needs."""

    def test_each_report_type_is_complete_in_its_registration(self):
        report_model = self.env["accounting.share.report"]
        partner_fields = self.env["res.partner"]._fields
        self.assertEqual(
            [code for code, _label in report_model._get_report_types()],
            [
                "profit_loss",
                "balance_sheet",
                "general_ledger",
                "ratios",
                "taxes",
                "treasury",
            ],
        )
        for report_class in get_report_types():
            self.assertEqual(
                partner_fields[report_class.share_field].type, "boolean", report_class
            )
            self.assertTrue(self.env.ref(report_class.template), report_class)
            self.assertTrue(report_class(self.env).get_labels(), report_class)
        # The client's sharing flags are read from the registry.
        self.assertEqual(
            self.client_a._accounting_share_shared_report_types(),
            ["profit_loss", "balance_sheet", "ratios", "taxes", "treasury"],
        )

    def test_xlsx_export(self):
        publication = self._new_publication()
        publication.action_publish()
        content = publication._render_xlsx()
        self.assertEqual(content[:2], b"PK")
        for report_type in (
            "balance_sheet",
            "general_ledger",
            "ratios",
            "treasury",
            "taxes",
        ):
            other = self._new_publication(report_type)
            other.action_publish()
            self.assertEqual(other._render_xlsx()[:2], b"PK")
