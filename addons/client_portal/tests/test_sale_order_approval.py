import hashlib
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.sale_order_approval import PortalApprovalError
from .common import PDF_CONTENT, ClientPortalCommon


@tagged("post_install", "-at_install")
class TestSaleOrderApproval(ClientPortalCommon):
    def test_default_comes_from_company_setting(self):
        self.assertTrue(self.quotation.require_signed_contract)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")
        self.env.company.portal_require_signed_contract = False
        order = self._create_quotation(self.client_a)
        self.assertFalse(order.require_signed_contract)
        self.assertEqual(order.portal_approval_state, "none")

    def _assert_signed_contract_document_stored(self, order):
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

    def test_upload_then_approve_records_evidence(self):
        self._upload_signed_contract_document()
        order = self.quotation
        self._assert_signed_contract_document_stored(order)
        self._approve_as_client(order)
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
        self._approve_as_client(order)
        self.assertEqual(order.approved_date, approved_date)
        self.assertEqual(len(order.message_ids), message_count)

        # Staff then confirm with the order's own Confirm button.
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_approve_refused_without_signed_contract(self):
        with self.assertRaisesRegex(UserError, "Upload the signed contract"):
            self._approve_as_client()
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")
        self.assertFalse(self.quotation.approved_date)

    def test_approve_without_required_contract(self):
        self.quotation.require_signed_contract = False
        self._approve_as_client()
        self.assertEqual(self.quotation.portal_approval_state, "approved")

    def test_approve_refused_when_not_an_open_quotation(self):
        self._upload_signed_contract_document()
        expired = self.quotation.copy()
        self.assertEqual(expired.portal_approval_state, "to_sign", "not copied")
        self.quotation.validity_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "expired"):
            self._approve_as_client()
        self.quotation.validity_date = False
        self.quotation._action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled"):
            self._approve_as_client()
        self.assertEqual(self.quotation.portal_approval_state, "signed")

        confirmed = self._create_quotation(self.client_a)
        confirmed.require_signed_contract = False
        confirmed.action_confirm()
        with self.assertRaisesRegex(UserError, "Only quotations"):
            self._approve_as_client(confirmed)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_other_client_cannot_reach_the_order(self):
        # The portal reaches an order through _document_check_access, which needs
        # read access or the token before it uploads or approves; over HTTP:
        # test_portal_routes' test_upload/approve_refused_without_access.
        order_b = self.quotation.with_user(self.portal_user_b)
        with self.assertRaises(AccessError):
            order_b.check_access("read")
        with self.assertRaises(AccessError):
            order_b.write({"portal_approval_state": "approved"})
        self.assertFalse(self.quotation.signed_contract_attachment_id)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_portal_user_cannot_reject_or_write(self):
        self._upload_signed_contract_document()
        order = self.quotation.with_user(self.portal_user_a)
        with self.assertRaises(AccessError):
            order.action_reject_signed_contract_document()
        with self.assertRaises(AccessError):
            order.write({"portal_approval_state": "approved"})
        with self.assertRaises(AccessError):
            order.action_generate_contract_document()

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
        self._approve_as_client()
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
            # the suite's one upload policy: blocked programs and scripts, and
            # XML, which a browser may run as a web page
            (PDF_CONTENT, "contract.exe", "programs and scripts"),
            (b"alert(1)", "contract.js", "programs and scripts"),
            (b'<?xml version="1.0"?><nfe/>', "contract.xml", "web content"),
        ]
        for content, filename, message in cases:
            with self.subTest(filename=filename, message=message):
                with self.assertRaisesRegex(UserError, message):
                    self._upload_signed_contract_document(
                        content=content, filename=filename
                    )
        self.assertFalse(self.quotation.signed_contract_attachment_id)
        self.assertEqual(self.quotation.portal_approval_state, "to_sign")

    def test_upload_refusals_carry_the_portal_notice_codes(self):
        cases = [
            (b"", "", "empty_file"),
            (b"", "scan.pdf", "empty_file"),
            (PDF_CONTENT, "scan\u202efdp.pdf", "unsafe_name"),
            (b"%PDF-1.4" + b"0" * (1024 * 1024), "scan.pdf", "file_too_large"),
            (PDF_CONTENT, "scan.svg", "forbidden_type"),
            (PDF_CONTENT, "scan.bat", "forbidden_type"),
        ]
        for content, filename, code in cases:
            with self.subTest(filename=ascii(filename), code=code):
                with self.assertRaises(PortalApprovalError) as caught:
                    self._upload_signed_contract_document(
                        content=content, filename=filename
                    )
                self.assertEqual(caught.exception.code, code)
                self.assertEqual(
                    caught.exception.args[0],
                    self.quotation._get_portal_notice_message(code),
                )

    def test_blocked_extensions_come_from_the_shared_setting(self):
        self.env["ir.config_parameter"].set_param(
            "reseller_guard.blocked_extensions", "pdf"
        )
        with self.assertRaisesRegex(UserError, "programs and scripts"):
            self._upload_signed_contract_document(filename="scan.PDF")
        self._upload_signed_contract_document(filename="scan.bat")
        self.assertEqual(self.quotation.portal_approval_state, "signed")

    def test_upload_replaces_previous_file(self):
        self._upload_signed_contract_document()
        first = self.quotation.signed_contract_attachment_id
        self._upload_signed_contract_document(
            content=PDF_CONTENT + b"v2", filename="b.PDF"
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
        self._upload_signed_contract_document()
        self._approve_as_client()
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            self._upload_signed_contract_document()

    def test_staff_reject_then_client_uploads_again(self):
        self._upload_signed_contract_document()
        rejected_file = self.quotation.signed_contract_attachment_id
        action = self.quotation.with_user(
            self.salesman
        ).action_reject_signed_contract_document()
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
            self._approve_as_client(order)

        self._upload_signed_contract_document()
        self.assertEqual(order.portal_approval_state, "signed")
        self.assertFalse(order.signed_contract_rejection_reason)

    def test_reject_requires_a_signed_contract(self):
        with self.assertRaisesRegex(UserError, "Only a signed contract"):
            self.quotation._reject_signed_contract_document("no file yet")

    def test_generate_contract_document(self):
        self.quotation.with_user(self.salesman).action_generate_contract_document()
        contract = self.quotation.contract_attachment_id
        self.assertTrue(contract)
        self.assertIn(self.quotation.name, contract.name)
        self.assertIn(b"Sales Contract", contract.raw)

    def test_staff_upload_contract_document_file(self):
        order = self.quotation.with_user(self.salesman)
        order.write(
            {"contract_file": self._b64(PDF_CONTENT), "contract_filename": "c.pdf"}
        )
        self.assertEqual(order.contract_attachment_id.name, "c.pdf")
        self.assertEqual(order.contract_attachment_id.raw, PDF_CONTENT)

    def test_signed_contract_document_name_in_client_language(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["ir.module.module"]._load_module_terms(["client_portal"], ["pt_BR"])
        self.client_a.lang = "pt_BR"
        self._upload_signed_contract_document()
        self.assertEqual(
            self.quotation.signed_contract_attachment_id.name, "Contrato Assinado.pdf"
        )
