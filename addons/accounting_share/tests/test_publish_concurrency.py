"""Two publications of one period at once, with real committed cursors.

TransactionCase runs inside one uncommitted transaction that no other cursor sees:
this test commits its own small fixture, publishes from two cursors at once, and
deletes what it committed afterwards.
"""

import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestPublishConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"Books {tag}"})
            client = env["res.partner"].create(
                {
                    "name": f"Concurrent client {tag}",
                    "is_company": True,
                    "shared_company_id": company.id,
                    "accounting_share_profit_loss": True,
                }
            )
            drafts = env["accounting.share.publication"].create(
                [
                    {
                        "partner_id": client.id,
                        "report_type": "profit_loss",
                        "date_from": "2024-03-01",
                        "date_to": "2024-03-31",
                    }
                ]
                * 2
            )
            self.company_id, self.client_id = company.id, client.id
            self.publication_ids = drafts.ids
        self.addCleanup(self._delete_fixture)

    def _delete_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            publications = env["accounting.share.publication"].browse(
                self.publication_ids
            )
            attachments = env["ir.attachment"].search(
                [
                    ("res_model", "=", publications._name),
                    ("res_id", "in", publications.ids),
                ]
            )
            # Published versions are history for users; the fixture is not.
            cr.execute(
                SQL(
                    "DELETE FROM accounting_share_publication WHERE id IN %s",
                    tuple(publications.ids),
                )
            )
            attachments.unlink()
            env["mail.message"].search(
                [("model", "=", publications._name), ("res_id", "in", publications.ids)]
            ).unlink()
            env["res.partner"].browse(self.client_id).unlink()
            env["res.company"].browse(self.company_id).unlink()

    def _publish_in_thread(self, publication_id, outcome):
        def run():
            with self.registry.cursor() as cr:
                # Environment() would look the registry up under a lock the test
                # runner holds: give the cursor its transaction directly.
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    env["accounting.share.publication"].browse(
                        publication_id
                    )._publish()
                except UserError as error:
                    outcome["refused"] = str(error)
                    cr.rollback()
                else:
                    outcome["published"] = True

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def _published_count(self):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM accounting_share_publication "
                    "WHERE id IN %s AND state = 'published'",
                    tuple(self.publication_ids),
                )
            )
            return cr.fetchone()[0]

    # The refused UPDATE is logged by the cursor before it becomes a UserError.
    @mute_logger("odoo.sql_db")
    def test_second_publisher_waits_then_is_refused(self):
        first_id, second_id = self.publication_ids
        outcome = {}
        with self.registry.cursor() as cr_first:
            env_first = api.Environment(cr_first, SUPERUSER_ID, {})
            env_first["accounting.share.publication"].browse(first_id)._publish()
            # The first manager has published but not committed yet.
            thread = self._publish_in_thread(second_id, outcome)
            thread.join(timeout=2)
            self.assertTrue(thread.is_alive(), "the second publisher must wait")
            cr_first.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertIn("refused", outcome)
        self.assertEqual(self._published_count(), 1)
