import io
from unittest.mock import patch

import openpyxl

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from ..models import accounting_share_publication
from ..report.report_type import LINE_PAGE_SIZE
from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareLedgerPages(AccountingShareCommon, HttpCase):
    """A published ledger is stored and shown by pages: a page of a ledger of 3,000
    lines costs the queries of a ledger of 50."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a.accounting_share_general_ledger = True
        # June 2024: 50 lines; May 2024: 3,000 lines (1,500 entries of 1.00).
        cls._entry_with_copies("2024-06-10", copies=24)
        cls._entry_with_copies("2024-05-10", copies=1499)
        cls.small = cls._publish_ledger("2024-06-01", "2024-06-30")
        cls.large = cls._publish_ledger("2024-05-01", "2024-05-31")

    @classmethod
    def _entry_with_copies(cls, date, copies):
        """One cash sale of 1.00, then `copies` more of its two lines, by SQL: the
        ORM would take minutes to post thousands of lines and adds nothing here."""
        move = cls._misc_entry(date, cls.account_cash, cls.account_revenue, 1)
        cls.env.flush_all()
        cls.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'account_move_line' AND column_name != 'id'"""
        )
        columns = [SQL.identifier(name) for (name,) in cls.env.cr.fetchall()]
        cls.env.cr.execute(
            SQL(
                "INSERT INTO account_move_line (%s) SELECT %s FROM account_move_line l,"
                " generate_series(1, %s) WHERE l.move_id = %s",
                SQL(", ").join(columns),
                SQL(", ").join(SQL("l.%s", column) for column in columns),
                copies,
                move.id,
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def _publish_ledger(cls, date_from, date_to):
        publication = (
            cls.env["accounting.share.publication"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.client_a.id,
                    "report_type": "general_ledger",
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )
        publication.action_publish()
        return publication

    def _ledger(self):
        return self.report_model._get_report_type("general_ledger")

    def _page_queries(self, url):
        self.url_open(url)  # warm the caches first
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response

    def test_snapshot_keeps_accounts_and_pages(self):
        data = self.large.report_data
        self.assertEqual(data["line_count"], 3000)
        self.assertNotIn("lines", data["accounts"][0])
        pages = self.env["accounting.share.publication.page"].search(
            [("publication_id", "=", self.large.id)]
        )
        self.assertEqual(len(pages), 3000 // LINE_PAGE_SIZE)
        self.assertEqual(sum(pages.mapped("line_count")), 3000)
        self.assertEqual(self.small.report_data["line_count"], 50)

    def test_stored_lines_are_the_ledger(self):
        ledger = self._ledger()
        api = self._compute("general_ledger", "2024-05-01", "2024-05-31")
        api_lines = [line for account in api["accounts"] for line in account["lines"]]
        stored = ledger.read_lines(self.large.id, 1, 3000)
        self.assertEqual(stored, api_lines)
        self.assertEqual([line["sequence"] for line in stored], list(range(1, 3001)))
        # The running balance of each account ends on its closing balance.
        cash = next(
            account
            for account in api["accounts"]
            if account["id"] == self.account_cash.id
        )
        cash_lines = [
            line for line in stored if line["account_id"] == self.account_cash.id
        ]
        self.assertEqual(len(cash_lines), 1500)
        self.assertEqual(cash_lines[0]["balance"], cash["opening"] + 1.0)
        self.assertEqual(cash_lines[-1]["balance"], cash["closing"])
        self.assertEqual(cash["closing"] - cash["opening"], 1500.0)
        # A range across two pages.
        middle = ledger.read_lines(self.large.id, 190, 410)
        self.assertEqual([line["sequence"] for line in middle], list(range(190, 411)))

    def test_page_costs_the_same_queries_at_50_and_3000_lines(self):
        self.authenticate("portal_a", "portal_a")
        small_count, small_page = self._page_queries(f"/my/accounting/{self.small.id}")
        self.assertNotIn("/page/2", small_page.text)
        large_url = f"/my/accounting/{self.large.id}"
        last_url = f"{large_url}/page/{3000 // LINE_PAGE_SIZE}"
        self.url_open(large_url)  # warm-up, as for the small one
        with self.assertQueryCount(small_count):
            first = self.url_open(large_url)
        self.url_open(last_url)
        with self.assertQueryCount(small_count):
            last = self.url_open(last_url)
        # One page of lines each: the first opens the first account, the last closes
        # the last one; the pager links the pages.
        self.assertEqual(first.text.count("<td>2024-05-10</td>"), LINE_PAGE_SIZE)
        self.assertEqual(last.text.count("<td>2024-05-10</td>"), LINE_PAGE_SIZE)
        self.assertIn(f"{large_url}/page/2", first.text)
        self.assertIn("Closing Balance", last.text)
        self.assertEqual(small_page.text.count("<td>2024-06-10</td>"), 50)

    def test_page_out_of_range_and_other_client(self):
        self.authenticate("portal_a", "portal_a")
        # Past the last page: the last page.
        response = self.url_open(f"/my/accounting/{self.large.id}/page/999")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Closing Balance", response.text)
        # A page that is no number: the first page.
        response = self.url_open(f"/my/accounting/{self.large.id}?page=x")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/accounting/{self.large.id}/page/2", response.text)
        self.authenticate("portal_b", "portal_b")
        response = self.url_open(f"/my/accounting/{self.large.id}/page/2")
        self.assertEqual(response.status_code, 404)
        # The pages themselves are closed to portal users over RPC.
        self.assertFalse(
            self.env["accounting.share.publication.page"]
            .with_user(self.portal_a)
            .has_access("read")
        )

    def test_xlsx_holds_every_line(self):
        self.authenticate("portal_a", "portal_a")
        response = self.url_open(f"/my/accounting/{self.large.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        dates = [row[1] for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(dates.count("2024-05-10"), 3000)

    def test_long_ledger_pdf_rendered_by_chunks(self):
        publication = self._publish_ledger("2024-05-01", "2024-05-31")
        # Chunks of 1,000 lines instead of 5,000: three renderings, one document.
        with patch.object(accounting_share_publication, "PDF_CHUNK_SIZE", 1000):
            content, _format = publication._render_pdf_content()
        html = content.decode()
        self.assertEqual(html.count("<td>2024-05-10</td>"), 3000)
        self.assertEqual(html.count(f"<h2>{publication.name}</h2>"), 3)
