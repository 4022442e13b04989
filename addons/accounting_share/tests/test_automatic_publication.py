from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareAutomaticPublication(AccountingShareCommon):
    """The scheduled action: one batch of clients per call, as the scheduler runs it."""

    def test_cron_publishes_the_last_closed_month_once(self):
        self.client_a.write(
            {
                "accounting_share_publication_mode": "automatic",
                "accounting_share_publish_day": 1,
            }
        )
        # The scheduled action runs as the superuser.
        model = self.env["accounting.share.publication"].sudo()
        model._cron_publish_automatic()
        today = fields.Date.context_today(model)
        date_to = today.replace(day=1) - relativedelta(days=1)
        publications = model.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(
            sorted(publications.mapped("report_type")),
            ["balance_sheet", "profit_loss", "ratios", "taxes", "treasury"],
        )
        self.assertEqual(set(publications.mapped("state")), {"published"})
        self.assertEqual(set(publications.mapped("date_to")), {date_to})
        self.assertTrue(all(publications.mapped("automatic")))
        # Client B is manual: nothing for it.
        self.assertFalse(model.search([("partner_id", "=", self.client_b.id)]))
        model._cron_publish_automatic()
        self.assertEqual(model.search_count([("partner_id", "=", self.client_a.id)]), 5)

    def _run_batch(self, batch_size):
        """One call as the scheduler makes it: with a progress record to report to."""
        cron = self.env.ref("accounting_share.accounting_share_publication_cron")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["accounting.share.publication"].sudo().with_context(
            ir_cron_progress_id=progress.id
        )._cron_publish_automatic(batch_size=batch_size)
        return progress.done, progress.remaining

    def test_cron_publishes_one_batch_per_call_and_resumes_after_a_crash(self):
        for client in (self.client_a, self.client_b):
            client.write(
                {
                    "accounting_share_publication_mode": "automatic",
                    "accounting_share_publish_day": 1,
                }
            )
        model = self.env["accounting.share.publication"]
        clients = self.client_a | self.client_b
        self.assertEqual(self._run_batch(1), (1, 1))
        self.assertEqual(
            len(model.search([("partner_id", "in", clients.ids)]).partner_id), 1
        )
        # The scheduler's second call crashes: its batch is rolled back, as the
        # scheduler rolls back a failed call, and nothing of the first is lost.
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            self._run_batch(1)
            self.assertEqual(model.search_count([("partner_id", "in", clients.ids)]), 6)
            raise ZeroDivisionError
        self.assertEqual(model.search_count([("partner_id", "in", clients.ids)]), 5)
        # The next call resumes with the client still missing, and only that one.
        self.assertEqual(self._run_batch(1), (1, 0))
        self.assertEqual(model.search_count([("partner_id", "=", self.client_a.id)]), 5)
        self.assertEqual(model.search_count([("partner_id", "=", self.client_b.id)]), 1)
        # Nothing left: a further call publishes nothing twice.
        self.assertEqual(self._run_batch(1), (0, 0))
        self.assertEqual(model.search_count([("partner_id", "in", clients.ids)]), 6)
