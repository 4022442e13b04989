from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .intake_common import IntakeCommon, build_pdf, draw_das


@tagged("post_install", "-at_install")
class TestIntakeDoors(IntakeCommon, HttpCase):
    def test_the_client_reaches_no_intake_file_over_any_door(self):
        """The guia is the client's, but the upload is the office's: until it is
        sent, no door gives it, nor the upload, to the client's portal user."""
        intake = self._intake(("das.pdf", build_pdf((draw_das, self.cnpj_a, "A"))))
        line = intake.line_ids
        portal = self.env["res.users"].search(
            [("partner_id.parent_id", "=", self.client_a.id)], limit=1
        )
        self.authenticate(portal.login, portal.login)
        for attachment in line.attachment_id | intake.attachment_ids:
            response = self.url_open(f"/web/content/{attachment.id}?download=1")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(b"%PDF", response.content)
        for model, ids in (
            ("accounting.share.intake", intake.ids),
            ("accounting.share.intake.line", line.ids),
        ):
            with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": "read",
                        "args": [ids, ["name"]],
                        "kwargs": {},
                    },
                )
