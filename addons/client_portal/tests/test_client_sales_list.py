from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

from .common import ClientPortalCommon


@tagged("post_install", "-at_install")
class TestClientSalesList(HttpCase, ClientPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.to_sign = cls.quotation
        cls.to_sign.action_quotation_sent()
        cls.signed = cls._create_quotation(cls.client_a)
        cls.signed.action_quotation_sent()
        cls.signed._portal_store_signed_contract(
            "scan.pdf", b"%PDF-1.4 signed", cls.client_a
        )
        cls.confirmed = cls._create_quotation(cls.client_a)
        cls.confirmed.action_confirm()
        cls.draft = cls._create_quotation(cls.client_a)
        cls.other_client = cls._create_quotation(cls.client_b)
        cls.other_client.action_quotation_sent()

    def _page(self, **params):
        url = "/my/sales" + ("?" + urlencode(params) if params else "")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def _listed(self, page):
        orders = (
            self.to_sign + self.signed + self.confirmed + self.draft + self.other_client
        )
        return {order for order in orders if f">{order.name}</a>" in page}

    def test_one_list_of_proposals_and_orders_with_status(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self._page()
        self.assertEqual(
            self._listed(page), {self.to_sign, self.signed, self.confirmed}
        )
        self.assertIn("Awaiting signed contract", page)
        self.assertIn("Signed, awaiting approval", page)
        self.assertIn(">Order<", page)

    def test_filters_and_search(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        cases = {
            "awaiting": {self.to_sign, self.signed},
            "to_sign": {self.to_sign},
            "signed": {self.signed},
            "orders": {self.confirmed},
            "last_30_days": {self.to_sign, self.signed, self.confirmed},
        }
        for filterby, expected in cases.items():
            with self.subTest(filterby=filterby):
                self.assertEqual(self._listed(self._page(filterby=filterby)), expected)
        page = self._page(search=self.signed.name, search_in="name")
        self.assertEqual(self._listed(page), {self.signed})

    def _awaiting_count(self):
        counts = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["client_portal_awaiting_count"]}
        )
        return counts["client_portal_awaiting_count"]

    def test_home_counts_what_awaits_the_client_and_view_all_leads_to_the_list(self):
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        home = self.url_open("/my").text
        # The card is on the page; its count comes from /my/counters, as Odoo's.
        self.assertIn('href="/my/sales?filterby=awaiting"', home)
        self.assertIn('data-placeholder_count="client_portal_awaiting_count"', home)
        self.assertEqual(self._awaiting_count(), 2)
        latest = self.make_jsonrpc_request("/my/home/latest_orders")["html"]
        self.assertIn('<a href="/my/sales" id="portal_latest_orders_all"', latest)
        self.authenticate(self.portal_user_b.login, self.portal_user_b.login)
        self.assertEqual(self._awaiting_count(), 1)

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/sales", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
