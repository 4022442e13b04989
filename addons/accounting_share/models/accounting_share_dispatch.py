from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# The outcome of a send: only the sending code sets it, never a write over RPC.
DISPATCH_RESULT_FIELDS = frozenset(
    {"state", "attempts", "last_error", "sent_date", "file_id"}
)
# What is sent and to whom: fixed at creation, so a retry cannot deliver a document
# into another client's files.
DISPATCH_DOCUMENT_FIELDS = {
    "name",
    "partner_id",
    "document_type",
    "res_model",
    "res_id",
    "period",
    "user_id",
    "company_id",
    "obligation_id",
    "obligation_period",
    "due_date",
    "amount",
}


class AccountingShareDispatch(models.Model):
    """One "send to client portal": a document delivered into the client's files."""

    _name = "accounting.share.dispatch"
    _description = "Accounting Share Dispatch"
    # The read receipts first: their protected fields join the mixin's set.
    _inherit = (
        "accounting.share.dispatch.reading",
        "reseller.protected.fields.mixin",
    )
    _order = "create_date desc, id desc"

    name = fields.Char(string="Document", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, index=True
    )
    document_type = fields.Selection(
        [
            ("publication", "Accounting Report"),
            ("invoice", "Invoice"),
            ("attachment", "Attachment"),
            # A tax payment slip (DAS, DARF, FGTS...) filed from the guia intake: an
            # attachment, with the due date and amount the client must pay.
            ("guia", "Guia"),
        ],
        required=True,
        readonly=True,
    )
    res_model = fields.Char(string="Source Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", required=True, readonly=True
    )
    period = fields.Char(readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    last_error = fields.Text(readonly=True)
    sent_date = fields.Datetime(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Sent By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    file_id = fields.Many2one("reseller.file", string="Sent File", readonly=True)
    # The obligation and period this document fulfils: once sent, their task closes.
    obligation_id = fields.Many2one(
        "accounting.share.obligation", readonly=True, index="btree_not_null"
    )
    obligation_period = fields.Date(readonly=True)
    # What the client must pay and by when, for a guia: shown in its portal and
    # used to remind it before the due date.
    due_date = fields.Date(readonly=True, index="btree_not_null")
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Computed and stored so that existing dispatches get theirs on upgrade; the
    # multi-company rule (security/ir_rules.xml) reads it.
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        required=True,
        readonly=True,
        index=True,
    )

    @api.depends("res_model", "res_id", "partner_id")
    def _compute_company_id(self):
        for dispatch in self:
            dispatch.company_id = dispatch._get_default_company()

    def write(self, vals):
        self._check_document_unchanged(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_retry(self):
        """Send again every failed dispatch of the selection ("retry all failed")."""
        self.check_access("write")
        failed = self.filtered(lambda dispatch: dispatch.state == "failed")
        if not failed:
            raise UserError(_("None of the selected dispatches has failed."))
        failed._send()
        return True

    def action_open_source(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | DISPATCH_RESULT_FIELDS

    def _check_document_unchanged(self, vals):
        """What is sent and to whom is given at creation, then fixed."""
        if DISPATCH_DOCUMENT_FIELDS.intersection(vals) and not self.env.su:
            raise AccessError(
                _("What a dispatch sends, and to whom, cannot be changed.")
            )

    def _get_default_company(self):
        """The company of what is sent, else the one holding the client's books.

        An invoice belongs to the office company that issued it, a report to the
        client's company: the staff who may see the document see its dispatch.
        """
        self.ensure_one()
        # sudo: only the company of the source is read, to file the dispatch.
        source_sudo = self.sudo()._get_source() if self.res_model else None
        if source_sudo and "company_id" in source_sudo._fields:
            if source_sudo.company_id:
                return source_sudo.company_id
        partner_sudo = self.partner_id.commercial_partner_id.sudo()
        return (
            partner_sudo.shared_company_id
            or partner_sudo.company_id
            or self.env.company
        )

    def _get_source(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).exists()

    def _get_document_content(self):
        """(file name, bytes, mimetype) of the document to deliver."""
        self.ensure_one()
        source = self._get_source()
        if not source:
            raise UserError(_("The document to send no longer exists."))
        if self.document_type == "publication":
            if source.state != "published" or not source.pdf_attachment_id:
                raise UserError(_("Only published reports can be sent."))
            attachment = source.pdf_attachment_id
            return attachment.name, attachment.raw, attachment.mimetype
        if self.document_type == "invoice":
            content, report_format = self.env["ir.actions.report"]._render_qweb_pdf(
                "account.account_invoices", res_ids=source.ids
            )
            extension = "pdf" if report_format == "pdf" else "html"
            mimetype = "application/pdf" if extension == "pdf" else "text/html"
            name = f"{source._get_report_base_filename()}.{extension}"
            return name.replace("/", "-"), content, mimetype
        return source.name, source.raw, source.mimetype

    def _get_sent_folder_name(self):
        return self.with_context(lang=self.partner_id.lang or "en_US").env._(
            "Sent documents"
        )

    def _check_deliverable(self):
        """The clear reasons a dispatch cannot be delivered."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        has_portal_user = (
            self.env["res.users"]
            .sudo()
            .search_count(
                [("partner_id", "child_of", partner.id), ("share", "=", True)],
                limit=1,
            )
        )
        if not has_portal_user:
            raise UserError(
                _(
                    "%(client)s has no portal user: give a contact portal access "
                    "first.",
                    client=partner.display_name,
                )
            )
        if not partner.sudo().reseller_folder_id.active:
            raise UserError(
                _(
                    "%(client)s has no file center folder: make it a client of the "
                    "file center first.",
                    client=partner.display_name,
                )
            )

    def _deliver_sudo(self):
        """Store the document in the client's "Sent documents" folder.

        sudo: the sending staff may lack rights on the client's file center; the
        dispatch itself was checked (write access) and the client is fixed on it.
        """
        self.ensure_one()
        self._check_deliverable()
        name, content, mimetype = self._get_document_content()
        partner_sudo = self.partner_id.commercial_partner_id.sudo()
        folder_sudo = partner_sudo._reseller_get_root_folder()
        sent_folder_sudo = folder_sudo._reseller_get_or_create_child(
            self._get_sent_folder_name()
        )
        return sent_folder_sudo._reseller_add_file(name, content, mimetype=mimetype)

    def _send(self):
        for dispatch in self:
            # A dispatch listed twice (ids repeated over RPC) is delivered once.
            if dispatch.state == "sent":
                continue
            values = {"attempts": dispatch.attempts + 1}
            try:
                with self.env.cr.savepoint():
                    file = dispatch._deliver_sudo()
            except (UserError, ValidationError, AccessError) as error:
                values.update({"state": "failed", "last_error": str(error)})
            else:
                values.update(
                    {
                        "state": "sent",
                        "last_error": False,
                        "sent_date": fields.Datetime.now(),
                        "user_id": self.env.user.id,
                        "file_id": file.id,
                    }
                )
            # sudo: the result fields are closed to users (_get_protected_fields).
            dispatch_sudo = dispatch.sudo()
            dispatch_sudo.write(values)
        sent = self.filtered(lambda dispatch: dispatch.state == "sent")
        self.env["accounting.share.receipt"]._create_for_dispatches(
            sent.filtered(lambda dispatch: not dispatch.receipt_id)
        )
        self.env["project.task"]._accounting_share_close_by_dispatches(sent)
        return True

    @api.model
    def _prepare_dispatch_values(self, source, partner, document_type, period):
        return {
            "name": source.display_name,
            "partner_id": partner.commercial_partner_id.id,
            "document_type": document_type,
            "res_model": source._name,
            "res_id": source.id,
            "period": period,
        }
