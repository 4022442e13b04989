from datetime import timedelta

from odoo.tests import tagged

from .common import ClientPortalCommon


@tagged("post_install", "-at_install")
class TestSaleOrderContent(ClientPortalCommon):
    """What the order shows beyond Odoo's own: installments, per-line notes,
    and the portal settings."""

    def test_installments(self):
        installments = self.quotation._get_portal_installments()
        self.assertEqual(len(installments), 2)
        total = self.quotation.amount_total
        self.assertAlmostEqual(installments[0]["amount"], total * 0.3, places=2)
        self.assertAlmostEqual(
            sum(item["amount"] for item in installments), total, places=2
        )
        self.assertEqual(
            installments[1]["date"] - installments[0]["date"], timedelta(days=30)
        )

    def test_line_note_prints_on_quotation(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", self.quotation.ids)[0]
            .decode()
        )
        self.assertIn("Installed on site, visit 2", html)

    def test_settings_write_the_company(self):
        settings = self.env["res.config.settings"].create(
            {
                "portal_require_signed_contract": False,
                "portal_contract_max_size_mb": 20,
                "portal_max_failed_logins": 7,
                "portal_contact_email": "help@office.example",
            }
        )
        settings.execute()
        company = self.env.company
        self.assertFalse(company.portal_require_signed_contract)
        self.assertEqual(company.portal_contract_max_size_mb, 20)
        self.assertEqual(company.portal_max_failed_logins, 7)
        self.assertEqual(company.portal_contact_email, "help@office.example")

    def test_additional_information_dialog(self):
        order = self.quotation.with_user(self.salesman)
        action = order.action_open_portal_notes()
        lines = (
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .search(action["domain"])
        )
        self.assertEqual(lines, self.quotation.order_line)
        lines[0].portal_note = "Delivered in March"
        self.assertEqual(self.quotation.order_line[0].portal_note, "Delivered in March")
