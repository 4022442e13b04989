import hashlib
from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

HASH_CHUNK_SIZE = 1024 * 1024


class AccountingShareReceipt(models.Model):
    """The proof of one delivery: what was sent to whom, when, and its SHA-256.

    Fixed at send and chained to the previous receipt of the office (see
    accounting_share_receipt_chain.py). The first read is not a change of the
    receipt: it is a link of its own, `accounting.share.receipt.read`, chained in
    the office's read stamps; `first_read_date` is read from it.
    """

    _name = "accounting.share.receipt"
    _description = "Accounting Share Delivery Receipt"
    _inherit = ("accounting.share.receipt.chain",)
    _order = "company_id, sequence desc"
    _rec_name = "sequence"

    _chain_kind = "receipt"
    _chain_hash_field = "receipt_hash"
    _chain_fields = (
        "company_id",
        "sequence",
        "dispatch_id",
        "partner_id",
        "document_name",
        "file_name",
        "file_sha256",
        "sent_date",
        "sent_by_id",
    )

    dispatch_id = fields.Many2one(
        "accounting.share.dispatch", required=True, readonly=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, index=True
    )
    document_name = fields.Char(string="Document", required=True, readonly=True)
    file_name = fields.Char(readonly=True)
    file_sha256 = fields.Char(string="File SHA-256", required=True, readonly=True)
    sent_date = fields.Datetime(required=True, readonly=True)
    sent_by_id = fields.Many2one("res.users", readonly=True)
    receipt_hash = fields.Char(required=True, readonly=True, index=True)
    read_stamp_ids = fields.One2many(
        "accounting.share.receipt.read",
        "receipt_id",
        readonly=True,
        groups="accounting_share.group_accounting_share_user",
    )
    first_read_date = fields.Datetime(compute="_compute_first_read")
    first_read_user_id = fields.Many2one("res.users", compute="_compute_first_read")
    read_hash = fields.Char(string="Read Stamp Hash", compute="_compute_first_read")
    # The dispatch's guia details, shown on the protocol.
    due_date = fields.Date(related="dispatch_id.due_date")
    amount = fields.Monetary(related="dispatch_id.amount")
    currency_id = fields.Many2one(related="dispatch_id.currency_id")

    _sql_constraints = (
        (
            "company_sequence_unique",
            "UNIQUE(company_id, sequence)",
            "Two receipts of an office cannot share a number.",
        ),
        ("dispatch_unique", "UNIQUE(dispatch_id)", "One receipt per dispatch."),
    )

    def _compute_display_name(self):
        for receipt in self:
            receipt.display_name = _("Receipt %(sequence)s", sequence=receipt.sequence)

    @api.depends("read_stamp_ids")
    def _compute_first_read(self):
        for receipt in self:
            # sudo: the client reads its receipt's first read, not the stamp model
            stamp = receipt.sudo().read_stamp_ids[:1]
            receipt.first_read_date = stamp.read_date
            receipt.first_read_user_id = stamp.user_id.sudo(False)
            receipt.read_hash = stamp.read_hash

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_verify_chain(self):
        """Check the chain of every company of the selection (or the current)."""
        self.check_access("read")
        # the office's whole chain is the staff's to check, not a client's
        if not self.env.user.has_group("accounting_share.group_accounting_share_user"):
            raise AccessError(_("Only the office's staff verify the receipt chain."))
        companies = self.company_id or self.env.company
        messages, broken_any = [], False
        for company in companies:
            broken, reason = self._verify_chain_with_reason(company)
            if broken or reason:
                broken_any = True
                messages.append(
                    _(
                        "%(company)s: the chain breaks at %(link)s. %(reason)s",
                        company=company.name,
                        link=broken.display_name or _("the end"),
                        reason=reason,
                    )
                )
            else:
                messages.append(
                    _("%(company)s: every receipt is intact.", company=company.name)
                )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Receipt chain"),
                "message": "\n".join(messages),
                "type": "danger" if broken_any else "success",
                "sticky": broken_any,
            },
        }

    def action_print_protocol(self):
        return self.env.ref(
            "accounting_share.accounting_share_receipt_report"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _verify_chain(self, company):
        """The first broken receipt of the company's chain, or an empty recordset."""
        return self._verify_chain_with_reason(company)[0]

    @api.model
    def _verify_chain_with_reason(self, company):
        # sudo: every link is read, whoever asks, so that no rule hides a gap.
        self_sudo = self.sudo()
        broken, reason = self_sudo._chain_first_broken(company)
        if broken or reason:
            return broken.sudo(False), reason
        stamps_sudo = self.env["accounting.share.receipt.read"].sudo()
        stamp, reason = stamps_sudo._chain_first_broken(company)
        if stamp or reason:
            return stamp.receipt_id.sudo(False), _(
                "Its read stamp: %(reason)s", reason=reason
            )
        return self.browse(), ""

    @api.model
    def _search_protocol(self, partner, date_from, date_to):
        """The receipts of a client sent within the period (whole days), in order."""
        return self.search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("sent_date", ">=", datetime.combine(date_from, time.min)),
                ("sent_date", "<=", datetime.combine(date_to, time.max)),
            ],
            order="company_id, sequence",
        )

    @api.model
    def _create_for_dispatches(self, dispatches):
        """One receipt per newly sent dispatch, chained per company, in one batch."""
        receipts = self.browse()
        # a dispatch listed twice (ids repeated over RPC) gets one receipt
        dispatches = dispatches.browse(list(dict.fromkeys(dispatches.ids)))
        for company, company_dispatches in dispatches.grouped("company_id").items():
            receipts |= self._chain_append(
                company,
                [
                    self._prepare_receipt_values(dispatch)
                    for dispatch in company_dispatches.sorted("id")
                ],
            )
        for receipt in receipts.sudo():
            receipt.dispatch_id.sudo().receipt_id = receipt
        return receipts

    @api.model
    def _prepare_receipt_values(self, dispatch):
        # sudo: the delivered file lives in the client's file center.
        file_sudo = dispatch.file_id.sudo()
        return {
            "dispatch_id": dispatch.id,
            "partner_id": dispatch.partner_id.id,
            "document_name": dispatch.name,
            "file_name": file_sudo.name,
            "file_sha256": self._file_sha256(file_sudo.attachment_id),
            "sent_date": dispatch.sent_date,
            "sent_by_id": dispatch.user_id.id,
        }

    @api.model
    def _file_sha256(self, attachment_sudo):
        """SHA-256 of the stored content, read in chunks from the filestore."""
        digest = hashlib.sha256()
        if attachment_sudo.store_fname:
            path = attachment_sudo._full_path(attachment_sudo.store_fname)
            with open(path, "rb") as content:
                while chunk := content.read(HASH_CHUNK_SIZE):
                    digest.update(chunk)
        else:
            digest.update(attachment_sudo.raw or b"")
        return digest.hexdigest()
