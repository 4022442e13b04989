import json

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ClientPortalCommon

MUTED = (
    "odoo.http",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_model",
)


@tagged("post_install", "-at_install")
class TestNativeAcceptanceWaits(ClientPortalCommon):
    """A gated quotation is approved with its signed contract document and then
    confirmed by staff: Odoo's own "Accept & Sign" and online payment wait."""

    def test_native_accept_and_pay_disabled_when_gated(self):
        self.quotation.require_signature = True
        self.assertFalse(self.quotation._has_to_be_signed())
        self.quotation.require_signed_contract = False
        self.assertTrue(self.quotation._has_to_be_signed())

    def test_online_payment_waits_for_staff_confirmation(self):
        order = self.quotation
        order.write({"require_signature": False, "require_payment": True})
        self.assertTrue(order._is_gated_by_signed_contract())
        self.assertFalse(order._has_to_be_paid())
        with self.assertRaisesRegex(ValidationError, "cannot be paid online"):
            order._check_online_payment_allowed()
        # Approved by the client: still staff's to confirm.
        self._upload_signed_contract_document()
        self._approve_as_client()
        self.assertFalse(order._has_to_be_paid())
        with self.assertRaisesRegex(ValidationError, "cannot be paid online"):
            order._check_online_payment_allowed()
        # Confirmed by staff: the rule no longer applies.
        order.action_confirm()
        self.assertFalse(order._is_gated_by_signed_contract())
        order._check_online_payment_allowed()

    def test_ungated_quotation_is_paid_online_as_in_odoo(self):
        order = self.quotation
        order.write(
            {
                "require_signed_contract": False,
                "require_signature": False,
                "require_payment": True,
            }
        )
        self.assertFalse(order._is_gated_by_signed_contract())
        self.assertTrue(order._has_to_be_paid())
        order._check_online_payment_allowed()


@tagged("post_install", "-at_install")
class TestNativeAcceptanceWaitsHttp(HttpCase, ClientPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.quotation._portal_ensure_token()

    def _as(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def test_pay_now_is_offered_only_without_the_gate(self):
        self.quotation.write({"require_signature": False, "require_payment": True})
        self._as(self.portal_user_a)
        page = self.url_open(self.quotation.get_portal_url()).text
        self.assertNotIn('id="o_sale_portal_paynow"', page)
        self.quotation.require_signed_contract = False
        page = self.url_open(self.quotation.get_portal_url()).text
        self.assertIn('id="o_sale_portal_paynow"', page)

    @mute_logger(*MUTED)
    def test_gated_quotation_cannot_be_paid_online(self):
        self._as(None)
        response = self.url_open(
            f"/my/orders/{self.quotation.id}/transaction",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"access_token": self.token},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertIn("cannot be paid online", error["message"])
        self.assertFalse(self.quotation.transaction_ids)
        self.assertEqual(self.quotation.state, "draft")

    def test_gated_quotation_cannot_be_accepted_with_native_signature(self):
        self.quotation.require_signature = True
        self._as(None)
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.quotation.id}/accept",
            {"access_token": self.token, "name": "Alice", "signature": "R0lGODlh"},
        )
        self.assertIn("error", result)
        self.quotation.invalidate_recordset()
        self.assertEqual(self.quotation.state, "draft")
        self.assertFalse(self.quotation.signed_by)
