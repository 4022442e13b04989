import hashlib
import os
import re

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.reseller_guard.models.upload_policy import UploadRefused

from ..tools import approval_digest, approval_line_content, fixed_point

# The upload policy's refusal codes, as the portal's notice codes. A form sent
# without a file has no name either: the client reads that the file is empty.
UPLOAD_REFUSAL_NOTICES = {
    "no_file": "empty_file",
    "empty_file": "empty_file",
    "unsafe_name": "unsafe_name",
    "file_too_large": "file_too_large",
    "forbidden_type": "forbidden_type",
}


class PortalApprovalError(UserError):
    """A refused upload or approval; `code` names the reason for the portal."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class SaleOrder(models.Model):
    """The client's approval of a quotation, gated by a signed contract document.

    The steps run as the portal's controller calls them, on an order the caller
    already reached through `_document_check_access`; they elevate themselves
    only to write what the client may not write (the evidence fields, the
    attachment).
    """

    _inherit = "sale.order"

    # Refusals ------------------------------------------------------------------

    def _get_portal_approval_block(self):
        """Return the code of the reason approval is refused, or '' if allowed."""
        self.ensure_one()
        if self.portal_approval_state == "approved":
            return "already_approved"
        if self.state == "cancel":
            return "cancelled"
        if self.state not in ("draft", "sent"):
            return "not_quotation"
        # Odoo's own rule: a quotation past its validity date.
        if self.is_expired:
            return "expired"
        if self.require_signed_contract and not self.signed_contract_attachment_id:
            return "no_signed_contract"
        return ""

    def _get_signed_contract_document_upload_block(self):
        """Return the code of the reason no signed contract document may be
        uploaded now, or '' if it may."""
        self.ensure_one()
        if self.portal_approval_state == "approved" or self.state not in (
            "draft",
            "sent",
        ):
            return "upload_closed"
        if self.is_expired:
            return "expired"
        return ""

    def _get_signed_contract_document_max_size(self):
        """The company's own limit for a signed contract document, in bytes;
        0 for none."""
        self.ensure_one()
        return (self.company_id.portal_contract_max_size_mb or 0) * 1024 * 1024

    def _check_signed_contract_document_file(self, filename, content):
        """Refuse a file the suite's upload policy refuses, under the company's
        own size limit, and any active content: it must be a document."""
        self.ensure_one()
        policy = self.env["reseller.upload.policy"]
        entries = [(filename, content)] if filename or content else []
        try:
            policy._check_uploads(
                entries, self._get_signed_contract_document_max_size()
            )
            policy._refuse_active_content(filename, content)
        except UploadRefused as error:
            code = UPLOAD_REFUSAL_NOTICES.get(error.code, "forbidden_type")
            raise PortalApprovalError(
                self._get_portal_notice_message(code), code
            ) from error

    def _raise_portal_approval_error(self, code):
        raise PortalApprovalError(self._get_portal_notice_message(code), code)

    # The signed contract document ------------------------------------------------

    def _lock_for_portal_update(self):
        # Serialises concurrent approvals and uploads of the same order, so that
        # the checks below see the latest state.
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id IN %s FOR NO KEY UPDATE",
            [tuple(self.ids)],
        )
        self.invalidate_recordset()

    def _get_signed_contract_document_name(self, filename):
        self.ensure_one()
        extension = os.path.splitext(filename or "")[1].lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
            extension = ""
        partner_env = self.with_context(lang=self.partner_id.lang).env
        return partner_env._("Signed contract") + extension

    def _portal_store_signed_contract(self, filename, content, partner):
        """Store or replace the signed contract document the client uploaded;
        raise PortalApprovalError if refused."""
        self.ensure_one()
        self._lock_for_portal_update()
        code = self._get_signed_contract_document_upload_block()
        if code:
            self._raise_portal_approval_error(code)
        self._check_signed_contract_document_file(filename, content)
        # The client has no write access on orders nor on their attachments.
        order_sudo = self.sudo()
        previous_attachment_sudo = order_sudo.signed_contract_attachment_id
        attachment_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._get_signed_contract_document_name(filename),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        order_sudo.write(
            {
                "signed_contract_attachment_id": attachment_sudo.id,
                "signed_contract_sha256": hashlib.sha256(content).hexdigest(),
                "signed_contract_date": fields.Datetime.now(),
                "signed_contract_source_sha256": self._get_contract_document_sha256(),
                "signed_contract_rejection_reason": False,
                "portal_approval_state": "signed",
            }
        )
        if previous_attachment_sudo:
            previous_attachment_sudo.unlink()
        order_sudo._notify_signed_contract_document_uploaded(partner, attachment_sudo)
        return attachment_sudo

    def _notify_signed_contract_document_uploaded(self, partner, attachment):
        self.ensure_one()
        self.message_post(
            body=_(
                "Signed contract %(file)s uploaded by %(partner)s "
                "(SHA-256 %(sha256)s).",
                file=attachment.name,
                partner=partner.display_name,
                sha256=self.signed_contract_sha256,
            ),
            author_id=partner.id,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _reject_signed_contract_document(self, reason):
        """Refuse the uploaded signed contract document, so that the client
        uploads a new one. The caller checked that the user may write the order."""
        self.ensure_one()
        if self.portal_approval_state not in ("signed", "approved") or (
            self.state not in ("draft", "sent")
        ):
            raise UserError(_("Only a signed contract of a quotation can be rejected."))
        rejected_attachment = self.signed_contract_attachment_id
        if rejected_attachment:
            rejected_attachment.name = _(
                "Rejected - %(name)s", name=rejected_attachment.name
            )
        # The evidence fields are written by the approval flow only.
        order_sudo = self.sudo()
        order_sudo.write(
            {
                "portal_approval_state": "rejected",
                "signed_contract_attachment_id": False,
                "signed_contract_sha256": False,
                "signed_contract_rejection_reason": reason,
                "approved_date": False,
                "approved_partner_id": False,
                "approval_ip": False,
            }
        )
        partner_order = self.with_context(lang=self.partner_id.lang)
        partner_order.message_post(
            body=partner_order.env._(
                "Your signed contract was rejected: %(reason)s "
                "Please upload a corrected signed contract.",
                reason=reason,
            ),
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # The approval ----------------------------------------------------------------

    def _portal_approve(self, partner, ip_address):
        """Approve the quotation; no-op if already approved, PortalApprovalError
        if refused.

        :return: True if the order was approved by this call.
        """
        self.ensure_one()
        self._lock_for_portal_update()
        code = self._get_portal_approval_block()
        if code == "already_approved":
            return False
        if code:
            self._raise_portal_approval_error(code)
        # The client has no write access on orders.
        order_sudo = self.sudo()
        order_sudo.write(
            {
                "portal_approval_state": "approved",
                "approved_date": fields.Datetime.now(),
                "approved_partner_id": partner.id,
                "approval_ip": ip_address or False,
                "approved_content_sha256": self._get_approval_digest(),
            }
        )
        order_sudo._post_approval_evidence()
        return True

    def _post_approval_evidence(self):
        self.ensure_one()
        self.message_post(
            body=_(
                "Quotation approved in the portal by %(partner)s on %(date)s UTC "
                "from IP %(ip)s. Signed contract SHA-256: %(sha256)s. "
                "Approved content SHA-256: %(content_sha256)s.",
                partner=self.approved_partner_id.display_name,
                date=fields.Datetime.to_string(self.approved_date),
                ip=self.approval_ip or "-",
                sha256=self.signed_contract_sha256 or "-",
                content_sha256=self.approved_content_sha256,
            ),
            author_id=self.approved_partner_id.id,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    # Approval follows the approved content -----------------------------------------

    def _get_contract_document_sha256(self):
        self.ensure_one()
        # Staff may attach the contract document without the client being able
        # to read it.
        contract_document_sudo = self.sudo().contract_attachment_id
        if not contract_document_sudo:
            return False
        return hashlib.sha256(contract_document_sudo.raw or b"").hexdigest()

    def _get_approval_content(self):
        """What the client approves: lines, total, payment terms and validity."""
        self.ensure_one()
        lines = self.order_line.sorted(lambda line: (line.sequence, line.id))
        return {
            "lines": [approval_line_content(line) for line in lines],
            "currency": self.currency_id.name,
            "amount_untaxed": fixed_point(self.amount_untaxed),
            "amount_tax": fixed_point(self.amount_tax),
            "amount_total": fixed_point(self.amount_total),
            "payment_term": self.payment_term_id.id or False,
            "validity_date": fields.Date.to_string(self.validity_date) or "",
        }

    def _get_approval_digest(self):
        """SHA-256 of `_get_approval_content` (tools/approval_digest.py)."""
        self.ensure_one()
        # The client may not read taxes or payment terms: the digest must not
        # depend on who computes it.
        return approval_digest(self.sudo()._get_approval_content())

    def _check_approved_content_unchanged(self):
        for order in self:
            digest = order.approved_content_sha256
            if digest and (
                order.portal_approval_state != "approved"
                or order._get_approval_digest() != digest
            ):
                raise UserError(
                    _(
                        "%(order)s changed after the client approved it: the client "
                        "must approve it again before it is confirmed.",
                        order=order.name,
                    )
                )

    def _get_portal_approval_reset_state(self, contract_changed):
        """The approval state this order goes back to, or '' if it stands."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return ""
        if (
            contract_changed
            and self.signed_contract_attachment_id
            and self.signed_contract_source_sha256
            != self._get_contract_document_sha256()
        ):
            return "to_sign"
        if (
            self.portal_approval_state == "approved"
            and self.approved_content_sha256
            and self._get_approval_digest() != self.approved_content_sha256
        ):
            return "signed" if self.signed_contract_attachment_id else "none"
        return ""

    def _reset_portal_approval_on_change(self, contract_changed=False):
        """Send the client back to sign or approve when what it signed or
        approved changed since."""
        if self.env.context.get("client_portal_resetting_approval"):
            return
        for order in self.filtered(
            lambda order: order.portal_approval_state in ("signed", "approved")
        ):
            state = order._get_portal_approval_reset_state(contract_changed)
            if state:
                order._reset_portal_approval(state)

    def _reset_portal_approval(self, state):
        self.ensure_one()
        values = {
            "portal_approval_state": state,
            "approved_date": False,
            "approved_partner_id": False,
            "approval_ip": False,
        }
        if state == "none":
            # Odoo's own acceptance takes over and confirms: nothing to compare.
            values["approved_content_sha256"] = False
        if state == "to_sign":
            values.update(
                {
                    "signed_contract_attachment_id": False,
                    "signed_contract_sha256": False,
                    "signed_contract_date": False,
                    "signed_contract_source_sha256": False,
                }
            )
        # The change was made by staff or by code; the evidence fields are
        # written by the approval flow only, and its chatter keeps the old ones.
        self._notify_portal_approval_reset(state)
        self.sudo().with_context(client_portal_resetting_approval=True).write(values)

    def _notify_portal_approval_reset(self, state):
        self.ensure_one()
        partner_env = self.with_context(lang=self.partner_id.lang).env
        if state == "to_sign":
            body = partner_env._(
                "The contract to sign for %(order)s changed after you signed it "
                "(your signed copy: SHA-256 %(sha256)s). Please download the new "
                "contract, sign it and upload it again.",
                order=self.name,
                sha256=self.signed_contract_sha256 or "-",
            )
        else:
            body = partner_env._(
                "%(order)s changed after your approval (approved content SHA-256 "
                "%(old)s, now %(new)s). Please review it and approve it again.",
                order=self.name,
                old=self.approved_content_sha256 or "-",
                new=self._get_approval_digest(),
            )
        # A comment to the customer: the client is told by e-mail, and the old
        # evidence stays in the chatter above it.
        self.message_post(
            body=body,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
