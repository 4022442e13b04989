from odoo.tests import HttpCase, tagged

from .common import ClientPortalCommon


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase, ClientPortalCommon):
    def test_client_uploads_signed_contract_and_approves(self):
        order = self.quotation
        order.action_quotation_sent()
        self.start_tour(
            f"/my/orders/{order.id}",
            "client_portal_contract_approval",
            login=self.portal_user_a.login,
        )
        order.invalidate_recordset()
        self.assertEqual(order.portal_approval_state, "approved")
        self.assertEqual(
            order.signed_contract_attachment_id.name, "Signed contract.pdf"
        )
        self.assertEqual(order.approved_partner_id, self.portal_user_a.partner_id)
        self.assertEqual(order.state, "sent", "staff still confirm the order")

    def test_home_shows_latest_orders_and_awaiting_count(self):
        self.quotation.action_quotation_sent()
        self.start_tour(
            "/my",
            "client_portal_home_latest_orders",
            login=self.portal_user_a.login,
        )

    def test_staff_edit_additional_information(self):
        order = self.quotation
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "client_portal_additional_information",
            login=self.salesman.login,
        )
        self.assertEqual(order.order_line[0].portal_note, "Delivered in March")
