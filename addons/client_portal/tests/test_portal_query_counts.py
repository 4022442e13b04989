import logging

from odoo.tests import HttpCase, tagged

from .common import ClientPortalCommon

_logger = logging.getLogger(__name__)

# Odoo's pages that the suite extends, with the five addons installed.
# benchmarks/portal_queries.py compares them with the same pages without the
# addons, on the same data (the target: at most 3 more).
HOME_QUERIES = 39
ORDER_PAGE_QUERIES = 35


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(HttpCase, ClientPortalCommon):
    def _page_queries(self, url):
        self.url_open(url)  # warm the template, rule and asset caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_home_and_order_page_bounds(self):
        self.quotation.action_quotation_sent()
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        home = self._page_queries("/my")
        order = self._page_queries(f"/my/orders/{self.quotation.id}")
        _logger.info("/my: %s queries, order page: %s queries", home, order)
        self.assertLessEqual(home, HOME_QUERIES)
        self.assertLessEqual(order, ORDER_PAGE_QUERIES)
