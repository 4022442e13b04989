from urllib.parse import quote, urlencode

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PDF_CONTENT, ClientPortalCommon

MUTED = ("odoo.http", "odoo.addons.base.models.ir_rule", "werkzeug")
LIST_URLS = ("/my/quotes", "/my/orders", "/my/sales")
# Values an attacker sends in place of a list parameter; each used to be a 500.
BAD_LIST_PARAMS = [
    {"sortby": "nope"},
    {"sortby": "date\x00"},
    {"filterby": "nope"},
    {"filterby": "\x00"},
    {"date_begin": "not-a-date", "date_end": "2024-13-45"},
    {"date_begin": "2024-01-01\x00", "date_end": "2024-12-31"},
    {"search": "abc\x00def", "search_in": "name"},
    {"search_in": "password", "search": "x"},
]
# Raw query strings: invalid UTF-8 cannot go through urlencode.
RAW_BAD_QUERIES = ["sortby=%FF%FE", "filterby=%C3%28", "search=%FF%00", "page=%FF"]
# (page, status): a page number no database integer holds matches no route.
BAD_PAGES = [("99999999999999999999999", 404), ("0", 200)]


def expected_status(params):
    """A NUL byte anywhere is refused by reseller_guard with a 400, before the
    list code runs; anything else falls back to the default listing."""
    return 400 if any("\x00" in value for value in params.values()) else 200


@tagged("post_install", "-at_install")
class TestPortalHardening(HttpCase, ClientPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.quotation
        cls.order.action_quotation_sent()
        cls.token = cls.order._portal_ensure_token()

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    @mute_logger(*MUTED)
    def test_bad_list_parameters_give_the_default_listing(self):
        for url in LIST_URLS:
            for params in BAD_LIST_PARAMS:
                with self.subTest(url=url, params=params):
                    response = self._get(f"{url}?{urlencode(params)}")
                    self.assertEqual(response.status_code, expected_status(params))
            for query in RAW_BAD_QUERIES:
                with self.subTest(url=url, query=query):
                    status = self._get(f"{url}?{query}").status_code
                    self.assertEqual(status, 400 if "%00" in query else 200)
            for page, status in BAD_PAGES:
                with self.subTest(url=url, page=page):
                    self.assertEqual(
                        self._get(f"{url}/page/{page}").status_code, status
                    )
        page = self._get("/my/quotes?sortby=nope&filterby=nope").text
        self.assertIn(f">{self.order.name}<", page)
        page = self._get("/my/sales?sortby=nope&filterby=nope&date_begin=x").text
        self.assertIn(f">{self.order.name}</a>", page)

    @mute_logger(*MUTED)
    def test_bad_ids_are_not_found(self):
        for order_id in ("99999999999999999999999", "-1", "abc", "1%00", "%FF"):
            for suffix in ("", "/contract/to_sign", "/contract/signed"):
                with self.subTest(order_id=order_id, suffix=suffix):
                    response = self._get(f"/my/orders/{order_id}{suffix}")
                    self.assertIn(response.status_code, (303, 404))
            with self.subTest(order_id=order_id, post="approve"):
                response = self.url_open(
                    f"/my/orders/{order_id}/approve",
                    data={"csrf_token": http.Request.csrf_token(self)},
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (303, 404))

    @mute_logger(*MUTED)
    def test_bad_tokens_kinds_and_notices_never_crash(self):
        base = f"/my/orders/{self.order.id}"
        self.authenticate(None, None)
        for value in ("\x00", "a\x00b", "\udcff", "x" * 5000):
            quoted = quote(value.encode("utf-8", "surrogatepass"), safe="")
            for url in (
                f"{base}?access_token={quoted}",
                f"{base}/contract/to_sign?access_token={quoted}",
                f"{base}/contract/{quoted}?access_token={self.token}",
                f"{base}?access_token={self.token}&portal_notice={quoted}",
                f"{base}?access_token={self.token}&report_type={quoted}",
            ):
                with self.subTest(url=url[:120]):
                    allowed = (400,) if "\x00" in value else (200, 303, 404)
                    self.assertIn(self._get(url).status_code, allowed)

    @mute_logger(*MUTED)
    def test_bad_form_fields_never_crash(self):
        base = f"/my/orders/{self.order.id}"
        csrf = http.Request.csrf_token(self)
        response = self.url_open(
            base + "/signed_contract",
            data={"csrf_token": csrf, "file": "not a file"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("portal_notice=empty_file", response.headers["Location"])
        self.authenticate(None, None)
        csrf = http.Request.csrf_token(self)
        for token in ("\x00", "%FF", "a" * 5000):
            for suffix in ("/approve", "/signed_contract"):
                with self.subTest(token=token[:10], suffix=suffix):
                    response = self.url_open(
                        base + suffix,
                        data={"csrf_token": csrf, "access_token": token},
                        files={"file": ("scan.pdf", PDF_CONTENT, "application/pdf")},
                        allow_redirects=False,
                    )
                    self.assertIn(response.status_code, (303, 400))
        # Invalid UTF-8 in the form body itself.
        response = self.url_open(
            base + "/approve",
            data=f"csrf_token={csrf}&access_token=%FF%FE".encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.order.invalidate_recordset()
        self.assertEqual(self.order.portal_approval_state, "to_sign")

    def test_unsafe_uploaded_file_names_are_refused(self):
        csrf = http.Request.csrf_token(self)
        for filename in (
            "report\u202efdp.exe",
            "scan\u200b.pdf",
            ".hidden.pdf",
            "../scan.pdf",
        ):
            with self.subTest(filename=ascii(filename)):
                response = self.url_open(
                    f"/my/orders/{self.order.id}/signed_contract",
                    data={"csrf_token": csrf},
                    files={"file": (filename, PDF_CONTENT, "application/pdf")},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 303)
                self.assertIn("portal_notice=unsafe_name", response.headers["Location"])
        page = self._get(f"/my/orders/{self.order.id}?portal_notice=unsafe_name").text
        self.assertIn("The file name contains characters that are not accepted", page)
        self.order.invalidate_recordset()
        self.assertFalse(self.order.signed_contract_attachment_id)

    def test_unsafe_file_names_are_refused_by_the_order(self):
        # A NUL byte cannot cross a multipart form (reseller_guard answers 400):
        # the order refuses it too, whoever calls it.
        for filename in ("scan\x00.pdf", "report\u202efdp.exe", "scan.pdf."):
            with self.subTest(filename=ascii(filename)):
                with self.assertRaisesRegex(UserError, "not accepted"):
                    self._upload_signed_contract_document(self.order, filename=filename)
        self.assertFalse(self.order.signed_contract_attachment_id)
