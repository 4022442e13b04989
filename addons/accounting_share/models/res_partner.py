from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

# The report types a client may see; each maps to the partner flag that shares it.
REPORT_SHARE_FIELDS = {
    "profit_loss": "accounting_share_profit_loss",
    "balance_sheet": "accounting_share_balance_sheet",
    "general_ledger": "accounting_share_general_ledger",
    "ratios": "accounting_share_ratios",
    "taxes": "accounting_share_taxes",
    "treasury": "accounting_share_treasury",
}
# What the client sees and when: set by Accounting Share staff only.
SHARE_SETTING_FIELDS = {
    *REPORT_SHARE_FIELDS.values(),
    "accounting_share_documents",
    "accounting_share_invoices",
    "accounting_share_publication_mode",
    "accounting_share_publish_day",
}
SHARE_USER_GROUP = "accounting_share.group_accounting_share_user"
SHARE_MANAGER_GROUP = "accounting_share.group_accounting_share_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    shared_company_id = fields.Many2one(
        "res.company",
        string="Client Company",
        help="The company that holds this client's books in the office's database.",
        copy=False,
        index="btree_not_null",
    )
    # Shared by default: this flag opens or closes the client's whole file center
    # portal (security/ir_rules.xml), and the file center is open to every client
    # until the office decides otherwise.
    accounting_share_documents = fields.Boolean(
        string="Share Documents",
        default=True,
        help="The client sees the documents sent to it.",
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

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base
        for vals in vals_list:
            if vals.get("shared_company_id"):
                self._accounting_share_check_link_rights(vals["shared_company_id"])
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS base
        # Anyone with "Contact Creation" may write partners: linking a company (whose
        # books the scheduled action then publishes as superuser) and choosing what
        # the client sees must stay with the Accounting Share staff.
        changed = self._accounting_share_changed_fields(vals)
        if "shared_company_id" in changed:
            self._accounting_share_check_link_rights(vals["shared_company_id"])
        if changed & SHARE_SETTING_FIELDS:
            self._accounting_share_check_settings_rights()
        return super().write(vals)

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

    def _accounting_share_changed_fields(self, vals):
        """The sharing fields of `vals` whose value differs on some partner."""
        changed = set()
        for fname in SHARE_SETTING_FIELDS.union({"shared_company_id"}) & set(vals):
            field = self._fields[fname]
            new_value = field.convert_to_cache(vals[fname], self)
            if any(
                field.convert_to_cache(partner[fname], partner) != new_value
                for partner in self
            ):
                changed.add(fname)
        return changed

    def _accounting_share_check_link_rights(self, company_id):
        if self.env.su:
            return
        if not self.env.user.has_group(SHARE_MANAGER_GROUP):
            raise AccessError(
                _("Only Accounting Share administrators can link a client's company.")
            )
        # The cron publishes the linked company's books as superuser: an
        # administrator who is not a member of it must not route them to a portal.
        company = self.env["res.company"].browse(company_id)
        if company and company not in self.env.user.company_ids:
            raise AccessError(_("You can only link a company you belong to."))

    def _accounting_share_check_settings_rights(self):
        if not self.env.su and not self.env.user.has_group(SHARE_USER_GROUP):
            raise AccessError(
                _("Only Accounting Share users can change what a client sees.")
            )

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
