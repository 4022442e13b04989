from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Quotations still waiting for the client: a signed contract document or an
# approval.
AWAITING_CLIENT_STATES = ("none", "to_sign", "rejected", "signed")


class SaleOrder(models.Model):
    """The quotation's contract document, its portal pages and their rules.

    The approval flow itself (the signed contract document upload, the approval,
    its evidence and its reset when the quotation changes) lives in
    sale_order_approval.py.
    """

    # The first addon of the suite that extends sale.order adds the mixin. With
    # two parents, Odoo takes the class name as the model's name unless told.
    _name = "sale.order"
    _inherit = ["sale.order", "reseller.protected.fields.mixin"]  # noqa: RUF012

    require_signed_contract = fields.Boolean(
        string="Signed Contract Document Required",
        compute="_compute_require_signed_contract",
        store=True,
        readonly=False,
        precompute=True,
        help="The client must upload the signed contract document (the PDF to "
        "sign, signed) before approving the quotation in the portal.",
    )
    contract_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Contract Document to Sign",
        copy=False,
        ondelete="set null",
    )
    contract_file = fields.Binary(
        string="Contract Document",
        compute="_compute_contract_file",
        inverse="_inverse_contract_file",
    )
    contract_filename = fields.Char(string="Contract Document File Name", copy=False)
    signed_contract_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed Contract Document",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    signed_contract_date = fields.Datetime(
        string="Signed Contract Document Received On", copy=False, readonly=True
    )
    signed_contract_sha256 = fields.Char(
        string="Signed Contract Document SHA-256", copy=False, readonly=True
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
        string="Contract Document Signed SHA-256",
        copy=False,
        readonly=True,
        help="Digest of the contract document to sign when the client uploaded "
        "the signed copy: a new contract document asks for a new signature.",
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

    # EXTENDS reseller_guard
    def _get_protected_fields(self):
        # The client's approval and its evidence are set only by the approval
        # flow (in sudo), never typed in, so that they prove what the client did:
        # staff may write orders over RPC, and without this a salesperson could
        # mark a quotation approved with a made-up date, IP or file hash.
        return super()._get_protected_fields() | {
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

    # EXTENDS sale
    def write(self, vals):
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
        return super()._has_to_be_signed() and not self._is_gated_by_signed_contract()

    # EXTENDS sale
    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self._is_gated_by_signed_contract()

    def action_reject_signed_contract_document(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Signed Contract Document"),
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

    def action_generate_contract_document(self):
        self.check_access("write")
        for order in self:
            order._generate_contract_document()
        return True

    def _is_gated_by_signed_contract(self):
        """True while this quotation is approved only through its signed
        contract document and then confirmed by staff: neither Odoo's own
        "Accept & Sign" nor an online payment may confirm it before that."""
        self.ensure_one()
        return self.require_signed_contract and self.state in ("draft", "sent")

    def _check_online_payment_allowed(self):
        """Refuse paying online a quotation that staff must confirm first."""
        self.ensure_one()
        if self._is_gated_by_signed_contract():
            raise ValidationError(
                _(
                    "This quotation is approved with its signed contract and then "
                    "confirmed by our office; it cannot be paid online before that."
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
        """Proposals waiting for the client: a signed contract document or an
        approval."""
        return [
            ("state", "=", "sent"),
            ("portal_approval_state", "in", AWAITING_CLIENT_STATES),
        ]

    @api.model
    def _get_portal_approval_stage_domains(self):
        """The proposals at each stage of the approval, by stage code. A
        confirmed order keeps its approval state: these are proposals only."""
        return {
            "to_sign": [
                ("state", "=", "sent"),
                ("portal_approval_state", "in", ("to_sign", "rejected")),
            ],
            "signed": [
                ("state", "=", "sent"),
                ("portal_approval_state", "=", "signed"),
            ],
            "approved": [
                ("state", "=", "sent"),
                ("portal_approval_state", "=", "approved"),
            ],
        }

    def _get_portal_notice_messages(self):
        """Every message the portal can show about the contract document and the
        approval, by code, so that redirects carry a code and never free text."""
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
                "HTML and SVG files, other web content, programs and scripts are "
                "not accepted. Upload a PDF or an image of the signed contract."
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

    def _generate_contract_document(self):
        """Render the contract report and attach it as the document to sign."""
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
