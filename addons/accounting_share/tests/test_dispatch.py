from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AccountingShareCommon


@tagged("post_install", "-at_install")
class TestAccountingShareDispatch(AccountingShareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.publication = (
            cls.env["accounting.share.publication"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.client_a.id,
                    "report_type": "profit_loss",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        )
        cls.publication.action_publish()
        # Assertions read as superuser; every action runs as the user who meets it.
        cls.dispatch_model = cls.env["accounting.share.dispatch"].sudo()

    def _send(self, source, user=None):
        user = user or self.staff
        if source._name == "accounting.share.publication":
            action = source.with_user(user).action_send_to_portal()
            wizard = (
                self.env[action["res_model"]].with_user(user).browse(action["res_id"])
            )
        else:
            wizard = (
                self.env["accounting.share.send.wizard"]
                .with_user(user)
                .with_context(active_model=source._name, active_id=source.id)
                .create({})
            )
        action = wizard.action_confirm()
        return self.dispatch_model.browse(action["res_id"]), wizard

    def test_send_publication_lands_in_sent_documents(self):
        dispatch, wizard = self._send(self.publication)
        # The read-only summary shown before sending.
        self.assertEqual(wizard.partner_id, self.client_a)
        self.assertEqual(wizard.document_type, "publication")
        self.assertEqual(wizard.period, "2024-03-01 to 2024-03-31")
        self.assertEqual(wizard.file_name, self.publication.pdf_attachment_id.name)

        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(dispatch.attempts, 1)
        self.assertEqual(dispatch.user_id, self.staff)
        self.assertTrue(dispatch.sent_date)
        self.assertFalse(dispatch.last_error)
        sent_file = dispatch.file_id
        self.assertEqual(sent_file.folder_id.name, "Sent documents")
        self.assertEqual(
            sent_file.folder_id.parent_id, self.client_a.sudo().reseller_folder_id
        )
        self.assertEqual(sent_file.partner_id, self.client_a)
        self.assertEqual(
            sent_file.attachment_id.raw, self.publication.pdf_attachment_id.raw
        )
        # A second send reuses the folder.
        second, _wizard = self._send(self.publication)
        self.assertEqual(second.file_id.folder_id, sent_file.folder_id)

    def test_sent_publication_is_seen_by_its_client_only(self):
        dispatch, _wizard = self._send(self.publication)
        sent_file = dispatch.file_id
        # Both contacts of the client see the file and the dispatch; B sees neither.
        for user in (self.portal_a, self.portal_a_colleague):
            self.assertEqual(
                self.env["reseller.file"]
                .with_user(user)
                .search([("id", "=", sent_file.id)]),
                sent_file,
            )
            self.assertEqual(
                self.dispatch_model.with_user(user).search([]), dispatch.with_user(user)
            )
        self.assertFalse(self.dispatch_model.with_user(self.portal_b).search([]))
        with self.assertRaises(AccessError):
            dispatch.with_user(self.portal_b).read(["name"])
        with self.assertRaises(AccessError):
            dispatch.with_user(self.portal_a).write({"state": "failed"})
        # Staff cannot forge a result either: only sending sets it.
        with self.assertRaises(AccessError):
            dispatch.with_user(self.staff).write({"state": "failed"})

    def test_sent_folder_is_named_in_the_client_language(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env.ref("base.module_accounting_share")._update_translations(["pt_BR"])
        self.client_a.lang = "pt_BR"
        dispatch, _wizard = self._send(self.publication)
        self.assertEqual(dispatch.file_id.folder_id.name, "Documentos Enviados")

    def test_send_invoice_without_portal_user_fails_then_retry(self):
        # partner_a, the invoiced customer, has no portal user yet.
        dispatch, wizard = self._send(self.customer_invoice)
        self.assertEqual(wizard.document_type, "invoice")
        self.assertEqual(wizard.period, "2024-03")
        self.assertEqual(dispatch.state, "failed")
        self.assertEqual(dispatch.attempts, 1)
        self.assertIn("has no portal user", dispatch.last_error)
        self.assertFalse(dispatch.file_id)

        new_test_user(
            self.env,
            login="portal_partner_a",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Buyer", "parent_id": self.partner_a.id})
            .id,
        )
        dispatch.with_user(self.staff).action_retry()
        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(dispatch.attempts, 2)
        self.assertFalse(dispatch.last_error)
        self.assertEqual(dispatch.file_id.partner_id, self.partner_a)

    def test_retry_cannot_be_redirected_to_another_client(self):
        """A failed dispatch's client and document are fixed, over RPC too."""
        dispatch, _wizard = self._send(self.customer_invoice)
        self.assertEqual(dispatch.state, "failed")
        as_staff = dispatch.with_user(self.staff)
        for vals in (
            {"partner_id": self.client_a.id},
            {"res_model": "accounting.share.publication"},
            {"res_id": self.publication.id},
            {"document_type": "attachment"},
            {"user_id": self.manager.id},
        ):
            with self.assertRaises(AccessError):
                as_staff.write(vals)
        as_staff.action_retry()
        self.assertEqual(dispatch.partner_id, self.partner_a)
        self.assertEqual(dispatch.state, "failed")
        self.assertFalse(
            self.env["reseller.file"]
            .sudo()
            .search([("partner_id", "=", self.client_a.id)])
        )

    def test_client_without_folder_fails_clearly(self):
        self.client_a.sudo().reseller_folder_id.action_archive()
        dispatch, _wizard = self._send(self.publication)
        self.assertEqual(dispatch.state, "failed")
        self.assertIn("no file center folder", dispatch.last_error)

    def test_retry_all_failed(self):
        failed_a, _wizard = self._send(self.customer_invoice)
        failed_b, _wizard = self._send(self.customer_invoice)
        failed_c, _wizard = self._send(self.customer_invoice)
        sent, _wizard = self._send(self.publication)
        self.assertEqual((failed_a | failed_b).mapped("state"), ["failed", "failed"])
        new_test_user(
            self.env,
            login="portal_partner_a",
            groups="base.group_portal",
            partner_id=self.partner_a.id,
        )
        (failed_a | failed_b | sent).with_user(self.staff).action_retry()
        self.assertEqual((failed_a | failed_b).mapped("state"), ["sent", "sent"])
        self.assertEqual((failed_a | failed_b).mapped("attempts"), [2, 2])
        # The same failed dispatch listed twice over RPC is sent once.
        self.dispatch_model.browse(failed_c.ids * 2).with_user(
            self.staff
        ).action_retry()
        self.assertEqual(failed_c.attempts, 2)
        self.assertEqual(
            self.env["reseller.file"]
            .sudo()
            .search_count([("partner_id", "=", self.partner_a.id)]),
            3,
        )
        # The one already sent is left alone.
        self.assertEqual(sent.attempts, 1)
        with self.assertRaises(UserError):
            sent.with_user(self.staff).action_retry()

    def test_send_attachment(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "DAS 03-2024.pdf",
                "raw": b"%PDF-1.4 tax slip",
                "mimetype": "application/pdf",
                "res_model": "res.partner",
                "res_id": self.client_a.id,
            }
        )
        dispatch, wizard = self._send(attachment)
        self.assertEqual(wizard.document_type, "attachment")
        self.assertEqual(wizard.partner_id, self.client_a)
        self.assertEqual(dispatch.state, "sent")
        self.assertEqual(dispatch.file_id.attachment_id.raw, b"%PDF-1.4 tax slip")

    def test_cannot_send_drafts_or_as_portal(self):
        draft = (
            self.env["accounting.share.publication"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.client_a.id,
                    "report_type": "taxes",
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                }
            )
        )
        with self.assertRaises(UserError):
            self._send(draft)
        with self.assertRaises(AccessError):
            self._send(self.publication, user=self.portal_a)
        self.assertFalse(self.dispatch_model.search([]))

    def test_dispatch_belongs_to_the_company_of_its_document(self):
        """Staff of company A never see a dispatch of a company C client."""
        publication_c = self._new_publication(client=self.client_b)
        publication_c.action_publish()
        dispatches = self.dispatch_model.create(
            [
                self.dispatch_model._prepare_dispatch_values(
                    publication, publication.partner_id, "publication", "2024-03"
                )
                for publication in (self.publication, publication_c)
            ]
        )
        dispatch_a, dispatch_c = dispatches
        self.assertEqual(dispatch_a.company_id, self.company)
        self.assertEqual(dispatch_c.company_id, self.company_c)
        staff_dispatches = self.env["accounting.share.dispatch"].with_user(self.staff)
        self.assertEqual(
            staff_dispatches.search([("id", "in", dispatches.ids)]), dispatch_a
        )
        with self.assertRaises(AccessError):
            dispatch_c.with_user(self.staff).read(["name"])
        # The manager, a member of both companies, sees both.
        manager_dispatches = self.env["accounting.share.dispatch"].with_user(
            self.manager
        )
        self.assertEqual(
            manager_dispatches.search([("id", "in", dispatches.ids)]), dispatches
        )
