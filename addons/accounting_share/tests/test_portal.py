from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingSharePortal(AccountingShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profit_loss = cls._publish("profit_loss")
        cls.draft = cls._new_publication_cls("balance_sheet")
        # Published, but the client does not share the general ledger.
        cls.unshared = cls._publish("general_ledger")
        cls.other_client = cls._publish("profit_loss", client=cls.client_b)

    @classmethod
    def _new_publication_cls(cls, report_type, client=None):
        return (
            cls.env["accounting.share.publication"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": (client or cls.client_a).id,
                    "report_type": report_type,
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        )

    @classmethod
    def _publish(cls, report_type, client=None):
        publication = cls._new_publication_cls(report_type, client)
        publication.action_publish()
        return publication

    def _get(self, url, **kwargs):
        return self.url_open(url, **kwargs)

    def test_owner_sees_list_and_report(self):
        self.authenticate("portal_a", "portal_a")
        response = self._get("/my/accounting")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/accounting/{self.profit_loss.id}", response.text)
        for hidden in (self.draft, self.unshared, self.other_client):
            self.assertNotIn(f"/my/accounting/{hidden.id}", response.text)
        response = self._get(f"/my/accounting/{self.profit_loss.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Net Profit", response.text)
        self.assertIn("350.00", response.text)

    def test_owner_downloads_pdf_and_xlsx(self):
        self.authenticate("portal_a", "portal_a")
        response = self._get(f"/my/accounting/{self.profit_loss.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.content, self.profit_loss.pdf_attachment_id.raw)
        response = self._get(f"/my/accounting/{self.profit_loss.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        self.assertEqual(response.content[:2], b"PK")

    def test_colleague_of_the_client_sees_it_too(self):
        self.authenticate("portal_a2", "portal_a2")
        response = self._get(f"/my/accounting/{self.profit_loss.id}")
        self.assertEqual(response.status_code, 200)

    def test_other_client_unpublished_unshared_and_missing_answer_404(self):
        self.authenticate("portal_b", "portal_b")
        for suffix in ("", "/pdf", "/xlsx"):
            response = self._get(f"/my/accounting/{self.profit_loss.id}{suffix}")
            self.assertEqual(response.status_code, 404, suffix)
        self.authenticate("portal_a", "portal_a")
        for publication in (self.draft, self.unshared, self.other_client):
            response = self._get(f"/my/accounting/{publication.id}")
            self.assertEqual(response.status_code, 404)
        response = self._get("/my/accounting/999999999")
        self.assertEqual(response.status_code, 404)

    def test_links_come_from_the_portal_url_of_the_publication(self):
        self.assertEqual(
            self.profit_loss.access_url, f"/my/accounting/{self.profit_loss.id}"
        )
        self.authenticate("portal_a", "portal_a")
        response = self._get(self.profit_loss.access_url)
        self.assertEqual(response.status_code, 200)
        for suffix in ("/pdf", "/xlsx"):
            self.assertIn(self.profit_loss.get_portal_url(suffix=suffix), response.text)

    def test_a_token_opens_no_unpublished_or_foreign_publication(self):
        """Portal links carry a token (portal.mixin): it grants nothing by itself."""
        self.authenticate("portal_b", "portal_b")
        for suffix in ("", "/pdf", "/xlsx"):
            response = self._get(self.profit_loss.get_portal_url(suffix=suffix))
            self.assertEqual(response.status_code, 404, suffix)
        self.authenticate("portal_a", "portal_a")
        for publication in (self.draft, self.unshared, self.other_client):
            for suffix in ("", "/pdf", "/xlsx"):
                response = self._get(publication.get_portal_url(suffix=suffix))
                self.assertEqual(response.status_code, 404, suffix)
        # Nor the chatter of a publication, which portal threads open with a token.
        publication_model = self.env["accounting.share.publication"]
        for user, publication in (
            (self.portal_b, self.profit_loss),
            (self.portal_a, self.draft),
            (self.portal_a, self.unshared),
        ):
            self.assertFalse(
                publication_model.with_user(user)._get_thread_with_access(
                    publication.id, token=publication._portal_ensure_token()
                )
            )
        self.assertEqual(
            publication_model.with_user(self.portal_a)._get_thread_with_access(
                self.profit_loss.id
            ),
            self.profit_loss,
        )

    def test_stored_pdf_and_report_routes_follow_the_publication(self):
        """Changing an id in /web/content or /report/html reveals nothing.

        The client's own PDF is served by /my/accounting/<id>/pdf only.
        """
        pdf_url = f"/web/content/{self.profit_loss.pdf_attachment_id.id}?download=1"
        html_url = (
            "/report/html/accounting_share.publication_report_document/"
            f"{self.profit_loss.id}"
        )
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            self.authenticate("portal_b", "portal_b")
            self.assertIn(self._get(pdf_url).status_code, (403, 404))
            response = self._get(html_url)
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn("350.00", response.text)
            self.authenticate("portal_a", "portal_a")
            unshared_pdf = self.unshared.pdf_attachment_id
            self.assertIn(
                self._get(f"/web/content/{unshared_pdf.id}").status_code, (403, 404)
            )

    def test_anonymous_is_sent_to_login(self):
        response = self._get(
            f"/my/accounting/{self.profit_loss.id}/pdf", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_json_rpc_returns_only_own_publications(self):
        self.authenticate("portal_b", "portal_b")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "accounting.share.publication",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["report_data"]},
            },
        )
        self.assertEqual([row["id"] for row in result], self.other_client.ids)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "accounting.share.publication",
                    "method": "read",
                    "args": [self.profit_loss.ids, ["report_data"]],
                    "kwargs": {},
                },
            )

    def test_home_counter_and_invoices_sharing(self):
        self.authenticate("portal_a", "portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["accounting_share_count", "invoice_count"]}
        )
        self.assertEqual(counters["accounting_share_count"], 1)
        self.assertEqual(self._get("/my/invoices").status_code, 200)
        # Client B does not share the office's invoices: hidden, and 404.
        self.authenticate("portal_b", "portal_b")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["invoice_count"]}
        )
        self.assertEqual(counters["invoice_count"], 0)
        self.assertEqual(self._get("/my/invoices").status_code, 404)

    def _count_page_queries(self, url):
        self._get(url)  # warm the template and asset caches
        before = self.cr.sql_log_count
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_list_query_count_does_not_grow_with_publications(self):
        self.authenticate("portal_a", "portal_a")
        one = self._count_page_queries("/my/accounting")
        self.assertGreater(one, 0)  # the server's queries are counted
        for report_type in ("balance_sheet", "ratios", "taxes", "treasury"):
            self._publish(report_type)
        self._new_publication_cls("taxes")
        self.assertEqual(self._count_page_queries("/my/accounting"), one)

    def test_portal_tour(self):
        self.start_tour("/my", "accounting_share_portal_tour", login="portal_a")
