from datetime import date, timedelta

from odoo.tests import tagged

from odoo.addons.reseller_guard.tests.page_queries import PageQueriesMixin

from .common import ResellerFilesHttpCase

# Issue 16: each portal page of our own at most this many queries, the same for
# 10 records as for 1,000.
PAGE_QUERY_LIMIT = 25


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(PageQueriesMixin, ResellerFilesHttpCase):
    """The file center's portal pages cost the same few queries at any size."""

    def _add_records(self, folder, start, stop):
        """Files in the folder and in the root, and requests (each with its
        folder under the root), in batched creates."""
        for target in (folder, self.root_a):
            target._reseller_add_files(
                [(f"f{i:04d}.txt", b"f%d" % i, None) for i in range(start, stop)]
            )
        self.env["reseller.file.request"].create(
            [
                {
                    "name": f"Request {i:04d}",
                    "partner_id": self.client_a.id,
                    "due_date": date.today() + timedelta(days=5),
                }
                for i in range(start, stop)
            ]
        )

    def test_pages_cost_the_same_at_10_and_1000_records(self):
        folder = self.root_a._reseller_get_or_create_child("Counted")
        self._add_records(folder, 0, 10)
        pages = (f"/my/files/{folder.id}", "/my/files", "/my/requests")
        self.authenticate("http_a", "http_a_pwd_1")
        small = {url: self._page_queries(url) for url in pages}
        for url, count in small.items():
            self.assertLessEqual(count, PAGE_QUERY_LIMIT, url)
        self._add_records(folder, 10, 1000)
        for url, count in small.items():
            self.url_open(url)
            self.env.flush_all()
            with self.subTest(url=url), self.assertQueryCount(count):
                response = self.url_open(url)
            # one page of each list, with a pager to the rest
            self.assertTrue(
                "/page/2" in response.text, f"{url} shows no pager to page 2"
            )
