import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestIrHttp(HttpCase):
    def setUp(self):
        super().setUp()
        self.authenticate("admin", "admin")
        self.avatar_url = (
            f"/web/image/res.partner/{self.env.user.partner_id.id}/avatar_128"
        )

    def test_an_id_beyond_a_database_integer_is_a_404(self):
        answer = self.url_open("/web/image/res.partner/99999999999999999999/avatar_128")
        self.assertEqual(answer.status_code, 404)

    def test_ids_within_range_still_route(self):
        self.assertEqual(self.url_open(self.avatar_url).status_code, 200)

    def test_a_nul_byte_in_the_query_or_the_path_is_a_400(self):
        self.assertEqual(self.url_open(self.avatar_url + "?x=a%00b").status_code, 400)
        self.assertEqual(self.url_open(self.avatar_url + "?a%00b=x").status_code, 400)
        self.assertEqual(self.url_open("/my/%00").status_code, 404)

    def test_a_nul_byte_in_a_form_is_a_400(self):
        answer = self.url_open("/web/session/logout", data={"redirect": "/\x00"})
        self.assertEqual(answer.status_code, 400)

    def test_a_nul_byte_in_a_json_body_is_refused(self):
        answer = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "params": {
                        "model": "res.partner",
                        "method": "search_read",
                        "args": [[["name", "=", "a\x00b"]]],
                        "kwargs": {},
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        # JSON-RPC reports errors in the body, not in the status.
        error = answer.json()["error"]["data"]
        self.assertEqual(error["name"], "werkzeug.exceptions.BadRequest")
        self.assertIn("NUL", error["message"])
