from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestIntConverter(HttpCase):
    def test_an_id_beyond_a_database_integer_is_a_404(self):
        self.authenticate("admin", "admin")
        answer = self.url_open("/web/image/res.partner/99999999999999999999/avatar_128")
        self.assertEqual(answer.status_code, 404)

    def test_ids_within_range_still_route(self):
        self.authenticate("admin", "admin")
        answer = self.url_open(
            f"/web/image/res.partner/{self.env.user.partner_id.id}/avatar_128"
        )
        self.assertEqual(answer.status_code, 200)
