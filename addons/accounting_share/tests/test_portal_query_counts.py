import logging
from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.reseller_guard.tests.page_queries import PageQueriesMixin

from .common import AccountingShareCommon

_logger = logging.getLogger(__name__)

# Issue 16: each portal page of our own at most this many queries, the same for
# 10 records as for 1,000.
PAGE_QUERY_LIMIT = 25


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(PageQueriesMixin, AccountingShareCommon, HttpCase):
    """/my/accounting, a publication and /my/obligations cost the same few queries
    for 10 records as for 1,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.publication = (
            cls.env["accounting.share.publication"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.client_a.id,
                    "report_type": "profit_loss",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        )
        cls.publication.with_user(cls.manager).action_publish()
        cls.obligation_project = cls.env["project.project"].create(
            {"name": "Counted obligations", "company_id": cls.company.id}
        )

    def _add_records(self, start, stop):
        """Published publications and obligation tasks of this month, batched."""
        # sudo: published snapshots are only ever written by the publisher; these
        # copy the one published above, a day apart.
        self.env["accounting.share.publication"].sudo().create(
            [
                {
                    "partner_id": self.client_a.id,
                    "report_type": "profit_loss",
                    "date_from": date(2000, 1, 1) + timedelta(days=i),
                    "date_to": date(2000, 1, 1) + timedelta(days=i),
                    "state": "published",
                    "version": 1,
                    "report_data": self.publication.report_data,
                }
                for i in range(start, stop)
            ]
        )
        obligations = self.env["accounting.share.obligation"].create(
            [
                {
                    "name": f"Obligation {i:04d}",
                    "code": f"OB{i:04d}",
                    "company_id": self.company.id,
                    "project_id": self.obligation_project.id,
                    "due_day": 20,
                    "partner_ids": [(6, 0, self.client_a.ids)],
                }
                for i in range(start, stop)
            ]
        )
        period = date.today().replace(day=1)
        # sudo: the obligation and period of a task are set by the generation only
        self.env["project.task"].sudo().with_context(tracking_disable=True).create(
            [
                {
                    "name": obligation.name,
                    "project_id": self.obligation_project.id,
                    "partner_id": self.client_a.id,
                    "obligation_id": obligation.id,
                    "obligation_period": period,
                    "date_deadline": period + timedelta(days=19),
                }
                for obligation in obligations
            ]
        )

    def test_pages_cost_the_same_at_10_and_1000_records(self):
        self._add_records(0, 10)
        pages = (
            "/my/accounting",
            f"/my/accounting/{self.publication.id}",
            "/my/obligations",
        )
        self.authenticate("portal_a", "portal_a")
        small = {url: self._page_queries(url) for url in pages}
        _logger.info("portal queries at 10 records: %s", small)
        for url, count in small.items():
            self.assertLessEqual(count, PAGE_QUERY_LIMIT, url)
        self._add_records(10, 1000)
        for url, count in small.items():
            self.url_open(url)
            self.env.flush_all()
            with self.subTest(url=url), self.assertQueryCount(count):
                response = self.url_open(url)
            self.assertEqual(response.status_code, 200)

    def test_publication_list_is_paged(self):
        self._add_records(0, 100)
        self.authenticate("portal_a", "portal_a")
        first = self.url_open("/my/accounting")
        self.assertEqual(first.status_code, 200)
        self.assertTrue("/my/accounting/page/2" in first.text, "no pager")
        self.assertIn(f"/my/accounting/{self.publication.id}", first.text)
        second = self.url_open("/my/accounting/page/2")
        self.assertEqual(second.status_code, 200)
        self.assertNotIn(f'/my/accounting/{self.publication.id}"', second.text)
        self.assertEqual(
            first.text.count("o_accounting_share_publication_row")
            + second.text.count("o_accounting_share_publication_row"),
            101,
        )
