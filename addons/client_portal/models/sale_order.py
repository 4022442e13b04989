import base64
import binascii
import hashlib
import json
import os
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_repr
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.reseller_guard.tools import check_entry_name

# Files a browser would render as active content when opened from the portal.
FORBIDDEN_EXTENSIONS = {".htm", ".html", ".xhtml", ".shtml", ".svg", ".svgz"}
FORBIDDEN_MIMETYPE_MARKERS = ("html", "svg")
ACTIVE_CONTENT_MARKERS = (b"<html", b"<!doctype html", b"<svg", b"<script")
# The client's approval and its evidence: set only by the portal flow (in sudo),
# never typed in, so that they prove what the client did.
PORTAL_EVIDENCE_FIELDS = {
    "portal_approval_state",
    "signed_contract_attachment_id",
    "signed_contract_date",
    "signed_contract_sha256",
    "signed_contract_rejection_reason",
    "approved_date",
    "approved_partner_id",
    "approval_ip",
    "approved_content_sha256",
    "signed_contract_source_sha256",
}
# Stored numbers are already rounded to their precision: six decimals print every
# one of them the same way on every machine, so the digest is reproducible.
DIGEST_DECIMALS = 6
# Quotations still waiting for the client: a signed contract or an approval.
AWAITING_CLIENT_STATES = ("none", "to_sign", "rejected", "signed")


