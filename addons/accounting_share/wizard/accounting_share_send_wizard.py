from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountingShareSendWizard(models.TransientModel):
    """The read-only summary shown before a document is sent to the client portal.

    Everything is derived from the document, so the staff confirm but cannot alter
    what is sent.
    """

    _name = "accounting.share.send.wizard"
    _description = "Send to Client Portal"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", compute="_compute_summary"
    )
    document_type = fields.Selection(
        selection=lambda self: self.env["accounting.share.dispatch"]
        ._fields["document_type"]
        .selection,
        compute="_compute_summary",
    )
    document_name = fields.Char(string="Document", compute="_compute_summary")
    period = fields.Char(compute="_compute_summary")
    file_name = fields.Char(string="File", compute="_compute_summary")

    @api.depends("res_model", "res_id")
    def _compute_summary(self):
        for wizard in self:
            source = wizard._get_source()
            summary = wizard._get_summary(source) if source else {}
            wizard.partner_id = summary.get("partner")
            wizard.document_type = summary.get("document_type")
            wizard.document_name = source.display_name if source else False
            wizard.period = summary.get("period")
            wizard.file_name = summary.get("file_name")

    @api.model
    def _action_open(self, source):
        wizard = self.create({"res_model": source._name, "res_id": source.id})
        return {
            "type": "ir.actions.act_window",
            "name": _("Send to Client Portal"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") and context.get("active_id"):
            values.setdefault("res_model", context["active_model"])
            values.setdefault("res_id", context["active_id"])
        return values

    def _get_source(self):
        self.ensure_one()
        if self.res_model not in (
            "accounting.share.publication",
            "account.move",
            "ir.attachment",
        ):
            raise UserError(_("This kind of document cannot be sent to the portal."))
        return self.env[self.res_model].browse(self.res_id).exists()

    def _get_summary(self, source):
        if source._name == "accounting.share.publication":
            return {
                "partner": source.partner_id,
                "document_type": "publication",
                "period": source._get_period_label(),
                "file_name": source.pdf_attachment_id.name,
            }
        if source._name == "account.move":
            return {
                "partner": source.partner_id.commercial_partner_id,
                "document_type": "invoice",
                "period": source.invoice_date
                and fields.Date.to_string(source.invoice_date)[:7],
                "file_name": f"{source._get_report_base_filename()}.pdf",
            }
        record = (
            self.env[source.res_model].browse(source.res_id).exists()
            if source.res_model and source.res_id
            else None
        )
        partner = self.env["res.partner"]
        if record is not None and record._name == "res.partner":
            partner = record
        elif record is not None and "partner_id" in record._fields:
            partner = record.partner_id
        return {
            "partner": partner.commercial_partner_id,
            "document_type": "attachment",
            "period": fields.Date.to_string(source.create_date.date())[:7],
            "file_name": source.name,
        }

    def _check_sendable(self, source):
        if not source:
            raise UserError(_("The document to send no longer exists."))
        source.check_access("read")
        if not self.partner_id:
            raise UserError(_("This document is not linked to a client."))
        if source._name == "accounting.share.publication" and (
            source.state != "published"
        ):
            raise UserError(_("Publish the report before sending it."))
        if source._name == "account.move" and (
            source.state != "posted" or not source.is_sale_document()
        ):
            raise UserError(_("Only posted customer invoices can be sent."))

    def action_confirm(self):
        self.ensure_one()
        source = self._get_source()
        self._check_sendable(source)
        dispatch = self.env["accounting.share.dispatch"].create(
            self.env["accounting.share.dispatch"]._prepare_dispatch_values(
                source, self.partner_id, self.document_type, self.period
            )
        )
        dispatch._send()
        return {
            "type": "ir.actions.act_window",
            "name": _("Dispatch"),
            "res_model": "accounting.share.dispatch",
            "res_id": dispatch.id,
            "view_mode": "form",
            "target": "current",
        }
