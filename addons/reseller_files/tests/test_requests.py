from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestFileRequests(ResellerFilesCase):
    def _request(self, partner=None, **vals):
        return (
            self.env["reseller.file.request"]
            .with_user(self.staff)
            .create(
                {
                    "name": "Extratos novembro",
                    "partner_id": (partner or self.client_a).id,
                    "due_date": date.today() + timedelta(days=5),
                    **vals,
                }
            )
        )

    def test_default_folder_in_client_tree(self):
        first = self._request()
        self.assertEqual(first.folder_id.parent_id, self.root_a)
        self.assertEqual(first.folder_id.name, "Extratos novembro")
        self.assertEqual(first.requester_id, self.staff)
        self.assertEqual(first.state, "open")
        # a second request of the same title reuses the folder
        self.assertEqual(self._request().folder_id, first.folder_id)
        self.assertEqual(self._request(self.client_b).folder_id.parent_id, self.root_b)

    def test_is_late(self):
        late = self._request(due_date=date.today() - timedelta(days=1))
        on_time = self._request()
        self.assertTrue(late.is_late)
        self.assertFalse(on_time.is_late)
        Request = self.env["reseller.file.request"]
        found = Request.search(
            [("is_late", "=", True), ("id", "in", (late | on_time).ids)]
        )
        self.assertEqual(found, late)
        found = Request.search(
            [("is_late", "=", False), ("id", "in", (late | on_time).ids)]
        )
        self.assertEqual(found, on_time)

    def test_client_reads_own_only_and_cannot_write(self):
        own, other = self._request(), self._request(self.client_b)
        Request = self.env["reseller.file.request"].with_user(self.portal_a)
        self.assertEqual(Request.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_a).write({"state": "fulfilled"})
        with self.assertRaises(AccessError):
            Request.create(
                {"name": "x", "partner_id": self.client_a.id, "due_date": date.today()}
            )

    def test_upload_fulfils_and_notifies(self):
        file_request = self._request()
        as_client = file_request.with_user(self.portal_a).sudo()
        files = as_client._portal_upload(
            [("extrato.pdf", b"%PDF-1.4 a", None), ("b.txt", b"b", None)]
        )
        self.assertEqual(files.folder_id, file_request.folder_id)
        self.assertEqual(file_request.state, "fulfilled")
        self.assertEqual(file_request.fulfilled_by_id, self.portal_a)
        self.assertTrue(file_request.fulfilled_date)
        self.assertEqual(file_request.file_ids, files)
        message = file_request.message_ids[:1]
        self.assertIn("extrato.pdf", message.body)
        self.assertIn(self.staff.partner_id, message.partner_ids)
        # more files until staff close it
        as_client._portal_upload([("c.txt", b"c", None)])
        self.assertEqual(len(file_request.file_ids), 3)
        self.assertEqual(file_request.fulfilled_by_id, self.portal_a)
        file_request.with_user(self.staff).action_close()
        with self.assertRaisesRegex(Exception, "closed"):
            as_client._portal_upload([("d.txt", b"d", None)])

    def test_template_cron_once_per_period(self):
        # only this test's template is due (a database may hold demo ones)
        self.env["reseller.file.request.template"].search([]).active = False
        template = self.env["reseller.file.request.template"].create(
            {
                "name": "Extratos bancários",
                "partner_ids": [(6, 0, (self.client_a | self.client_b).ids)],
                "day_of_month": 1,
                "due_day": 28,
            }
        )
        Template = self.env["reseller.file.request.template"]
        self.assertEqual(Template._cron_create_requests(batch_size=1), 1)
        self.assertEqual(Template._cron_create_requests(batch_size=1), 0)
        self.assertEqual(Template._cron_create_requests(), 0)
        self.assertEqual(len(template.request_ids), 2)
        period = fields.Date.today().strftime("%Y-%m")
        self.assertEqual(set(template.request_ids.mapped("period")), {period})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["reseller.file.request"].create(
                {
                    "name": "dup",
                    "partner_id": self.client_a.id,
                    "due_date": date.today(),
                    "template_id": template.id,
                    "period": period,
                }
            )

    def test_reminders_one_mail_per_client(self):
        today = date.today()
        self._request(due_date=today + timedelta(days=3))
        self._request(due_date=today + timedelta(days=30), name="Folha")
        self._request(due_date=today - timedelta(days=1), name="Notas")
        self._request(self.client_b, due_date=today + timedelta(days=3))
        self._request(self.client_b, due_date=today + timedelta(days=10), name="Quiet")
        Request = self.env["reseller.file.request"]
        before = self.env["mail.mail"].search([])
        self.assertEqual(Request._cron_send_reminders(batch_size=1), 1)
        self.assertEqual(Request._cron_send_reminders(batch_size=1), 0)
        self.assertEqual(Request._cron_send_reminders(), 0)
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 2)
        mail_a = mails.filtered(lambda m: self.contact_a in m.recipient_ids)
        # every open request of the client, in the one e-mail
        for name in ("Extratos novembro", "Folha", "Notas"):
            self.assertIn(name, mail_a.body_html)

    def test_bulk_wizard_by_tag(self):
        tag = self.env["res.partner.category"].create({"name": "Mensal"})
        (self.client_a | self.client_b).category_id = tag
        wizard = (
            self.env["reseller.file.request.bulk.wizard"]
            .with_user(self.staff)
            .create(
                {
                    "name": "Folha",
                    "due_date": date.today(),
                    "category_ids": [(6, 0, tag.ids)],
                }
            )
        )
        self.assertEqual(wizard.client_count, 2)
        action = wizard.action_send()
        requests = self.env["reseller.file.request"].search(action["domain"])
        self.assertEqual(requests.partner_id, self.client_a | self.client_b)

    def test_due_date_of_recurring_requests(self):
        Request = self.env["reseller.file.request"]
        self.assertEqual(
            Request._reseller_due_from(date(2026, 1, 5), 20, 5), date(2026, 1, 20)
        )
        self.assertEqual(
            Request._reseller_due_from(date(2026, 12, 25), 5, 25), date(2027, 1, 5)
        )
        self.assertEqual(Request._reseller_period_of(date(2026, 3, 1)), "2026-03")

    def test_reminder_on_the_day_after_only_while_open(self):
        yesterday = date.today() - timedelta(days=1)
        late = self._request(self.client_b, due_date=yesterday)
        self._request(due_date=yesterday, reminder_after_due=False)
        Request = self.env["reseller.file.request"]
        before = self.env["mail.mail"].search([])
        Request._cron_send_reminders()
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(mails.recipient_ids, self.contact_b)
        self.assertEqual(late.last_reminder_date, date.today())
        # the same day, nothing is sent twice
        Request._cron_send_reminders()
        self.assertEqual(self.env["mail.mail"].search([]) - before, mails)
