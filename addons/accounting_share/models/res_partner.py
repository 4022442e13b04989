from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The report types a client may see; each maps to the partner flag that shares it.
REPORT_SHARE_FIELDS = {
    "profit_loss": "accounting_share_profit_loss",
    "balance_sheet": "accounting_share_balance_sheet",
    "general_ledger": "accounting_share_general_ledger",
    "ratios": "accounting_share_ratios",
    "taxes": "accounting_share_taxes",
    "treasury": "accounting_share_treasury",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    shared_company_id = fields.Many2one(
        "res.company",
        string="Client Company",
        help="The company that holds this client's books in the office's database.",
        copy=False,
        index="btree_not_null",
    )
    accounting_share_documents = fields.Boolean(
        string="Share Documents", help="The client sees the documents sent to it."
    )
    accounting_share_invoices = fields.Boolean(
        string="Share Office Invoices",
        default=True,
        help="The client sees the invoices the office issued to it (/my/invoices).",
    )
    accounting_share_taxes = fields.Boolean(string="Share Taxes")
    accounting_share_treasury = fields.Boolean(string="Share Treasury")
    accounting_share_profit_loss = fields.Boolean(string="Share Profit & Loss")
    accounting_share_balance_sheet = fields.Boolean(string="Share Balance Sheet")
    accounting_share_general_ledger = fields.Boolean(string="Share General Ledger")
    accounting_share_ratios = fields.Boolean(string="Share Ratios")
    accounting_share_publication_mode = fields.Selection(
        [("manual", "Manual"), ("automatic", "Automatic")],
        string="Publication",
        default="manual",
        required=True,
        help="Automatic: each closed month is published on the publication day of the "
        "next month. Manual: staff publish the periods they choose.",
    )
    accounting_share_publish_day = fields.Integer(
        string="Publication Day",
        default=5,
        help="Day of the month on which the previous month is published automatically.",
    )
    accounting_share_publication_count = fields.Integer(
        compute="_compute_accounting_share_publication_count",
        string="Publications",
    )

    # The wizard explains the refusal; this guards every other path (RPC, imports),
    # since two clients on one company would each see the other's books.
    _sql_constraints = (
        (
            "shared_company_id_unique",
            "unique(shared_company_id)",
            "This company is already linked to another client.",
        ),
    )

    @api.depends("shared_company_id")
    def _compute_accounting_share_publication_count(self):
        if not self.env["accounting.share.publication"].has_access("read"):
            self.accounting_share_publication_count = 0
            return
        counts = dict(
            self.env["accounting.share.publication"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "published")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.accounting_share_publication_count = counts.get(partner._origin, 0)

    @api.constrains("accounting_share_publish_day")
    def _check_accounting_share_publish_day(self):
        for partner in self:
            if not 1 <= partner.accounting_share_publish_day <= 28:
                raise ValidationError(
                    _("The publication day must be between 1 and 28.")
                )

    def action_accounting_share_link_company(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Link Company"),
            "res_model": "accounting.share.link.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_accounting_share_publications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "accounting_share.accounting_share_publication_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "default_company_id": self.shared_company_id.id,
        }
        return action

    def _accounting_share_is_report_shared(self, report_type):
        """Whether the client's commercial partner shares this report type."""
        self.ensure_one()
        partner = self.commercial_partner_id
        field_name = REPORT_SHARE_FIELDS.get(report_type)
        return bool(field_name and partner[field_name])

    def _accounting_share_shared_report_types(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        return [rtype for rtype, fname in REPORT_SHARE_FIELDS.items() if partner[fname]]
