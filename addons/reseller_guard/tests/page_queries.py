"""What a portal page costs in queries, for the suite's query-count tests.

class TestX(PageQueriesMixin, HttpCase):
    count = self._page_queries("/my/files")
"""


class PageQueriesMixin:
    """Mixed into an HttpCase: the queries of one request, caches warmed first."""

    def _page_queries(self, url):
        self.url_open(url)  # warm the template, rule and asset caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before
