import logging

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.reseller_guard.tests.page_queries import PageQueriesMixin

from .common import BillingCommon

_logger = logging.getLogger(__name__)

# Issue 16: each portal page of our own at most this many queries, the same for
# 10 records as for 1,000.
PAGE_QUERY_LIMIT = 25
# Odoo's invoice page with the five addons installed (benchmarks/portal_queries.py
# compares it with the same page without them: at most 3 more).
INVOICE_PAGE_QUERIES = 28


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(PageQueriesMixin, BillingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Counted contact", "parent_id": cls.client_a.id}
        )
        new_test_user(
            cls.env, login="pq_a", groups="base.group_portal", partner_id=contact.id
        )
        cls.invoice = cls.contract_a._create_invoices(3, 2026)
        cls.invoice.message_subscribe(partner_ids=cls.client_a.ids)

    def _add_contracts(self, count):
        self.env["reseller.contract"].create(
            [
                {
                    "partner_id": self.client_a.id,
                    "product_id": self.service.id,
                    "amount": 100 + index,
                    "billing_day": 5,
                    "date_start": "2026-01-01",
                    "gateway_id": self.gateway.id,
                }
                for index in range(count)
            ]
        )

    def test_contract_list_costs_the_same_at_10_and_1000(self):
        self._add_contracts(9)  # and contract_a
        self.authenticate("pq_a", "pq_a")
        small = self._page_queries("/my/contracts")
        _logger.info("/my/contracts at 10 contracts: %s queries", small)
        self.assertLessEqual(small, PAGE_QUERY_LIMIT)
        self._add_contracts(990)
        self.url_open("/my/contracts")
        self.env.flush_all()
        with self.assertQueryCount(small):
            response = self.url_open("/my/contracts")
        self.assertTrue("/my/contracts/page/2" in response.text, "no pager")

    def test_invoice_page_bound(self):
        self.authenticate("pq_a", "pq_a")
        count = self._page_queries(f"/my/invoices/{self.invoice.id}")
        _logger.info("/my/invoices/<id>: %s queries", count)
        self.assertLessEqual(count, INVOICE_PAGE_QUERIES)
