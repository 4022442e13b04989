from datetime import date

from odoo.tests import HttpCase, tagged

from .obligation_common import ObligationCommon


@tagged("post_install", "-at_install")
class TestObligationRead(ObligationCommon, HttpCase):
    """/my/obligations tells when the guia that closed an obligation was read."""

    def test_obligation_shows_the_read_of_its_guia(self):
        tasks, _remaining = (
            self.env["accounting.share.obligation"].sudo()._generate_tasks(date.today())
        )
        task = tasks.filtered(
            lambda t: t.partner_id == self.client_a and t.obligation_id == self.das
        )
        attachment = self.env["ir.attachment"].create(
            {"name": "das.pdf", "raw": b"%PDF-1.4 das", "mimetype": "application/pdf"}
        )
        dispatch = self.env["accounting.share.dispatch"].create(
            {
                "name": "DAS",
                "partner_id": self.client_a.id,
                "document_type": "guia",
                "res_model": "ir.attachment",
                "res_id": attachment.id,
                "obligation_id": self.das.id,
                "obligation_period": task.obligation_period,
                "due_date": task.date_deadline,
            }
        )
        dispatch._send()
        self.assertEqual(task.obligation_dispatch_id, dispatch)
        self.authenticate("portal_a", "portal_a")
        # An obligation is listed in the month its legal deadline falls in.
        month_url = f"/my/obligations?period={task.date_deadline:%Y-%m}"
        page = self.url_open(month_url)
        self.assertIn("Sent on", page.text)
        self.assertNotIn("o_accounting_share_obligation_read", page.text)
        self.url_open(f"/my/files/file/{dispatch.file_id.id}/download")
        self.assertEqual(dispatch.first_read_user_id, self.portal_a)
        page = self.url_open(month_url)
        self.assertIn("o_accounting_share_obligation_read", page.text)
        self.assertIn("Read on", page.text)
