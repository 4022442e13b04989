from odoo.tests import BaseCase, tagged

from odoo.addons.reseller_guard.tools import clean_list_params

SORTINGS = {"date": {}, "name": {}}
FILTERS = {"all": {}, "open": {}}


@tagged("post_install", "-at_install")
class TestListParams(BaseCase):
    def clean(self, **params):
        return clean_list_params(params, sortings=SORTINGS, filters=FILTERS)

    def test_known_values_pass_through(self):
        params = {
            "sortby": "name",
            "filterby": "open",
            "search": "NF 123",
            "page": "2",
            "other": "kept",
        }
        cleaned = self.clean(**params)
        self.assertEqual(cleaned["sortby"], "name")
        self.assertEqual(cleaned["filterby"], "open")
        self.assertEqual(cleaned["search"], "NF 123")
        self.assertEqual(cleaned["page"], 2)
        self.assertEqual(cleaned["other"], "kept")

    def test_unknown_sortings_and_filters_fall_back_to_the_default(self):
        cleaned = self.clean(sortby="amount; drop", filterby="\x00")
        self.assertNotIn("sortby", cleaned)
        self.assertNotIn("filterby", cleaned)

    def test_dates_are_parsed_or_dropped(self):
        cleaned = self.clean(date_begin="2026-01-31", date_end="2026-13-45")
        self.assertEqual(cleaned["date_begin"], "2026-01-31 00:00:00")
        self.assertNotIn("date_end", cleaned)
        for bad in ("yesterday", "2026-01-01\x00", "", "9" * 400):
            self.assertNotIn("date_begin", self.clean(date_begin=bad))

    def test_search_loses_nul_and_control_characters(self):
        cleaned = self.clean(search="ab\x00c\u202ed" + "x" * 500)
        self.assertTrue(cleaned["search"].startswith("abcd"))
        self.assertEqual(len(cleaned["search"]), 200)

    def test_page_is_a_bounded_positive_integer(self):
        self.assertEqual(self.clean(page="-5")["page"], 1)
        self.assertEqual(self.clean(page="x")["page"], 1)
        self.assertEqual(self.clean(page="9" * 50)["page"], 100_000)
