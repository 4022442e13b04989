from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import sql

from .accounting_share_intake_reader import VAT_DIGITS_INDEX, VAT_DIGITS_SQL

SEND_BATCH_SIZE = 50
SEND_CRON = "accounting_share.accounting_share_intake_send_cron"
# Only reading and sending move an upload along.
INTAKE_RESULT_FIELDS = frozenset({"state", "send_user_id"})
LINE_STATES = ("proposed", "unmatched", "duplicate", "sent", "error")


class AccountingShareIntake(models.Model):
    """One bulk upload of guias: the files staff dropped and the documents found.

    Draft (files dropped) -> To Review (one line per document, with the client
    and details proposed) -> Sending (confirmed lines sent in committed batches
    by the scheduled action) -> Done.
    """

    _name = "accounting.share.intake"
    _description = "Guia Intake"
    _inherit = ("reseller.protected.fields.mixin",)
    _order = "id desc"

    name = fields.Char(
        required=True,
        default=lambda self: self.env._(
            "Guias of %(date)s", date=fields.Date.context_today(self)
        ),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Uploaded By", default=lambda self: self.env.user
    )
    send_user_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "accounting_share_intake_attachment_rel",
        "intake_id",
        "attachment_id",
        string="Files",
        help="PDFs, or zips of PDFs, as the fiscal software produced them: one file "
        "per client or one file holding many clients.",
    )
    line_ids = fields.One2many(
        "accounting.share.intake.line", "intake_id", string="Documents"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "To Review"),
            ("sending", "Sending"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    proposed_count = fields.Integer(compute="_compute_line_counts")
    confirmed_count = fields.Integer(compute="_compute_line_counts")
    unmatched_count = fields.Integer(compute="_compute_line_counts")
    duplicate_count = fields.Integer(compute="_compute_line_counts")
    error_count = fields.Integer(compute="_compute_line_counts")
    sent_count = fields.Integer(compute="_compute_line_counts")

    @api.depends("line_ids.state", "line_ids.confirmed")
    def _compute_line_counts(self):
        counts = {
            (intake.id, state, confirmed): count
            for intake, state, confirmed, count in self.env[
                "accounting.share.intake.line"
            ]._read_group(
                [("intake_id", "in", self.ids)],
                ["intake_id", "state", "confirmed"],
                ["__count"],
            )
        }
        for intake in self:
            by_state = {
                state: sum(
                    counts.get((intake.id, state, confirmed), 0)
                    for confirmed in (True, False)
                )
                for state in LINE_STATES
            }
            intake.proposed_count = by_state["proposed"]
            intake.confirmed_count = counts.get((intake.id, "proposed", True), 0)
            intake.unmatched_count = by_state["unmatched"]
            intake.duplicate_count = by_state["duplicate"]
            intake.error_count = by_state["error"]
            intake.sent_count = by_state["sent"]

    def init(self):
        result = super().init()
        # The matching query compares these digits with = ANY(...): indexed, it
        # stays a lookup whatever the number of partners.
        sql.create_index(self.env.cr, VAT_DIGITS_INDEX, "res_partner", [VAT_DIGITS_SQL])
        return result

    def unlink(self):
        if self.line_ids.filtered(lambda line: line.state == "sent"):
            raise UserError(
                _("An upload with sent documents is history: it cannot be deleted.")
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_read_files(self):
        """Read the dropped files: one line per document, with its proposals."""
        self.check_access("write")
        for intake in self:
            if intake.state != "draft":
                raise UserError(
                    _("The files of %(name)s were read already.", name=intake.name)
                )
            if not intake.attachment_ids:
                raise UserError(_("Add the guias' PDFs or zips first."))
            intake._read_files()
        return True

    def action_confirm(self):
        """Confirm every proposed document (staff reviewed the list)."""
        self.check_access("write")
        lines = self.line_ids.filtered(
            lambda line: line.state == "proposed" and not line.confirmed
        )
        if not lines:
            raise UserError(_("No proposed document is waiting for confirmation."))
        lines.write({"confirmed": True})
        return True

    def action_send(self):
        """Send the confirmed documents, in committed batches, in the background."""
        self.check_access("write")
        if not self.line_ids.filtered(
            lambda line: line.state == "proposed" and line.confirmed
        ):
            raise UserError(_("Confirm the documents to send first."))
        # sudo: state and sender are set by this action only (protected fields).
        self.sudo().write({"state": "sending", "send_user_id": self.env.user.id})
        self.env.ref(SEND_CRON).sudo()._trigger()
        return True

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_share.accounting_share_intake_line_action"
        )
        action["domain"] = [("intake_id", "=", self.id)]
        action["context"] = {"default_intake_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | INTAKE_RESULT_FIELDS

    def _read_files(self):
        self.ensure_one()
        uploads = [
            (attachment.name, attachment.raw or b"")
            for attachment in self.attachment_ids
        ]
        documents = self.env["accounting.share.intake.reader"]._read_uploads(
            uploads, self.company_id
        )
        self.env["accounting.share.intake.line"]._create_from_documents(self, documents)
        # sudo: the state moves by this action only.
        self.sudo().state = "review"

    @api.model
    def _cron_send_confirmed(self, batch_size=SEND_BATCH_SIZE):
        """One batch of the confirmed documents of every upload being sent.

        The scheduler commits each batch and calls again while documents
        remain: a crash loses only the batch under way, which the next call
        sends again from the start (nothing of it was committed), and what was
        committed as sent has left the domain, so nothing is sent twice.
        """
        line_model = self.env["accounting.share.intake.line"]
        lines, remaining = line_model._send_confirmed_batch(batch_size=batch_size)
        self._mark_done()
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
        return lines

    @api.model
    def _mark_done(self):
        """Uploads being sent that have no confirmed document left to send."""
        pending = {
            intake.id
            for [intake] in self.env["accounting.share.intake.line"]._read_group(
                self.env["accounting.share.intake.line"]._get_to_send_domain(),
                ["intake_id"],
            )
        }
        # sudo: the cron serves every company's uploads; state is protected.
        sending_sudo = self.sudo().search([("state", "=", "sending")])
        sending_sudo.filtered(lambda intake: intake.id not in pending).write(
            {"state": "done"}
        )
