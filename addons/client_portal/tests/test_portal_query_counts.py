import logging

from odoo.tests import HttpCase, tagged

from odoo.addons.reseller_guard.tests.page_queries import PageQueriesMixin

from .common import ClientPortalCommon

_logger = logging.getLogger(__name__)

# Odoo's pages that the suite extends, with the five addons installed. /my
# reads no order while it renders (its latest orders and awaiting count are
# fetched once shown): 24 here, 39 before.
# benchmarks/portal_queries.py compares them with the same pages without the
# addons, on the same data (the target: at most 3 more).
HOME_QUERIES = 24
ORDER_PAGE_QUERIES = 35
# What /my fetches once shown (JSON): its awaiting card's count, its latest orders.
AWAITING_COUNTER_QUERIES = 9
LATEST_ORDERS_QUERIES = 14


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(PageQueriesMixin, HttpCase, ClientPortalCommon):
    def _json_queries(self, route, params=None):
        self.make_jsonrpc_request(route, params)  # warm the caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.make_jsonrpc_request(route, params)
        return self.cr.sql_log_count - before

    def test_home_and_order_page_bounds(self):
        self.quotation.action_quotation_sent()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        home = self._page_queries("/my")
        order = self._page_queries(f"/my/orders/{self.quotation.id}")
        # What the home fetches once shown: the awaiting count, the latest orders.
        counter = self._json_queries(
            "/my/counters", {"counters": ["client_portal_awaiting_count"]}
        )
        latest = self._json_queries("/my/home/latest_orders")
        _logger.info(
            "/my: %s queries, order page: %s, awaiting counter: %s, latest orders: %s",
            *(home, order, counter, latest),
        )
        self.assertLessEqual(home, HOME_QUERIES)
        self.assertLessEqual(order, ORDER_PAGE_QUERIES)
        self.assertLessEqual(counter, AWAITING_COUNTER_QUERIES)
        self.assertLessEqual(latest, LATEST_ORDERS_QUERIES)
