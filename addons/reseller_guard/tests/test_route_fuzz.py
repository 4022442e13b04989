"""Every route of the suite, sent malformed input, answers anything but a 500.

The routes are read from the live routing map, so a route added later is covered
without editing this test: every URL whose endpoint is defined or overridden in
one of the suite's addons, with each path argument replaced by a NUL byte,
invalid UTF-8, a huge integer, a negative id and a non-numeric id, and with the
portal list parameters (`sortby`, `filterby`, `search`, dates, page) malformed.
An error logged by the server fails the run as well (scripts/test.sh).
"""

import itertools
import json
import re

from odoo.tests import HttpCase, new_test_user, tagged

SUITE = (
    "reseller_guard",
    "reseller_files",
    "reseller_billing",
    "client_portal",
    "accounting_share",
)
ARGUMENT_RE = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
BAD_PATH_VALUES = ("%00", "%FF%FE", "99999999999999999999", "-1", "abc", "0")
# A NUL byte anywhere is refused before the route runs (models/ir_http.py), so
# the other malformed list parameters are sent in a query of their own.
BAD_QUERIES = (
    "sortby=nope&filterby=nope&search_in=nope&search=a%FFb%27%22"
    "&date_begin=not-a-date&date_end=2026-13-45&page=-3",
    "sortby=date&date_begin=99999-01-01&date_end=0000-00-00&search=" + "x" * 3000,
    "search=a%00b",
)
BAD_FORM = {
    "name": "a\x00b",
    "comment": b"\xff\xfe invalid UTF-8",
    "reason": "x" * 5000,
    "folder_id": "99999999999999999999",
    "file_id": "-1",
    "access_token": "\x00",
}


def _suite_module(endpoint):
    """The suite addon that defines or overrides this endpoint, if any.

    Odoo's own lists that the suite extends (`/my/quotes`, `/my/orders`,
    `/my/invoices`) count once an addon of the suite overrides their route:
    the overrides clean the parameters before Odoo's list code reads them.
    """
    method = getattr(endpoint, "func", endpoint)
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    for cls in type(owner).mro() if owner is not None else ():
        parts = cls.__module__.split(".")
        suite_class = parts[:2] == ["odoo", "addons"] and parts[2] in SUITE
        if suite_class and name in cls.__dict__:
            return parts[2]
    return None


def _urls(rule):
    """The rule's URL with each path argument set to each bad value."""
    names = ARGUMENT_RE.findall(rule.rule)
    if not names:
        yield rule.rule
        return
    for values in itertools.product(BAD_PATH_VALUES, repeat=len(names)):
        parts = iter(values)
        yield ARGUMENT_RE.sub(lambda _match, parts=parts: next(parts), rule.rule)


@tagged("post_install", "-at_install")
class TestNoInputIsA500(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        client = cls.env["res.partner"].create(
            {"name": "Fuzz Cliente LTDA", "is_company": True}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="fuzz-portal",
            password="fuzz-portal-1234",
            groups="base.group_portal",
            name="Fuzz Contact",
        )
        cls.portal_user.partner_id.parent_id = client

    def _suite_rules(self):
        rules = [
            rule
            for rule in self.env["ir.http"].routing_map().iter_rules()
            if _suite_module(rule.endpoint)
        ]
        with_routes = self.env["ir.module.module"].search_count(
            [("name", "in", SUITE[1:]), ("state", "=", "installed")]
        )
        # Alone, this addon has no route; beside any other addon of the suite the
        # map must hold that addon's routes, or this test would prove nothing.
        self.assertEqual(bool(rules), bool(with_routes), "suite routes not found")
        return rules

    def _csrf_token(self):
        page = self.url_open("/my/account")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        return match.group(1) if match else ""

    def _send(self, rule, url, csrf_token):
        methods = rule.methods or {"GET", "POST"}
        routing = rule.endpoint.routing
        answers = []
        if routing.get("type") == "json":
            params = {key: "\x00" for key in BAD_FORM}
            answers.append(
                self.url_open(
                    url,
                    data=json.dumps({"params": params}),
                    headers={"Content-Type": "application/json"},
                )
            )
            return answers
        if "GET" in methods:
            separator = "&" if "?" in url else "?"
            answers += [
                self.url_open(f"{url}{separator}{query}") for query in BAD_QUERIES
            ]
        if "POST" in methods:
            answers.append(
                self.url_open(url, data=dict(BAD_FORM, csrf_token=csrf_token))
            )
        return answers

    def _crashes(self, login):
        if login:
            self.authenticate(login, login + "-1234")
        csrf_token = self._csrf_token() if login else ""
        crashes = []
        for rule in self._suite_rules():
            for url in _urls(rule):
                for answer in self._send(rule, url, csrf_token):
                    if answer.status_code >= 500:
                        crashes.append(
                            f"{answer.status_code} {answer.request.method} {url}"
                        )
        return crashes

    def test_visitor_never_gets_a_500(self):
        self.assertEqual(self._crashes(None), [])

    def test_portal_user_never_gets_a_500(self):
        self.assertEqual(self._crashes("fuzz-portal"), [])
