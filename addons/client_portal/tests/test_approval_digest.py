import hashlib
import json
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ClientPortalCommon


class ApprovalDigestCommon(ClientPortalCommon):
    def _approve(self, order=None):
        order = order or self.quotation
        order.action_quotation_sent()
        self._upload_signed_contract_document(order)
        self._approve_as_client(order)
        self.assertEqual(order.portal_approval_state, "approved")
        return order

    def _attach_contract(self, order, content):
        order.contract_attachment_id = self.env["ir.attachment"].create(
            {
                "name": "Contract.pdf",
                "raw": content,
                "res_model": "sale.order",
                "res_id": order.id,
            }
        )


@tagged("post_install", "-at_install")
class TestApprovalDigest(ApprovalDigestCommon):
    def test_digest_is_sha256_of_canonical_content(self):
        order = self._approve()
        content = order._get_approval_content()
        payload = json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        self.assertEqual(
            order.approved_content_sha256, hashlib.sha256(payload.encode()).hexdigest()
        )
        self.assertEqual(len(content["lines"]), 2)
        self.assertEqual(content["amount_total"], "%.6f" % order.amount_total)
        self.assertEqual(content["payment_term"], self.payment_term.id)
        evidence = order.message_ids.filtered(
            lambda message: "approved in the portal" in (message.body or "")
        )
        self.assertIn(order.approved_content_sha256, evidence.body)

    def _content_changes(self):
        """One change of each kind of approved content, by label."""
        other_term = self.env["account.payment.term"].create({"name": "Immediate"})
        tax = self.env["account.tax"].create({"name": "Test 10%", "amount": 10})
        new_line = Command.create(
            {"product_id": self.service_product.id, "price_unit": 1}
        )
        return {
            "quantity": lambda o: o.order_line[0].write({"product_uom_qty": 9}),
            "price": lambda o: o.order_line[0].write({"price_unit": 99.0}),
            "discount": lambda o: o.order_line[0].write({"discount": 5}),
            "description": lambda o: o.order_line[0].write({"name": "Other text"}),
            "taxes": lambda o: o.order_line[0].write(
                {"tax_id": [Command.set(tax.ids)]}
            ),
            "new line": lambda o: o.write({"order_line": [new_line]}),
            "removed line": lambda o: o.order_line[0].unlink(),
            "payment terms": lambda o: o.write({"payment_term_id": other_term.id}),
            "validity": lambda o: o.write(
                {"validity_date": fields.Date.today() + timedelta(days=90)}
            ),
        }

    def _assert_reset_and_told(self, order, approved_digest):
        self.assertEqual(order.portal_approval_state, "signed")
        self.assertFalse(order.approved_date)
        self.assertEqual(order.approved_content_sha256, approved_digest)
        notice = order.message_ids[0]
        self.assertIn("changed after your approval", notice.body)
        self.assertIn(approved_digest, notice.body)
        self.assertIn(order.partner_id, notice.partner_ids)
        # The old evidence stays in the chatter.
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "approved in the portal" in (m.body or "")
            )
        )

    def test_each_change_resets_the_approval(self):
        for label, change in self._content_changes().items():
            with self.subTest(change=label):
                order = self._approve(self._create_quotation(self.client_a))
                approved_digest = order.approved_content_sha256
                change(order.with_user(self.salesman))
                self._assert_reset_and_told(order, approved_digest)
                with self.assertRaisesRegex(UserError, "must approve it again"):
                    order.with_user(self.salesman).action_confirm()
                # The client approves again: staff may confirm.
                self._approve_as_client(order)
                self.assertNotEqual(order.approved_content_sha256, approved_digest)
                order.with_user(self.salesman).action_confirm()
                self.assertEqual(order.state, "sale")

    def test_unrelated_change_keeps_the_approval(self):
        order = self._approve()
        order.with_user(self.salesman).write({"note": "Deliver in May"})
        order.order_line[0].with_user(self.salesman).portal_note = "Room 2"
        self.assertEqual(order.portal_approval_state, "approved")
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_changed_contract_asks_for_a_new_signature(self):
        order = self.quotation
        self._attach_contract(order, b"%PDF-1.4 contract v1")
        self._approve(order)
        signed_sha256 = order.signed_contract_sha256
        self.assertEqual(
            order.signed_contract_source_sha256,
            hashlib.sha256(b"%PDF-1.4 contract v1").hexdigest(),
        )
        self._attach_contract(order.with_user(self.salesman), b"%PDF-1.4 contract v2")
        self.assertEqual(order.portal_approval_state, "to_sign")
        self.assertFalse(order.signed_contract_attachment_id)
        notice = order.message_ids[0]
        self.assertIn("contract to sign", notice.body)
        self.assertIn(signed_sha256, notice.body)
        with self.assertRaisesRegex(UserError, "must approve it again"):
            order.with_user(self.salesman).action_confirm()

    def test_same_contract_again_keeps_the_approval(self):
        order = self.quotation
        self._attach_contract(order, b"%PDF-1.4 contract v1")
        self._approve(order)
        self._attach_contract(order, b"%PDF-1.4 contract v1")
        self.assertEqual(order.portal_approval_state, "approved")

    def test_content_changed_behind_the_orm_cannot_be_confirmed(self):
        order = self._approve()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_unit = 1 WHERE id = %s",
            [order.order_line[0].id],
        )
        order.order_line.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "must approve it again"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sent")


@tagged("post_install", "-at_install")
class TestApprovalDigestHttp(HttpCase, ApprovalDigestCommon):
    def test_client_sees_the_reset_and_approves_again(self):
        order = self._approve()
        order.order_line[0].with_user(self.salesman).price_unit = 150.0
        self.authenticate(self.portal_user_a.login, self.portal_user_a.login)
        page = self.url_open(order.get_portal_url()).text
        self.assertNotIn('id="portal_approved_status"', page)
        self.assertRegex(page, r'id="portal_approve_button"\s*>')
        response = self.url_open(
            f"/my/orders/{order.id}/approve",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("portal_notice=approved", response.headers["Location"])
        order.invalidate_recordset()
        self.assertEqual(order.portal_approval_state, "approved")
        self.assertEqual(order.approved_content_sha256, order._get_approval_digest())
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
