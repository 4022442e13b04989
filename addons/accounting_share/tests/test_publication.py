from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingSharePublication(AccountingShareCommon):
    def test_preview_then_publish(self):
        publication = self._new_publication()
        self.assertEqual(publication.company_id, self.company)
        publication.action_compute()
        self.assertEqual(publication.state, "draft")
        self.assertEqual(
            publication.report_data["values"]["period"]["net_profit"], 350.0
        )
        self.assertFalse(publication.portal_visible)
        # The staff preview renders the snapshot, as the client will see it.
        self.assertIn("Net Profit", publication.preview_html)
        self.assertIn("350.00", publication.preview_html)
        publication.action_publish()
        self.assertEqual(publication.state, "published")
        self.assertEqual(publication.version, 1)
        self.assertEqual(publication.published_by_id, self.manager)
        self.assertTrue(publication.published_date)
        self.assertTrue(publication.portal_visible)
        self.assertTrue(publication.pdf_attachment_id.raw)
        self.assertIn(b"Net Profit", publication.pdf_attachment_id.raw)
        self.assertEqual(
            self.client_a.with_user(self.manager).accounting_share_publication_count, 1
        )

    def test_republish_replaces_and_keeps_history(self):
        first = self._new_publication()
        first.action_publish()
        # A late entry changes March; publishing again replaces the version.
        self._misc_entry("2024-03-30", self.account_cash, self.account_revenue, 100)
        second = self._new_publication()
        second.action_publish()
        self.assertEqual(first.state, "replaced")
        self.assertEqual(first.replaced_by_id, second)
        self.assertEqual(second.version, 2)
        self.assertEqual(first.report_data["values"]["period"]["revenue"], 1000.0)
        self.assertEqual(second.report_data["values"]["period"]["revenue"], 1100.0)
        self.assertFalse(first.portal_visible)
        with self.assertRaises(UserError):
            first.unlink()
        with self.assertRaises(UserError):
            second.write({"report_data": {"values": {}}})

    def test_only_managers_publish(self):
        publication = (
            self.env["accounting.share.publication"]
            .with_user(self.staff)
            .create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "taxes",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        )
        publication.action_compute()
        with self.assertRaises(AccessError):
            publication.action_publish()
        # Nor through a plain write or create over RPC.
        with self.assertRaises(AccessError):
            publication.write({"state": "published"})
        with self.assertRaises(AccessError):
            publication.create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "taxes",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                    "state": "published",
                }
            )
        self.assertEqual(publication.state, "draft")

    def test_published_snapshot_stays_with_its_client_and_period(self):
        """Staff cannot move a published snapshot to another client, nor unpublish it.

        Otherwise client B's portal would show client A's books without any manager
        publishing them there.
        """
        publication = self._new_publication()
        publication.action_publish()
        as_staff = publication.with_user(self.staff)
        for vals in (
            {"partner_id": self.client_b.id},
            {"company_id": self.company_c.id},
            {"date_from": "2024-01-01"},
            {"report_type": "balance_sheet"},
            {"state": "draft"},
        ):
            with self.assertRaises(UserError):
                as_staff.write(vals)
        self.assertEqual(publication.partner_id, self.client_a)
        self.assertEqual(publication.state, "published")
        self.assertFalse(
            self.env["accounting.share.publication"].with_user(self.portal_b).search([])
        )
        # Republishing still replaces it, and its PDF can still be rendered.
        second = self._new_publication()
        second.action_publish()
        self.assertEqual(publication.state, "replaced")
        self.assertEqual(publication.replaced_by_id, second)

    def test_published_pdf_cannot_be_swapped_or_deleted(self):
        """The client downloads the stored PDF: staff cannot rewrite it."""
        publication = self._new_publication()
        publication.action_publish()
        original = publication.pdf_attachment_id.raw
        pdf_as_staff = publication.pdf_attachment_id.with_user(self.staff)
        with self.assertRaises(AccessError):
            pdf_as_staff.write({"raw": b"%PDF-1.4 forged figures"})
        with self.assertRaises(AccessError):
            pdf_as_staff.write({"res_id": self._new_publication("taxes").id})
        with self.assertRaises(AccessError):
            pdf_as_staff.unlink()
        self.assertEqual(publication.pdf_attachment_id.raw, original)
        # Other attachments of a publication are ordinary attachments.
        note = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .create(
                {
                    "name": "note.txt",
                    "raw": b"note",
                    "res_model": publication._name,
                    "res_id": publication.id,
                }
            )
        )
        note.write({"raw": b"new note"})
        note.unlink()

    def test_staff_cannot_force_portal_visibility(self):
        """portal_visible drives the portal rule: it is computed, never written."""
        draft = self._new_publication()
        draft.action_compute()
        unshared = self._new_publication("general_ledger")
        unshared.action_publish()
        for publication in (draft, unshared):
            with self.assertRaises(AccessError):
                publication.with_user(self.staff).write({"portal_visible": True})
            self.assertFalse(publication.portal_visible)
        # Nor at creation, with a forged snapshot.
        with self.assertRaises(AccessError):
            self.env["accounting.share.publication"].with_user(self.staff).create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "profit_loss",
                    "date_from": "2024-04-01",
                    "date_to": "2024-04-30",
                    "report_data": draft.report_data,
                    "portal_visible": True,
                }
            )
        self.assertFalse(
            self.env["accounting.share.publication"].with_user(self.portal_a).search([])
        )

    def test_publication_company_is_the_client_s(self):
        """A draft for client B cannot carry the books of a company its author is in."""
        with self.assertRaises(ValidationError):
            self.env["accounting.share.publication"].with_user(self.staff).create(
                {
                    "partner_id": self.client_b.id,
                    "company_id": self.company.id,
                    "report_type": "profit_loss",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        draft = self._new_publication()
        with self.assertRaises(ValidationError):
            draft.write({"partner_id": self.client_b.id, "company_id": self.company.id})
        # A contact of the client is stored as the client itself.
        draft.write({"partner_id": self.portal_a.partner_id.id})
        self.assertEqual(draft.partner_id, self.client_a)
        self.assertEqual(draft.company_id, self.company)

    def test_staff_do_not_see_publications_of_foreign_companies(self):
        publication_c = self._new_publication(client=self.client_b)
        publication_c.action_publish()
        publication_model = self.env["accounting.share.publication"]
        self.assertFalse(
            publication_model.with_user(self.staff).search(
                [("id", "=", publication_c.id)]
            )
        )
        with self.assertRaises(AccessError):
            publication_c.with_user(self.staff).read(["report_data"])

    def test_portal_reads_only_its_published_shared_snapshots(self):
        published = self._new_publication()
        published.action_publish()
        draft = self._new_publication("balance_sheet")
        unshared = self._new_publication("general_ledger")
        unshared.action_publish()
        other_client = self._new_publication(client=self.client_b)
        other_client.action_publish()

        model = self.env["accounting.share.publication"]
        for user in (self.portal_a, self.portal_a_colleague):
            # What JSON-RPC search_read would return to the client's contacts.
            self.assertEqual(
                model.with_user(user).search_read([], ["report_data"]),
                [{"id": published.id, "report_data": published.report_data}],
            )
        self.assertEqual(model.with_user(self.portal_b).search([]), other_client)
        for record in (draft, unshared, other_client):
            with self.assertRaises(AccessError):
                record.with_user(self.portal_a).read(["report_data"])
        with self.assertRaises(AccessError):
            published.with_user(self.portal_a).write({"state": "draft"})
        with self.assertRaises(AccessError):
            model.with_user(self.portal_a).create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "taxes",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        # Unsharing a report type hides its published periods at once.
        self.client_a.accounting_share_profit_loss = False
        self.assertFalse(model.with_user(self.portal_a).search([]))
