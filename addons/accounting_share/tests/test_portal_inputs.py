from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AccountingShareCommon

# What an attacker or a broken link sends where an id is expected.
BAD_IDS = ("%00", "%FF", "99999999999999999999", "-1", "abc", "1%00", "%C3%28")
# ... and in any parameter.
BAD_VALUES = ("%00", "%FF", "99999999999999999999", "-1", "abc")


@tagged("post_install", "-at_install")
class TestAccountingSharePortalInputs(AccountingShareCommon, HttpCase):
    """No input to an Accounting Share route answers 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.publication = cls._new_publication_cls()
        cls.publication.action_publish()

    @classmethod
    def _new_publication_cls(cls):
        return (
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

    def _status(self, url):
        return self.url_open(url, allow_redirects=False).status_code

    @mute_logger("odoo.http")
    def test_invoice_list_parameters_fall_back_to_the_defaults(self):
        self.authenticate("portal_a", "portal_a")
        for query in (
            "sortby=bogus",
            "filterby=bogus",
            "sortby=%00&filterby=%FF",
            "date_begin=not-a-date&date_end=2024-13-45",
            "date_begin=%00&date_end=%FF",
            "search=%00",
            "search=a%00b&search_in=%00",
        ):
            response = self.url_open(f"/my/invoices?{query}")
            # reseller_guard refuses a NUL byte anywhere with a 400
            if "%00" in query:
                self.assertEqual(response.status_code, 400, query)
                continue
            self.assertEqual(response.status_code, 200, query)
            self.assertIn("Invoices", response.text)
        # a page number no database integer holds matches no route
        self.assertEqual(self._status("/my/invoices/page/99999999999999999999"), 404)
        self.assertEqual(self._status("/my/invoices/page/0"), 200)

    @mute_logger("odoo.http")
    def test_publication_routes_answer_404_to_bad_ids(self):
        self.authenticate("portal_a", "portal_a")
        for bad_id in BAD_IDS:
            for suffix in ("", "/pdf", "/xlsx"):
                url = f"/my/accounting/{bad_id}{suffix}"
                self.assertIn(self._status(url), (400, 404), url)

    @mute_logger("odoo.http")
    def test_bad_parameters_are_ignored(self):
        self.authenticate("portal_a", "portal_a")
        urls = [
            "/my/accounting",
            f"/my/accounting/{self.publication.id}",
            f"/my/accounting/{self.publication.id}/pdf",
            f"/my/accounting/{self.publication.id}/xlsx",
        ]
        for url in urls:
            for value in BAD_VALUES:
                status = self._status(f"{url}?x={value}&report_type={value}")
                expected = 400 if value == "%00" else 200
                self.assertEqual(status, expected, f"{url} {value}")

    @mute_logger("odoo.http")
    def test_invoice_detail_never_answers_500(self):
        self.authenticate("portal_a", "portal_a")
        for bad_id in BAD_IDS:
            status = self._status(f"/my/invoices/{bad_id}")
            self.assertLess(status, 500, bad_id)
        invoice_url = f"/my/invoices/{self.customer_invoice.id}"
        for value in BAD_VALUES:
            for param in ("report_type", "access_token", "download"):
                status = self._status(f"{invoice_url}?{param}={value}")
                self.assertLess(status, 500, f"{param}={value}")
