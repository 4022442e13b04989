import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.guia_text import find_amount, find_due_date, find_period

# What reading and sending found and did: never typed over RPC.
LINE_RESULT_FIELDS = frozenset(
    {
        "intake_id",
        "name",
        "attachment_id",
        "vat_found",
        "sha256",
        "state",
        "reason",
        "dispatch_id",
    }
)
# What staff correct while reviewing.
LINE_REVIEW_FIELDS = frozenset(
    {"partner_id", "document_type", "period", "due_date", "amount", "confirmed"}
)


class AccountingShareIntakeLine(models.Model):
    """One document found in a bulk upload, with the client and details proposed."""

    _name = "accounting.share.intake.line"
    _description = "Guia Intake Document"
    _inherit = ("reseller.protected.fields.mixin",)
    _order = "intake_id desc, id"

    intake_id = fields.Many2one(
        "accounting.share.intake",
        string="Upload",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="intake_id.company_id", store=True, index=True)
    name = fields.Char(string="File", required=True)
    attachment_id = fields.Many2one("ir.attachment", string="PDF")
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        index="btree_not_null",
        domain=[("parent_id", "=", False)],
    )
    vat_found = fields.Char(
        string="CNPJ/CPF Found",
        help="The CNPJ and CPF numbers printed in the document.",
    )
    document_type = fields.Many2one("accounting.share.document.type")
    period = fields.Date(
        help="The reference month (competência, período de apuração): its first day."
    )
    due_date = fields.Date()
    amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    sha256 = fields.Char(string="SHA-256", index=True)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("unmatched", "Unmatched"),
            ("duplicate", "Duplicate"),
            ("sent", "Sent"),
            ("error", "Error"),
        ],
        required=True,
        default="proposed",
        index=True,
    )
    confirmed = fields.Boolean(help="Staff checked the proposal: it will be sent.")
    reason = fields.Char()
    dispatch_id = fields.Many2one("accounting.share.dispatch", index="btree_not_null")
    dispatch_state = fields.Selection(
        related="dispatch_id.state", string="Dispatch Status"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_period(vals)
        return super().create(vals_list)

    def write(self, vals):
        if LINE_REVIEW_FIELDS.intersection(vals) and not self.env.su:
            self._check_reviewable()
        vals = self._normalize_period(dict(vals))
        result = super().write(vals)
        if "partner_id" in vals and not self.env.su:
            self._update_match_state()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self.check_access("write")
        self.filtered(lambda line: line.state == "proposed").write({"confirmed": True})
        return True

    def action_retry_dispatch(self):
        """Retry the failed dispatches of these lines (the client has since got a
        portal user, say), and bring the lines up to date."""
        self.check_access("write")
        lines = self.filtered(
            lambda line: line.state == "error" and line.dispatch_id.state == "failed"
        )
        if not lines:
            raise UserError(_("None of these documents has a failed dispatch."))
        lines.dispatch_id.action_retry()
        lines._sync_with_dispatches()
        return True

    def action_open_pdf(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(_("This line has no readable PDF."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Business methods: review
    # ------------------------------------------------------------------

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | LINE_RESULT_FIELDS

    @api.model
    def _normalize_period(self, vals):
        """A period is a month: kept as its first day, however it was typed."""
        if vals.get("period"):
            vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return vals

    def _check_reviewable(self):
        if any(line.state in ("sent", "error") for line in self):
            raise UserError(_("Sent documents and refused files cannot be changed."))

    def _update_match_state(self):
        """A client chosen by staff makes an unmatched document proposed; a
        client removed makes it unmatched again."""
        for line in self:
            if line.state == "unmatched" and line.partner_id and line.attachment_id:
                # sudo: state and reason are the system's (protected fields).
                line.sudo().write({"state": "proposed", "reason": False})
            elif line.state == "proposed" and not line.partner_id:
                line.sudo().write(
                    {
                        "state": "unmatched",
                        "confirmed": False,
                        "reason": _("No client chosen."),
                    }
                )

    # ------------------------------------------------------------------
    # Business methods: lines of an upload
    # ------------------------------------------------------------------

    @api.model
    def _create_from_documents(self, intake, documents):
        """One line per document: attachments in one create, lines in another."""
        for document in documents:
            document.sha256 = (
                hashlib.sha256(document.content).hexdigest()
                if document.content
                else False
            )
        attachments = self._create_attachments(intake, documents)
        matchers = self.env["accounting.share.document.type"]._get_matchers(
            intake.company_id
        )
        vals_list = [
            self._prepare_line_values(
                intake, document, attachments.get(index), matchers
            )
            for index, document in enumerate(documents)
        ]
        self._flag_duplicates_in_values(vals_list)
        # sudo: the reading results are protected fields; the intake was checked
        # (write access) by action_read_files.
        return self.sudo().create(vals_list).sudo(False)

    @api.model
    def _create_attachments(self, intake, documents):
        """{document index: attachment} of the readable documents, attached to
        the upload (one access check for all of them)."""
        indexes = [
            index for index, document in enumerate(documents) if document.content
        ]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": self._get_document_file_name(documents[index]),
                    "raw": documents[index].content,
                    "mimetype": "application/pdf",
                    "res_model": intake._name,
                    "res_id": intake.id,
                    "company_id": intake.company_id.id,
                }
                for index in indexes
            ]
        )
        return dict(zip(indexes, attachments, strict=True))

    @api.model
    def _get_document_file_name(self, document):
        name = document.source_name.rpartition("/")[2] or document.source_name
        if document.pages and len(document.pages) < document.page_count:
            stem, dot, extension = name.rpartition(".")
            first, last = document.pages[0] + 1, document.pages[-1] + 1
            pages = f"{first}" if first == last else f"{first}-{last}"
            name = f"{stem if dot else name} p{pages}.{extension if dot else 'pdf'}"
        return name

    @api.model
    def _get_document_label(self, document):
        if document.pages and len(document.pages) < document.page_count:
            first, last = document.pages[0] + 1, document.pages[-1] + 1
            if first == last:
                return _(
                    "%(file)s, page %(page)s", file=document.source_name, page=first
                )
            return _(
                "%(file)s, pages %(first)s to %(last)s",
                file=document.source_name,
                first=first,
                last=last,
            )
        return document.source_name

    @api.model
    def _prepare_line_values(self, intake, document, attachment, matchers):
        text = document.text
        document_type = self.env["accounting.share.document.type"]
        if text:
            document_type = document_type._find_type(matchers, text)
        return {
            "intake_id": intake.id,
            "name": self._get_document_label(document),
            "attachment_id": attachment.id if attachment else False,
            "partner_id": document.partner.id if document.partner else False,
            "vat_found": ", ".join(document.tax_ids) or False,
            "document_type": document_type.id,
            "period": find_period(text) if text else False,
            "due_date": find_due_date(text) if text else False,
            "amount": float(find_amount(text) or 0.0) if text else 0.0,
            "sha256": document.sha256,
            "state": document.state,
            "reason": document.reason or False,
        }

    @api.model
    def _get_sent_keys(self, sha256s):
        """{(sha256, client id, period): line} of what was already sent."""
        if not sha256s:
            return {}
        # sudo: a file sent from another company's upload is still the same file
        # sent to the same client.
        sent_sudo = self.sudo().search_fetch(
            [("sha256", "in", list(sha256s)), ("state", "=", "sent")],
            ["sha256", "partner_id", "period", "intake_id"],
        )
        return {
            (line.sha256, line.partner_id.id, line.period): line for line in sent_sudo
        }

    @api.model
    def _flag_duplicates_in_values(self, vals_list):
        """Same file, client and period already sent, or twice in this upload."""
        sent = self._get_sent_keys(
            {vals["sha256"] for vals in vals_list if vals["sha256"]}
        )
        seen = set()
        for vals in vals_list:
            if vals["state"] != "proposed":
                continue
            key = (vals["sha256"], vals["partner_id"], vals["period"] or False)
            if key in sent:
                vals.update(state="duplicate", reason=self._duplicate_reason(sent[key]))
            elif key in seen:
                vals.update(
                    state="duplicate",
                    reason=_("The same file for the same client appears twice here."),
                )
            seen.add(key)

    @api.model
    def _duplicate_reason(self, sent_line):
        return _(
            "Already sent to %(client)s for this period (upload %(upload)s).",
            client=sent_line.partner_id.display_name,
            upload=sent_line.intake_id.name,
        )

    # ------------------------------------------------------------------
    # Business methods: sending
    # ------------------------------------------------------------------

    @api.model
    def _get_to_send_domain(self):
        return [
            ("confirmed", "=", True),
            ("state", "=", "proposed"),
            ("partner_id", "!=", False),
            ("attachment_id", "!=", False),
            ("intake_id.state", "=", "sending"),
        ]

    @api.model
    def _send_confirmed_batch(self, batch_size):
        """Send one batch of confirmed documents: (lines done, lines remaining).

        Each upload's lines are sent as the staff member who clicked Send, so the
        dispatch history names them and their company rules apply.
        """
        domain = self._get_to_send_domain()
        # sudo: the scheduled action serves every company's uploads.
        lines_sudo = self.sudo().search(domain, limit=batch_size, order="id")
        for user, user_lines in lines_sudo.grouped(
            lambda line: line.intake_id.send_user_id
        ).items():
            user_lines.with_user(user or self.env.user).sudo(False)._send_lines()
        remaining = self.sudo().search_count(domain)
        return lines_sudo, remaining

    def _send_lines(self):
        duplicates = self._flag_sent_duplicates()
        lines = self - duplicates
        if not lines:
            return self.env["accounting.share.dispatch"]
        dispatches = self.env["accounting.share.dispatch"].create(
            [line._prepare_dispatch_values() for line in lines]
        )
        for line, dispatch in zip(lines, dispatches, strict=True):
            # sudo: the delivered file's name and the line's dispatch are the
            # system's; the line was checked when it was confirmed and sent.
            line.attachment_id.sudo().name = line._get_sent_file_name()
            line.sudo().dispatch_id = dispatch
        dispatches._send()
        lines._sync_with_dispatches()
        return dispatches

    def _sync_with_dispatches(self):
        """Sent, or in error with the dispatch's reason."""
        for line in self:
            dispatch = line.dispatch_id
            # sudo: state and reason are the system's (protected fields).
            line.sudo().write(
                {"state": "sent", "reason": False}
                if dispatch.state == "sent"
                else {"state": "error", "reason": dispatch.last_error}
            )

    def _flag_sent_duplicates(self):
        """Lines whose file another upload sent meanwhile: flagged, not sent."""
        sent = self._get_sent_keys(set(self.mapped("sha256")) - {False})
        duplicates = self.browse()
        for line in self:
            sent_line = sent.get((line.sha256, line.partner_id.id, line.period))
            if sent_line and sent_line != line:
                line.sudo().write(
                    {"state": "duplicate", "reason": self._duplicate_reason(sent_line)}
                )
                duplicates |= line
        return duplicates

    def _get_period_label(self):
        self.ensure_one()
        return f"{self.period:%m/%Y}" if self.period else False

    def _get_sent_file_name(self):
        """The name the client sees: type, period and client, e.g.
        "DAS 03-2024 Padaria Aurora.pdf"."""
        self.ensure_one()
        parts = [
            self.document_type.name or _("Document"),
            f"{self.period:%m-%Y}" if self.period else "",
            self.partner_id.name or "",
        ]
        name = " ".join(part for part in parts if part)
        return "".join(c if c not in '/\\:*?"<>|' else "-" for c in name) + ".pdf"

    def _prepare_dispatch_values(self):
        self.ensure_one()
        dispatch_model = self.env["accounting.share.dispatch"]
        values = dispatch_model._prepare_dispatch_values(
            self.attachment_id, self.partner_id, "guia", self._get_period_label()
        )
        obligation = self.document_type.obligation_id
        values.update(
            {
                "name": self._get_sent_file_name(),
                "due_date": self.due_date,
                "amount": self.amount,
                "obligation_id": obligation.id if self.period else False,
                "obligation_period": self.period if obligation else False,
            }
        )
        return values
