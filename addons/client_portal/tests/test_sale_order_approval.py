import hashlib
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PDF_CONTENT, ClientPortalCommon


@tagged("post_install", "-at_install")
class TestSaleOrderApproval(ClientPortalCommon):
    def _upload_as(self, user, order=None, content=PDF_CONTENT, filename="scan.pdf"):
        order = order or self.quotation
        return order.with_user(user).action_portal_upload_signed_contract(
            filename, self._b64(content)
        )

    def test_default_comes_from_company_setting(self):
        self.assertTrue(self.quotation.require_signed_contract)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")
        self.env.company.portal_require_signed_contract = False
        order = self._create_quotation(self.client_a)
        self.assertFalse(order.require_signed_contract)
        self.assertEqual(order.portal_approval_state, "none")

    def test_upload_then_approve_records_evidence(self):
        self._upload_as(self.portal_user_a)
        order = self.quotation
        attachment = order.signed_contract_attachment_id
        self.assertEqual(order.portal_approval_state, "signed")
        self.assertEqual(attachment.name, "Signed contract.pdf")
        self.assertEqual(attachment.res_model, "sale.order")
        self.assertEqual(attachment.res_id, order.id)
        self.assertTrue(attachment.store_fname, "stored in the filestore")
        self.assertFalse(attachment.db_datas)
        self.assertEqual(attachment.raw, PDF_CONTENT)
        self.assertEqual(
            order.signed_contract_sha256, hashlib.sha256(PDF_CONTENT).hexdigest()
        )
        upload_message = order.message_ids.filtered(
            lambda message: "Signed contract.pdf" in (message.body or "")
        )
        self.assertEqual(len(upload_message), 1)
        self.assertIn(self.salesman.partner_id, upload_message.partner_ids)

        order.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(order.portal_approval_state, "approved")
        self.assertEqual(order.approved_partner_id, self.portal_user_a.partner_id)
        self.assertTrue(order.approved_date)
        self.assertEqual(order.state, "draft", "approval never confirms the order")
        evidence = order.message_ids.filtered(
            lambda message: "approved in the portal" in (message.body or "")
        )
        self.assertEqual(len(evidence), 1)
        self.assertIn(order.signed_contract_sha256, evidence.body)
        self.assertIn("Alice Client", evidence.body)

        # Approving twice is a no-op.
        approved_date, message_count = order.approved_date, len(order.message_ids)
        order.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(order.approved_date, approved_date)
        self.assertEqual(len(order.message_ids), message_count)

        # Staff then confirm with the native button (P10).
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_approve_refused_without_signed_contract(self):
        with self.assertRaisesRegex(UserError, "Upload the signed contract"):
            self.quotation.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")
        self.assertFalse(self.quotation.approved_date)

    def test_approve_without_required_contract(self):
        self.quotation.require_signed_contract = False
        self.quotation.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(self.quotation.portal_approval_state, "approved")

    def test_approve_refused_when_not_an_open_quotation(self):
        self._upload_as(self.portal_user_a)
        expired = self.quotation.copy()
        self.assertEqual(expired.portal_approval_state, "to_sign", "not copied")
        self.quotation.validity_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "expired"):
            self.quotation.with_user(self.portal_user_a).action_portal_approve()
        self.quotation.validity_date = False
        self.quotation._action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled"):
            self.quotation.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(self.quotation.portal_approval_state, "signed")

        confirmed = self._create_quotation(self.client_a)
        confirmed.require_signed_contract = False
        confirmed.action_confirm()
        with self.assertRaisesRegex(UserError, "Only quotations"):
            confirmed.with_user(self.portal_user_a).action_portal_approve()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_other_client_cannot_upload_or_approve(self):
        with self.assertRaises(AccessError):
            self._upload_as(self.portal_user_b)
        with self.assertRaises(AccessError):
            self.quotation.with_user(self.portal_user_b).action_portal_approve()
        self.assertFalse(self.quotation.signed_contract_attachment_id)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_portal_user_cannot_reject_or_write(self):
        self._upload_as(self.portal_user_a)
        order = self.quotation.with_user(self.portal_user_a)
        with self.assertRaises(AccessError):
            order.action_reject_signed_contract()
        with self.assertRaises(AccessError):
            order.write({"portal_approval_state": "approved"})
        with self.assertRaises(AccessError):
            order.action_generate_contract()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_staff_cannot_forge_the_approval_evidence(self):
        # The salesperson may write the order, but not what the client did in it.
        order = self.quotation.with_user(self.salesman)
        forged_values = [
            {"portal_approval_state": "approved"},
            {"approved_partner_id": self.client_a.id, "approval_ip": "10.0.0.1"},
            {"approved_date": fields.Datetime.now()},
            {"signed_contract_sha256": "0" * 64},
        ]
        for values in forged_values:
            with self.subTest(values=values), self.assertRaises(AccessError):
                order.write(values)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.client_a.id, "portal_approval_state": "approved"}
            )
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")
        self.assertFalse(self.quotation.approved_partner_id)
        # Ordinary edits and the portal flow still work.
        order.write({"note": "Delivery in May", "require_signed_contract": False})
        self.assertEqual(self.quotation.portal_approval_state, "none")
        self.quotation.with_user(self.portal_user_a).action_portal_approve()
        self.assertEqual(self.quotation.portal_approval_state, "approved")

    def test_bad_files_are_refused(self):
        cases = [
            (b"", "scan.pdf", "empty"),
            (b"%PDF-1.4" + b"0" * (1024 * 1024), "scan.pdf", "larger"),
            (b"<html><body>hi</body></html>", "scan.pdf", "HTML and SVG"),
            (b"<!DOCTYPE html><p>x</p>", "scan.txt", "HTML and SVG"),
            (
                b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
                "scan.png",
                "HTML and SVG",
            ),
            (PDF_CONTENT, "contract.svg", "HTML and SVG"),
            (PDF_CONTENT, "contract.HTML", "HTML and SVG"),
        ]
        for content, filename, message in cases:
            with self.subTest(filename=filename, message=message):
                with self.assertRaisesRegex(UserError, message):
                    self._upload_as(
                        self.portal_user_a, content=content, filename=filename
                    )
        self.assertFalse(self.quotation.signed_contract_attachment_id)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")

    def test_upload_replaces_previous_file(self):
        self._upload_as(self.portal_user_a)
        first = self.quotation.signed_contract_attachment_id
        self._upload_as(
            self.portal_user_a, content=PDF_CONTENT + b"v2", filename="b.PDF"
        )
        second = self.quotation.signed_contract_attachment_id
        self.assertNotEqual(first, second)
        self.assertFalse(first.exists())
        self.assertEqual(second.name, "Signed contract.pdf")
        self.assertEqual(
            self.quotation.signed_contract_sha256,
            hashlib.sha256(PDF_CONTENT + b"v2").hexdigest(),
        )

    def test_upload_closed_once_approved(self):
        self._upload_as(self.portal_user_a)
        self.quotation.with_user(self.portal_user_a).action_portal_approve()
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            self._upload_as(self.portal_user_a)

    def test_staff_reject_then_client_uploads_again(self):
        self._upload_as(self.portal_user_a)
        rejected_file = self.quotation.signed_contract_attachment_id
        action = self.quotation.with_user(self.salesman).action_reject_signed_contract()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({"reason": "Page 2 is not signed."})
        )
        wizard.action_reject()
        order = self.quotation
        self.assertEqual(order.portal_approval_state, "rejected")
        self.assertFalse(order.signed_contract_attachment_id)
        self.assertEqual(
            order.signed_contract_rejection_reason, "Page 2 is not signed."
        )
        self.assertTrue(rejected_file.name.startswith("Rejected"))
        notice = order.message_ids.filtered(
            lambda message: "Page 2 is not signed." in (message.body or "")
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.client_a, notice.partner_ids)
        with self.assertRaisesRegex(UserError, "Upload the signed contract"):
            order.with_user(self.portal_user_a).action_portal_approve()

        self._upload_as(self.portal_user_a)
        self.assertEqual(order.portal_approval_state, "signed")
        self.assertFalse(order.signed_contract_rejection_reason)

    def test_reject_requires_a_signed_contract(self):
        with self.assertRaisesRegex(UserError, "Only a signed contract"):
            self.quotation._reject_signed_contract("no file yet")

    def test_native_accept_and_pay_disabled_when_gated(self):
        self.quotation.require_signature = True
        self.assertFalse(self.quotation._has_to_be_signed())
        self.quotation.require_signed_contract = False
        self.assertTrue(self.quotation._has_to_be_signed())

    def test_installments(self):
        installments = self.quotation._get_portal_installments()
        self.assertEqual(len(installments), 2)
        total = self.quotation.amount_total
        self.assertAlmostEqual(installments[0]["amount"], total * 0.3, places=2)
        self.assertAlmostEqual(
            sum(item["amount"] for item in installments), total, places=2
        )
        self.assertEqual(
            installments[1]["date"] - installments[0]["date"], timedelta(days=30)
        )

    def test_line_note_prints_on_quotation(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_saleorder", self.quotation.ids)[0]
            .decode()
        )
        self.assertIn("Installed on site, visit 2", html)

    def test_generate_contract(self):
        self.quotation.with_user(self.salesman).action_generate_contract()
        contract = self.quotation.contract_attachment_id
        self.assertTrue(contract)
        self.assertIn(self.quotation.name, contract.name)
        self.assertIn(b"Sales Contract", contract.raw)

    def test_staff_upload_contract_file(self):
        order = self.quotation.with_user(self.salesman)
        order.write(
            {"contract_file": self._b64(PDF_CONTENT), "contract_filename": "c.pdf"}
        )
        self.assertEqual(order.contract_attachment_id.name, "c.pdf")
        self.assertEqual(order.contract_attachment_id.raw, PDF_CONTENT)

    def test_signed_contract_name_in_client_language(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["ir.module.module"]._load_module_terms(["client_portal"], ["pt_BR"])
        self.client_a.lang = "pt_BR"
        self._upload_as(self.portal_user_a)
        self.assertEqual(
            self.quotation.signed_contract_attachment_id.name, "Contrato Assinado.pdf"
        )

    def test_settings_write_the_company(self):
        settings = self.env["res.config.settings"].create(
            {
                "portal_require_signed_contract": False,
                "portal_contract_max_size_mb": 20,
                "portal_max_failed_logins": 7,
                "portal_contact_email": "help@office.example",
            }
        )
        settings.execute()
        company = self.env.company
        self.assertFalse(company.portal_require_signed_contract)
        self.assertEqual(company.portal_contract_max_size_mb, 20)
        self.assertEqual(company.portal_max_failed_logins, 7)
        self.assertEqual(company.portal_contact_email, "help@office.example")

    def test_additional_information_dialog(self):
        order = self.quotation.with_user(self.salesman)
        action = order.action_open_portal_notes()
        lines = (
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .search(action["domain"])
        )
        self.assertEqual(lines, self.quotation.order_line)
        lines[0].portal_note = "Delivered in March"
        self.assertEqual(self.quotation.order_line[0].portal_note, "Delivered in March")
