from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .receipt_common import ReceiptCommon


@tagged("post_install", "-at_install")
class TestReadReceipts(ReceiptCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guia = cls._guia(cls.client_a, "DAS A")
        cls.guia_b = cls._guia(cls.client_b, "DAS B")

    def _download(self, guia):
        return self.url_open(f"/my/files/file/{guia.file_id.id}/download")

    def test_client_download_records_the_first_read_and_every_later_one(self):
        self.assertEqual(self.guia.read_status, "unread")
        self.authenticate("guia_a", "guia_a")
        self.assertEqual(self._download(self.guia).status_code, 200)
        self.assertEqual(self.guia.first_read_user_id, self.portal_a)
        self.assertEqual(self.guia.first_read_ip, "127.0.0.1")
        self.assertTrue(self.guia.first_read_date)
        self.assertEqual(self.guia.read_count, 1)
        self.assertEqual(self.guia.read_status, "read")
        first_read = self.guia.first_read_date
        # a second contact of the same client counts, the first read stays
        self.authenticate("guia_a2", "guia_a2")
        self.url_open(f"/my/files/file/{self.guia.file_id.id}/preview")
        self.assertEqual(self.guia.read_count, 2)
        self.assertEqual(self.guia.first_read_date, first_read)
        self.assertEqual(self.guia.first_read_user_id, self.portal_a)
        self.assertEqual(self.guia.read_ids.user_id, self.portal_a | self.portal_a2)
        self.assertEqual(len(self.guia.receipt_id.read_stamp_ids), 1)

    def test_staff_reads_do_not_count(self):
        self.env["reseller.file.download"].with_user(self.staff)._reseller_log(
            self.guia.file_id
        )
        self.authenticate("receipt_staff", "receipt_staff")
        self.assertEqual(self._download(self.guia).status_code, 200)
        self.assertFalse(self.guia.first_read_date)
        self.assertEqual(self.guia.read_count, 0)
        self.assertEqual(self.guia.read_status, "unread")

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_attachment")
    def test_another_client_neither_reads_nor_counts(self):
        self.authenticate("guia_b", "guia_b")
        self.assertEqual(self._download(self.guia).status_code, 404)
        # even handed the file directly, the read is not the other client's
        self.env["accounting.share.dispatch"].with_user(
            self.portal_b
        )._accounting_share_record_reads(self.guia.file_id)
        self.assertIn(
            self.url_open(
                f"/web/content/{self.guia.file_id.attachment_id.id}"
            ).status_code,
            (403, 404),
        )
        self.assertFalse(self.guia.first_read_date)
        self.assertEqual(self.guia.read_count, 0)

    def test_zip_of_the_sent_folder_counts_as_a_read(self):
        self.authenticate("guia_a", "guia_a")
        folder = self.guia.file_id.folder_id
        response = self.url_open(f"/my/files/{folder.id}/zip")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.guia.read_count, 1)
        self.assertEqual(self.guia.first_read_user_id, self.portal_a)

    def test_reading_after_the_due_date(self):
        late = self._guia(self.client_a, "DAS late", due_in_days=-5)
        self.authenticate("guia_a", "guia_a")
        self._download(late)
        self.assertEqual(late.read_status, "read_late")
        unread_late = self._guia(self.client_a, "DAS unread late", due_in_days=-5)
        dispatch_model = self.env["accounting.share.dispatch"]
        self.assertIn(
            unread_late,
            dispatch_model.search(
                [
                    ("read_status", "=", "unread"),
                    ("due_date", "<", fields.Date.context_today(dispatch_model)),
                ]
            ),
        )

    def test_read_fields_are_closed_to_staff(self):
        with self.assertRaises(AccessError):
            self.guia.with_user(self.staff).write(
                {"first_read_date": fields.Datetime.now() - timedelta(days=1)}
            )


@tagged("post_install", "-at_install")
class TestGuiaReminders(ReceiptCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.accounting_share_reminder_days = 3
        cls.due_soon = cls._guia(cls.client_a, "DAS soon", due_in_days=2)
        cls.due_soon_b = cls._guia(cls.client_b, "DAS soon B", due_in_days=3)
        cls.due_later = cls._guia(cls.client_a, "DAS later", due_in_days=10)
        cls.read_soon = cls._guia(cls.client_a, "DAS read", due_in_days=1)
        cls.past_due = cls._guia(cls.client_a, "DAS past", due_in_days=-1)
        cls.env["accounting.share.dispatch"].with_user(
            cls.portal_a
        )._accounting_share_record_reads(cls.read_soon.file_id)

    def _reminder_mails(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "accounting.share.dispatch"),
                ("res_id", "in", (self.due_soon | self.due_soon_b).ids),
            ]
        )

    def test_unread_guias_near_due_are_reminded_once_in_batches(self):
        dispatch_model = self.env["accounting.share.dispatch"]
        due = dispatch_model.search([("reminder_due", "=", True)])
        self.assertEqual(due & self.guias_made(), self.due_soon | self.due_soon_b)
        first = dispatch_model._cron_send_guia_reminders(batch_size=1)
        second = dispatch_model._cron_send_guia_reminders(batch_size=1)
        self.assertEqual(first | second, self.due_soon | self.due_soon_b)
        mails = self._reminder_mails()
        self.assertEqual(len(mails), 2)
        mail_a = mails.filtered(lambda mail: mail.res_id == self.due_soon.id)
        self.assertEqual(
            mail_a.recipient_ids,
            (self.portal_a | self.portal_a2).partner_id,
        )
        self.assertIn("DAS soon", mail_a.subject)
        self.assertTrue(self.due_soon.reminder_sent_date)
        # a rerun sends nothing twice
        self.assertFalse(dispatch_model._cron_send_guia_reminders())
        self.assertEqual(len(self._reminder_mails()), 2)

    def test_the_window_is_the_company_setting(self):
        self.company.accounting_share_reminder_days = 1
        due = self.env["accounting.share.dispatch"].search(
            [("reminder_due", "=", True)]
        )
        self.assertFalse(due & self.guias_made())

    def guias_made(self):
        return (
            self.due_soon
            | self.due_soon_b
            | self.due_later
            | self.read_soon
            | self.past_due
        )