class PortalApprovalError(UserError):
    """A refused upload or approval; `code` names the reason for the portal."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class SaleOrder(models.Model):
    _inherit = "sale.order"

    require_signed_contract = fields.Boolean(
        string="Signed Contract Required",
        compute="_compute_require_signed_contract",
        store=True,
        readonly=False,
        precompute=True,
        help="The client must upload the signed contract before approving "
        "the quotation in the portal.",
    )
    contract_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Contract to Sign",
        copy=False,
        ondelete="set null",
    )
    contract_file = fields.Binary(
        compute="_compute_contract_file",
        inverse="_inverse_contract_file",
    )
    contract_filename = fields.Char(string="Contract File Name", copy=False)
    signed_contract_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed Contract",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    signed_contract_date = fields.Datetime(
        string="Signed Contract Received On", copy=False, readonly=True
    )
    signed_contract_sha256 = fields.Char(
        string="Signed Contract SHA-256", copy=False, readonly=True
    )
    signed_contract_rejection_reason = fields.Text(
        string="Rejection Reason", copy=False, readonly=True
    )
    portal_approval_state = fields.Selection(
        selection=[
            ("none", "No Contract Required"),
            ("to_sign", "Awaiting Signed Contract"),
            ("signed", "Signed, Awaiting Approval"),
            ("approved", "APR - Approved, Awaiting Invoicing"),
            ("rejected", "Signed Contract Rejected"),
        ],
        string="Portal Approval",
        compute="_compute_portal_approval_state",
        store=True,
        precompute=True,
        index=True,
        copy=False,
        tracking=True,
    )
    approved_date = fields.Datetime(string="Approved On", copy=False, readonly=True)
    approved_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Approved By", copy=False, readonly=True
    )
    approval_ip = fields.Char(string="Approval IP Address", copy=False, readonly=True)
    approved_content_sha256 = fields.Char(
        string="Approved Content SHA-256",
        copy=False,
        readonly=True,
        help="Digest of the lines, total, payment terms and validity the client "
        "last approved. The order can only be confirmed while its content still "
        "has this digest.",
    )
    signed_contract_source_sha256 = fields.Char(
        string="Contract Signed SHA-256",
        copy=False,
        readonly=True,
        help="Digest of the contract to sign when the client uploaded the signed "
        "copy: a new contract text asks for a new signature.",
    )

    @api.depends("company_id")
    def _compute_require_signed_contract(self):
        for order in self:
            order.require_signed_contract = (
                order.company_id.portal_require_signed_contract
            )

    @api.depends("require_signed_contract")
    def _compute_portal_approval_state(self):
        for order in self:
            # Once the client has acted, the state follows the approval flow only.
            if order.portal_approval_state in ("signed", "approved", "rejected"):
                continue
            order.portal_approval_state = (
                "to_sign" if order.require_signed_contract else "none"
            )

    @api.depends("contract_attachment_id")
    def _compute_contract_file(self):
        for order in self:
            order.contract_file = order.contract_attachment_id.datas

    def _inverse_contract_file(self):
        for order in self:
            if not order.contract_file:
                order.contract_attachment_id = False
                continue
            order.contract_attachment_id = self.env["ir.attachment"].create(
                {
                    "name": order.contract_filename
                    or _("Contract %(order)s", order=order.name),
                    "datas": order.contract_file,
                    "res_model": order._name,
                    "res_id": order.id,
                }
            )

    # EXTENDS sale
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_portal_evidence_not_written(vals)
        return super().create(vals_list)

    # EXTENDS sale
    def write(self, vals):
        self._check_portal_evidence_not_written(vals)
        result = super().write(vals)
        self._reset_portal_approval_on_change(
            contract_changed="contract_attachment_id" in vals
        )
        return result

    # EXTENDS sale
    def action_confirm(self):
        self._check_approved_content_unchanged()
        return super().action_confirm()

    # EXTENDS sale
    def _has_to_be_signed(self):
        # A gated quotation is approved through the signed contract, never through
        # Odoo's native "Accept & Sign", which would confirm it without staff.
        return super()._has_to_be_signed() and not self.require_signed_contract

    # EXTENDS sale
    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self.require_signed_contract

    def action_portal_approve(self):
        """Approve the quotations as the current user (the client).

        Public: reachable over RPC, so it checks access before elevating.
        """
        self._check_portal_client_access()
        for order in self:
            order._portal_approve(self.env.user.partner_id, self._get_request_ip())
        return True

    def action_portal_upload_signed_contract(self, filename, content_base64):
        """Store the signed contract uploaded by the current user (the client).

        Public: reachable over RPC, so it checks access before elevating.
        """
        self.ensure_one()
        self._check_portal_client_access()
        try:
            content = base64.b64decode(content_base64 or b"", validate=True)
        except (binascii.Error, TypeError, ValueError) as error:
            raise UserError(_("The uploaded file could not be read.")) from error
        self._portal_store_signed_contract(filename, content, self.env.user.partner_id)
        return True

    def action_reject_signed_contract(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Signed Contract"),
            "res_model": "sale.order.contract.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_open_portal_notes(self):
        """Edit the additional information of every line in one dialog."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Additional Information"),
            "res_model": "sale.order.line",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "client_portal.sale_order_line_view_tree_portal_note"
                    ).id,
                    "list",
                )
            ],
            "domain": [("order_id", "=", self.id), ("display_type", "=", False)],
            "target": "new",
            "context": {"create": False, "delete": False},
        }

    def action_generate_contract(self):
        self.check_access("write")
        for order in self:
            order._generate_contract_attachment()
        return True

    def _check_portal_client_access(self):
        """Clients act only on orders their record rules let them read; staff
        need write access to act on a client's behalf."""
        self.check_access("read")
        if not self.env.user.share:
            self.check_access("write")

    @api.model
    def _check_portal_evidence_not_written(self, vals):
        # Staff may write orders over RPC: without this, a salesperson could mark a
        # quotation approved by the client, with a made-up date, IP or file hash.
        if self.env.su or not PORTAL_EVIDENCE_FIELDS.intersection(vals):
            return
        raise AccessError(
            _(
                "The client's approval and signed contract are recorded by the "
                "portal only: they cannot be edited."
            )
        )

    @api.model
    def _get_portal_sales_domain(self, partner):
        """The client's one list: the proposals sent to it and its orders."""
        return [
            ("message_partner_ids", "child_of", [partner.commercial_partner_id.id]),
            ("state", "in", ("sent", "sale")),
        ]

    @api.model
    def _get_portal_awaiting_client_domain(self):
        """Proposals waiting for the client: a signed contract or an approval."""
        return [
            ("state", "=", "sent"),
            ("portal_approval_state", "in", AWAITING_CLIENT_STATES),
        ]

    @api.model
    def _get_request_ip(self):
        return request.httprequest.remote_addr if request else False

    def _get_portal_notice_messages(self):
        """Every message the portal can show about the contract and approval,
        by code, so that redirects carry a code and never free text."""
        max_size = self.company_id.portal_contract_max_size_mb or 0
        return {
            "no_signed_contract": _(
                "Upload the signed contract to enable the approval."
            ),
            "not_quotation": _("Only quotations can be approved."),
            "expired": _("This quotation has expired. Contact us for a new one."),
            "cancelled": _("This quotation was cancelled."),
            "already_approved": _("Approved, awaiting invoicing."),
            "upload_closed": _(
                "The signed contract can no longer be changed on this order."
            ),
            "empty_file": _("The uploaded file is empty."),
            "file_too_large": _(
                "The file is larger than the %(size)s MB limit.", size=max_size
            ),
            "forbidden_type": _(
                "HTML and SVG files are not accepted. Upload a PDF or an image "
                "of the signed contract."
            ),
            "unsafe_name": _(
                "The file name contains characters that are not accepted (control, "
                "invisible or right-to-left characters, path separators or a "
                "leading dot). Rename the file and upload it again."
            ),
            "uploaded": _("Thank you: your signed contract was received."),
            "approved": _("Thank you: the quotation is approved."),
        }

    def _get_portal_notice_message(self, code):
        return self._get_portal_notice_messages().get(code, "")

    def _is_quotation_expired(self):
        self.ensure_one()
        return bool(self.validity_date and self.validity_date < fields.Date.today())

    def _get_portal_approval_block(self):
        """Return the code of the reason approval is refused, or '' if allowed."""
        self.ensure_one()
        if self.portal_approval_state == "approved":
            return "already_approved"
        if self.state == "cancel":
            return "cancelled"
        if self.state not in ("draft", "sent"):
            return "not_quotation"
        if self._is_quotation_expired():
            return "expired"
        if self.require_signed_contract and not self.signed_contract_attachment_id:
            return "no_signed_contract"
        return ""

    def _get_signed_contract_upload_block(self):
        self.ensure_one()
        if self.portal_approval_state == "approved" or self.state not in (
            "draft",
            "sent",
        ):
            return "upload_closed"
        if self._is_quotation_expired():
            return "expired"
        return ""

    def _get_signed_contract_file_error(self, filename, content):
        """Return the code of the reason a file is refused, or '' if accepted."""
        self.ensure_one()
        if not content:
            return "empty_file"
        try:
            check_entry_name(self.env, filename)
        except ValidationError:
            return "unsafe_name"
        max_size = self.company_id.portal_contract_max_size_mb
        if max_size and len(content) > max_size * 1024 * 1024:
            return "file_too_large"
        extension = os.path.splitext(filename or "")[1].lower()
        mimetype = guess_mimetype(content, default="application/octet-stream")
        head = content[:1024].lstrip().lower()
        if (
            extension in FORBIDDEN_EXTENSIONS
            or any(marker in mimetype for marker in FORBIDDEN_MIMETYPE_MARKERS)
            or any(marker in head for marker in ACTIVE_CONTENT_MARKERS)
        ):
            return "forbidden_type"
        return ""

    def _lock_for_portal_update(self):
        # Serialises concurrent approvals and uploads of the same order, so that
        # the checks below see the latest state.
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id IN %s FOR NO KEY UPDATE",
            [tuple(self.ids)],
        )
        self.invalidate_recordset()

    def _get_signed_contract_name(self, filename):
        self.ensure_one()
        extension = os.path.splitext(filename or "")[1].lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
            extension = ""
        partner_env = self.with_context(lang=self.partner_id.lang).env
        return partner_env._("Signed contract") + extension

    def _portal_store_signed_contract(self, filename, content, partner):
        """Store or replace the signed contract; raise UserError if refused."""
        self.ensure_one()
        self._lock_for_portal_update()
        code = self._get_signed_contract_upload_block() or (
            self._get_signed_contract_file_error(filename, content)
        )
        if code:
            raise PortalApprovalError(self._get_portal_notice_message(code), code)
        # The client has no write access on orders nor on their attachments.
        order_sudo = self.sudo()
        previous_attachment_sudo = order_sudo.signed_contract_attachment_id
        attachment_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._get_signed_contract_name(filename),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        sha256 = hashlib.sha256(content).hexdigest()
        order_sudo.write(
            {
                "signed_contract_attachment_id": attachment_sudo.id,
                "signed_contract_sha256": sha256,
                "signed_contract_date": fields.Datetime.now(),
                "signed_contract_source_sha256": self._get_contract_to_sign_sha256(),
                "signed_contract_rejection_reason": False,
                "portal_approval_state": "signed",
            }
        )
        if previous_attachment_sudo:
            previous_attachment_sudo.unlink()
        order_sudo._notify_signed_contract_uploaded(partner, attachment_sudo)
        return attachment_sudo

    def _notify_signed_contract_uploaded(self, partner, attachment):
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

    def _portal_approve(self, partner, ip_address):
        """Approve the quotation; no-op if already approved, UserError if refused.

        :return: True if the order was approved by this call.
        """
        self.ensure_one()
        self._lock_for_portal_update()
        code = self._get_portal_approval_block()
        if code == "already_approved":
            return False
        if code:
            raise PortalApprovalError(self._get_portal_notice_message(code), code)
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

    # Approval follows the approved content ---------------------------------------

    def _get_contract_to_sign_sha256(self):
        self.ensure_one()
        # Staff may attach the contract without the client being able to read it.
        contract_sudo = self.sudo().contract_attachment_id
        if not contract_sudo:
            return False
        return hashlib.sha256(contract_sudo.raw or b"").hexdigest()

    @api.model
    def _approval_number(self, value):
        return float_repr(value or 0.0, DIGEST_DECIMALS)

    def _get_approval_line_content(self, line):
        return {
            "display_type": line.display_type or "",
            "product": line.product_id.id or False,
            "description": line.name or "",
            "quantity": self._approval_number(line.product_uom_qty),
            "uom": line.product_uom.id or False,
            "price_unit": self._approval_number(line.price_unit),
            "discount": self._approval_number(line.discount),
            "taxes": sorted(line.tax_id.ids),
            "subtotal": self._approval_number(line.price_subtotal),
        }

    def _get_approval_content(self):
        """What the client approves: lines, total, payment terms and validity."""
        self.ensure_one()
        lines = self.order_line.sorted(lambda line: (line.sequence, line.id))
        return {
            "lines": [self._get_approval_line_content(line) for line in lines],
            "currency": self.currency_id.name,
            "amount_untaxed": self._approval_number(self.amount_untaxed),
            "amount_tax": self._approval_number(self.amount_tax),
            "amount_total": self._approval_number(self.amount_total),
            "payment_term": self.payment_term_id.id or False,
            "validity_date": fields.Date.to_string(self.validity_date) or "",
        }

    def _get_approval_digest(self):
        """SHA-256 of a canonical serialisation of `_get_approval_content`:
        sorted keys, no whitespace, numbers as fixed-point strings."""
        self.ensure_one()
        # The client may not read taxes or payment terms: the digest must not
        # depend on who computes it.
        payload = json.dumps(
            self.sudo()._get_approval_content(),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

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
            != self._get_contract_to_sign_sha256()
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

    def _reject_signed_contract(self, reason):
        """Refuse the uploaded contract so the client uploads a new one."""
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
        # The evidence fields are written by the approval flow only; the caller
        # checked that the user may write the order.
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

    def _generate_contract_attachment(self):
        """Render the contract report and attach it as the contract to sign."""
        self.ensure_one()
        content, report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            "client_portal.action_report_sale_contract", self.ids
        )
        partner_env = self.with_context(lang=self.partner_id.lang).env
        name = partner_env._("Contract %(order)s", order=self.name)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.{report_format}",
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.contract_attachment_id = attachment
        return attachment

    def _get_portal_installments(self):
        """Due dates and amounts of the payment term applied to the total."""
        self.ensure_one()
        term = self.payment_term_id
        if not term.line_ids:
            return []
        date_ref = (
            fields.Date.context_today(self, self.date_order)
            if self.date_order
            else fields.Date.context_today(self)
        )
        terms = term._compute_terms(
            date_ref=date_ref,
            currency=self.currency_id,
            company=self.company_id,
            tax_amount=self.amount_tax,
            tax_amount_currency=self.amount_tax,
            sign=1,
            untaxed_amount=self.amount_untaxed,
            untaxed_amount_currency=self.amount_untaxed,
        )
        return [
            {"date": line["date"], "amount": line["foreign_amount"]}
            for line in terms["line_ids"]
        ]
