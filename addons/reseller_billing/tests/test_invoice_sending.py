from odoo.tests import HttpCase, new_test_user, tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestInvoiceSending(BillingCommon, HttpCase):
    """The monthly e-mail sends the official invoice, as account's Send does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "Ana of A", "parent_id": cls.client_a.id, "email": "ana@a.example"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="sending_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
            company_id=cls.env.company.id,
            company_ids=[(6, 0, cls.env.company.ids)],
        )
        cls.move = cls.contract_a._create_invoices(3, 2026)

    def _portal_invoice_html(self):
        self.env.flush_all()
        self.authenticate("sending_portal_a", "sending_portal_a")
        response = self.url_open(f"/my/invoices/{self.move.id}?report_type=html")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_sent_invoice_is_not_proforma_in_the_portal(self):
        # What the client met before: no official PDF, so account says PROFORMA.
        self.assertIn("PROFORMA", self._portal_invoice_html())
        self.env["account.move"]._cron_send_billing_mails()
        self.assertTrue(self.move.invoice_pdf_report_id)
        html = self._portal_invoice_html()
        self.assertNotIn("PROFORMA", html)
        self.assertIn(self.move.name, html)

    def test_invoice_paid_before_the_mail_still_gets_its_official_pdf(self):
        """A client who pays before the e-mail cron runs meets no PROFORMA."""
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.move.ids
        ).create({})._create_payments()
        self.assertEqual(self.move.reseller_billing_state, "paid")
        messages_before = self.move.message_ids
        sent = self.env["account.move"]._cron_send_billing_mails()
        self.assertEqual(sent, self.move)
        self.assertTrue(self.move.invoice_pdf_report_id)
        self.assertTrue(self.move.reseller_mail_sent)
        # no slip is e-mailed for an invoice already paid
        new_messages = self.move.message_ids - messages_before
        self.assertFalse(
            new_messages.filtered(lambda m: self.client_a in m.partner_ids)
        )
        self.assertNotIn("PROFORMA", self._portal_invoice_html())

    def test_mail_carries_the_stored_invoice_pdf_and_the_slip(self):
        sent = self.env["account.move"]._cron_send_billing_mails()
        self.assertEqual(sent, self.move)
        self.assertTrue(self.move.is_move_sent)
        message = self.move.message_ids.filtered(
            lambda m: self.client_a in m.partner_ids
        )[:1]
        self.assertTrue(message, "the client is a recipient of the billing e-mail")
        self.assertIn(self.move.reseller_slip_id.digitable_line, message.body)
        names = message.attachment_ids.mapped("name")
        self.assertEqual(len(names), 2, "invoice and slip attached")
        self.assertIn(self.move.invoice_pdf_report_id.name, names)

    def test_one_batch_sends_every_invoice_of_the_run(self):
        moves = self.move | self.contract_b._create_invoices(3, 2026)
        sent = self.env["account.move"]._cron_send_billing_mails(batch_size=10)
        self.assertEqual(sent, moves)
        self.assertTrue(all(moves.mapped("invoice_pdf_report_id")))
        self.assertTrue(all(moves.mapped("reseller_mail_sent")))

    def test_billing_mail_sends_invoice_and_slip(self):
        move = self.move
        sent = self.env["account.move"]._cron_send_billing_mails()
        self.assertIn(move, sent)
        self.assertTrue(move.reseller_mail_sent)
        message = move.message_ids.filtered(lambda m: self.client_a in m.partner_ids)[
            :1
        ]
        self.assertTrue(message, "the client is a recipient of the billing e-mail")
        self.assertIn(move.reseller_slip_id.digitable_line, message.body)
        self.assertEqual(len(message.attachment_ids), 2, "invoice and slip attached")
        # A second cron run sends nothing more.
        self.assertFalse(self.env["account.move"]._cron_send_billing_mails())

    def test_cron_sends_one_batch_per_call_and_reports_progress(self):
        """The scheduler commits after each call: a batch already sent is never
        picked again, and the progress tells it when to stop."""
        other_move = self.contract_b._create_invoices(3, 2026)
        cron = self.env.ref("reseller_billing.ir_cron_reseller_send_mails")
        calls = []
        for _call in range(3):
            progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
            sent = (
                self.env["account.move"]
                .with_context(ir_cron_progress_id=progress.id)
                ._cron_send_billing_mails(batch_size=1)
            )
            calls.append((sent, progress.done, progress.remaining))
        self.assertEqual(
            calls,
            [
                (self.move, 1, 1),
                (other_move, 1, 0),
                (self.env["account.move"], 0, 0),
            ],
        )
