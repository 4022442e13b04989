from odoo.tests import HttpCase, tagged

from odoo.addons.reseller_billing.tools import check_pix_crc, crc16_ccitt, parse_tlv

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestPix(BillingCommon, HttpCase):
    """Every slip carries a valid PIX BR Code; it settles once, boleto or PIX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id

    def test_crc16_ccitt_check_value(self):
        # The standard check value of CRC-16/CCITT-FALSE.
        self.assertEqual(crc16_ccitt("123456789"), "29B1")

    def test_sandbox_pix_code_decodes_field_by_field(self):
        code = self.slip.pix_code
        self.assertTrue(code)
        fields_found = dict(parse_tlv(code))
        self.assertEqual([key for key, _value in parse_tlv(code)][-1], "63")
        self.assertEqual(fields_found["00"], "01")
        self.assertEqual(fields_found["01"], "12")
        account = dict(parse_tlv(fields_found["26"]))
        self.assertEqual(account["00"], "br.gov.bcb.pix")
        self.assertTrue(account["01"])
        self.assertEqual(fields_found["52"], "0000")
        self.assertEqual(fields_found["53"], "986")
        self.assertEqual(fields_found["54"], "150.00")
        self.assertEqual(fields_found["58"], "BR")
        self.assertTrue(fields_found["59"].isupper())
        self.assertLessEqual(len(fields_found["59"]), 25)
        self.assertLessEqual(len(fields_found["60"]), 15)
        self.assertEqual(
            dict(parse_tlv(fields_found["62"]))["05"], self.slip.external_id
        )
        self.assertEqual(fields_found["63"], crc16_ccitt(code[:-4]))
        self.assertTrue(check_pix_crc(code))
        self.assertFalse(check_pix_crc(code[:-1] + ("0" if code[-1] != "0" else "1")))

    def test_pix_qr_on_slip_html_and_portal_invoice(self):
        self.assertIn("barcode_type=QR", self.slip.pix_qr_url)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("reseller_billing.report_payment_slip", self.slip.ids)[0]
            .decode()
        )
        self.assertIn("o_reseller_pix_qr", html)
        self.assertIn(self.slip.pix_code, html)
        token = self.move._portal_ensure_token()
        page = self.url_open(f"/my/invoices/{self.move.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_reseller_pix_copy", page.text)
        qr = self.url_open(self.slip.pix_qr_url)
        self.assertEqual(qr.status_code, 200)
        self.assertEqual(qr.headers["Content-Type"], "image/png")

    def test_pix_in_invoice_email(self):
        template = self.env.ref("reseller_billing.mail_template_reseller_invoice")
        body = template._render_field("body_html", self.move.ids)[self.move.id]
        self.assertIn(self.slip.pix_code, body)
        self.assertIn("barcode_type=QR", body)

    def test_paid_by_pix_then_boleto_settles_once(self):
        result = self.gateway.sudo()._sandbox_pay(self.slip, method="pix")
        self.assertEqual(result.message, "queued")
        payload = self._payment_payload(self.slip, event_id="boleto-later")
        payload["method"] = "boleto"
        raw_body, signature, timestamp = self._signed(payload)
        result = self.gateway.sudo()._handle_webhook(
            self.gateway.code, raw_body, signature, timestamp
        )
        # The boleto is paid too before the PIX is booked: it books nothing.
        self.assertEqual(result.message, "payment already received")
        self._settle_queued()
        self.assertEqual(self.slip.paid_method, "pix")
        payload["event_id"] = "boleto-much-later"
        raw_body, signature, timestamp = self._signed(payload)
        result = self.gateway.sudo()._handle_webhook(
            self.gateway.code, raw_body, signature, timestamp
        )
        self.assertEqual(result.message, "slip already paid")
        self.assertEqual(self.slip.paid_method, "pix")
        payments = self.env["account.payment"].search(
            [("partner_id", "=", self.client_a.id)]
        )
        self.assertEqual(len(payments), 1)
        self.assertEqual(self.move.payment_state in ("paid", "in_payment"), True)

    def test_unknown_payment_method_is_refused(self):
        payload = self._payment_payload(self.slip)
        payload["method"] = "cash"
        raw_body, signature, timestamp = self._signed(payload)
        result = self.gateway.sudo()._handle_webhook(
            self.gateway.code, raw_body, signature, timestamp
        )
        self.assertEqual(result.status, 400)
        self.assertEqual(self.slip.state, "registered")
