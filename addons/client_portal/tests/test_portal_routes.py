from urllib.parse import urlencode

from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import PDF_CONTENT, ClientPortalCommon

MUTED = (
    "odoo.http",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_model",
)


@tagged("post_install", "-at_install")
class TestPortalRoutes(HttpCase, ClientPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.quotation
        cls.token = cls.order._portal_ensure_token()

    def _url(self, suffix="", token=None):
        url = f"/my/orders/{self.order.id}{suffix}"
        return f"{url}?access_token={token}" if token else url

    def _post(self, suffix, token=None, files=None, csrf=True):
        data = {"csrf_token": http.Request.csrf_token(self)} if csrf else {"x": "1"}
        return self.url_open(
            self._url(suffix, token), data=data, files=files, allow_redirects=False
        )

    def _upload(self, token=None, content=PDF_CONTENT, filename="scan.pdf"):
        files = {"file": (filename, content, "application/octet-stream")}
        return self._post("/signed_contract", token=token, files=files)

    def _as(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def assertRedirectsTo(self, response, path_part):
        self.assertEqual(response.status_code, 303)
        self.assertIn(path_part, response.headers["Location"])

    def test_owner_sees_order_page(self):
        self._as(self.portal_user_a)
        response = self.url_open(self._url())
        self.assertEqual(response.status_code, 200)
        body = response.text
        self.assertIn("Installed on site, visit 2", body)
        self.assertIn('id="product_portal_note_header"', body)
        self.assertIn("Payment Conditions", body)
        self.assertIn("30% now, 70% in 30 days", body)
        self.assertIn('id="portal_proposal_pdf"', body)
        self.assertIn("report_type=pdf", body)
        self.assertRegex(body, r'id="portal_approve_button"\s+disabled')
        self.assertIn("Upload the signed contract to enable the approval.", body)
        self.assertNotIn('id="portal_contract_to_sign"', body)

    @mute_logger(*MUTED)
    def test_page_access_matrix(self):
        cases = [
            (None, None, 303),
            (None, "bad-token", 303),
            (None, self.token, 200),
            (self.portal_user_b, None, 303),
            (self.portal_user_b, "bad-token", 303),
            (self.portal_user_a, None, 200),
        ]
        for user, token, status in cases:
            with self.subTest(user=user and user.login, token=token):
                self._as(user)
                response = self.url_open(self._url(token=token), allow_redirects=False)
                self.assertEqual(response.status_code, status)

    @mute_logger(*MUTED)
    def test_upload_refused_without_access(self):
        for user, token in [
            (None, None),
            (None, "bad-token"),
            (self.portal_user_b, None),
            (self.portal_user_b, "bad-token"),
        ]:
            with self.subTest(user=user and user.login, token=token):
                self._as(user)
                response = self._upload(token=token)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertFalse(self.order.signed_contract_attachment_id)
        self.assertEqual(self.order.portal_approval_state, "to_sign")

    @mute_logger(*MUTED)
    def test_approve_refused_without_access(self):
        self.order.require_signed_contract = False
        for user, token in [
            (None, None),
            (None, "bad-token"),
            (self.portal_user_b, None),
            (self.portal_user_b, "bad-token"),
        ]:
            with self.subTest(user=user and user.login, token=token):
                self._as(user)
                response = self._post("/approve", token=token)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "none")

    def test_owner_uploads_then_approves(self):
        self._as(self.portal_user_a)
        response = self._post("/approve")
        self.assertRedirectsTo(response, "portal_notice=no_signed_contract")
        self.assertEqual(self.order.portal_approval_state, "to_sign")

        response = self._upload()
        self.assertRedirectsTo(response, "portal_notice=uploaded")
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "signed")
        self.assertTrue(self.order.signed_contract_attachment_id)

        page = self.url_open(
            self._url() + "?" + urlencode({"portal_notice": "uploaded"})
        ).text
        self.assertIn("Thank you: your signed contract was received.", page)
        self.assertIn('id="portal_signed_contract"', page)
        self.assertRegex(page, r'id="portal_approve_button">')

        response = self._post("/approve")
        self.assertRedirectsTo(response, "portal_notice=approved")
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "approved")
        self.assertEqual(self.order.approval_ip, "127.0.0.1")
        evidence = self.order.message_ids.filtered(
            lambda message: "from IP 127.0.0.1" in (message.body or "")
        )
        self.assertEqual(len(evidence), 1)
        self.assertIn(self.order.signed_contract_sha256, evidence.body)
        self.assertEqual(self.order.approved_partner_id, self.portal_user_a.partner_id)
        self.assertEqual(self.order.state, "draft")

        response = self._post("/approve")
        self.assertRedirectsTo(response, "portal_notice=already_approved")
        page = self.url_open(self._url()).text
        self.assertIn("Approved, awaiting invoicing", page)
        self.assertNotIn('id="portal_signed_contract_form"', page)

    def test_anonymous_with_token_uploads_and_approves(self):
        self._as(None)
        self.assertRedirectsTo(self._upload(token=self.token), "portal_notice=uploaded")
        self.assertRedirectsTo(
            self._post("/approve", token=self.token), "portal_notice=approved"
        )
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "approved")
        self.assertEqual(self.order.approved_partner_id, self.client_a)

    @mute_logger(*MUTED)
    def test_post_requires_csrf(self):
        self._as(self.portal_user_a)
        self.order.require_signed_contract = False
        response = self._post("/approve", csrf=False)
        self.assertEqual(response.status_code, 400)
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "none")

    def test_bad_uploads_are_refused_with_a_message(self):
        self._as(self.portal_user_a)
        cases = [
            (b"", "scan.pdf", "empty_file", "The uploaded file is empty."),
            (
                b"%PDF" + b"0" * (1024 * 1024 + 10),
                "scan.pdf",
                "file_too_large",
                "larger than the 1 MB limit",
            ),
            (
                b"<html><script>alert(1)</script></html>",
                "x.html",
                "forbidden_type",
                "HTML and SVG",
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                "x.svg",
                "forbidden_type",
                "HTML and SVG",
            ),
        ]
        for content, filename, code, text in cases:
            with self.subTest(code=code, filename=filename):
                response = self._upload(content=content, filename=filename)
                self.assertRedirectsTo(response, f"portal_notice={code}")
                page = self.url_open(
                    self._url() + "?" + urlencode({"portal_notice": code})
                ).text
                self.assertIn(text, page)
        self.order.invalidate_recordset()
        self.assertFalse(self.order.signed_contract_attachment_id)

    def test_unknown_notice_is_not_reflected(self):
        self._as(self.portal_user_a)
        page = self.url_open(
            self._url() + "?" + urlencode({"portal_notice": "<b>pwned</b>"})
        ).text
        self.assertNotIn("<b>pwned</b>", page)
        self.assertNotIn('id="portal_contract_notice"', page)

    @mute_logger(*MUTED)
    def test_contract_document_download(self):
        self.order.contract_attachment_id = self.env["ir.attachment"].create(
            {
                "name": "Contract.pdf",
                "raw": PDF_CONTENT,
                "res_model": "sale.order",
                "res_id": self.order.id,
            }
        )
        self._as(self.portal_user_a)
        page = self.url_open(self._url()).text
        self.assertIn('id="portal_contract_to_sign"', page)
        response = self.url_open(self._url("/contract/to_sign"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF_CONTENT)
        self.assertEqual(self.url_open(self._url("/contract/signed")).status_code, 404)
        self.assertEqual(self.url_open(self._url("/contract/other")).status_code, 404)
        self._as(self.portal_user_b)
        response = self.url_open(self._url("/contract/to_sign"), allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self._as(None)
        for token in (None, "bad-token"):
            response = self.url_open(
                self._url("/contract/to_sign", token=token), allow_redirects=False
            )
            self.assertEqual(response.status_code, 303)
        response = self.url_open(
            self._url("/contract/to_sign", token=self.token), allow_redirects=False
        )
        self.assertEqual(response.status_code, 200)

    @mute_logger(*MUTED)
    def test_json_rpc_cannot_bypass_rules(self):
        self._as(self.portal_user_b)
        partner_id = self.portal_user_b.partner_id.id
        for method, args in [
            ("_portal_approve", [[self.order.id], partner_id, "10.0.0.1"]),
            (
                "_portal_store_signed_contract",
                [[self.order.id], "a.pdf", "JVBERg==", partner_id],
            ),
            ("write", [[self.order.id], {"portal_approval_state": "approved"}]),
        ]:
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "sale.order",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        self._as(self.portal_user_a)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "sale.order",
                    "method": "_portal_approve",
                    "args": [[self.order.id], self.client_a.id, "10.0.0.1"],
                    "kwargs": {},
                },
            )
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "to_sign")

    def test_home_shows_latest_orders_and_office_contact(self):
        self.order.action_quotation_sent()
        other = self._create_quotation(self.client_b)
        other.action_quotation_sent()
        self._as(self.portal_user_a)
        page = self.url_open("/my").text
        self.assertIn("office@office.example", page)
        # The orders are fetched once the page is shown, not while it renders.
        self.assertIn('class="o_client_portal_latest_orders"', page)
        self.assertNotIn(self.order.name, page)
        latest = self.make_jsonrpc_request("/my/home/latest_orders")["html"]
        self.assertIn('id="portal_latest_orders"', latest)
        self.assertIn(self.order.name, latest)
        self.assertNotIn(other.name, latest)
        first_installment = self.order._get_portal_installments()[0]["amount"]
        self.assertIn(f"{first_installment:,.2f}", latest)

    def test_home_latest_orders_empty_without_orders(self):
        self._as(self.portal_user_b)
        self.assertEqual(
            self.make_jsonrpc_request("/my/home/latest_orders"), {"html": ""}
        )

    @mute_logger("odoo.http")
    def test_home_latest_orders_refused_to_anonymous(self):
        self.order.action_quotation_sent()
        with self.assertRaises(JsonRpcException) as refused:
            self.make_jsonrpc_request("/my/home/latest_orders")
        self.assertNotIn(self.order.name, str(refused.exception))

    def test_quotation_list_filters_and_search(self):
        self.order.action_quotation_sent()
        approved = self._create_quotation(self.client_a, require_signed_contract=False)
        approved.action_quotation_sent()
        approved._portal_approve(self.client_a, "127.0.0.1")
        self._as(self.portal_user_a)
        page = self.url_open(
            "/my/quotes" + "?" + urlencode({"filterby": "approved"})
        ).text
        self.assertIn(approved.name, page)
        self.assertNotIn(f">{self.order.name}<", page)
        self.assertIn("Approved, awaiting invoicing", page)
        page = self.url_open(
            "/my/quotes" + "?" + urlencode({"filterby": "to_sign"})
        ).text
        self.assertIn(f">{self.order.name}<", page)
        self.assertNotIn(f">{approved.name}<", page)
        page = self.url_open(
            "/my/quotes"
            + "?"
            + urlencode({"search": approved.name, "search_in": "name"})
        ).text
        self.assertIn(f">{approved.name}<", page)
        self.assertNotIn(f">{self.order.name}<", page)
        page = self.url_open(
            "/my/quotes" + "?" + urlencode({"filterby": "last_30_days"})
        ).text
        self.assertIn(f">{self.order.name}<", page)
        self.assertEqual(self.url_open("/my/orders?filterby=invoiced").status_code, 200)

    def test_order_page_query_count_does_not_grow_with_lines(self):
        small = self._create_quotation(self.client_a, line_count=10)
        large = self._create_quotation(self.client_a, line_count=200)
        self._as(self.portal_user_a)
        for order in (small, large):  # warm up caches and the session
            self.url_open(f"/my/orders/{order.id}")
        self.env.flush_all()
        start = self.cr.sql_log_count
        response = self.url_open(f"/my/orders/{small.id}")
        small_count = self.cr.sql_log_count - start
        self.assertEqual(response.status_code, 200)
        self.assertGreater(small_count, 0)
        with self.assertQueryCount(small_count):
            response = self.url_open(f"/my/orders/{large.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Installed on site, visit 200", response.text)

    def test_rejected_signed_contract_document_shows_reason_and_upload_again(self):
        self._as(self.portal_user_a)
        self._upload()
        self.order.invalidate_recordset()
        self.order._reject_signed_contract_document("The signature is missing.")
        page = self.url_open(self._url()).text
        self.assertIn('id="portal_contract_rejected"', page)
        self.assertIn("The signature is missing.", page)
        self.assertIn('id="portal_signed_contract_form"', page)
        self.assertRegex(page, r'id="portal_approve_button"\s+disabled')
        self.assertRedirectsTo(self._upload(), "portal_notice=uploaded")
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "signed")
