from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

# What the client sees and when, beside the report types (each report type names its
# own flag, see report/report_type.py): set by Accounting Share staff only.
SHARE_SETTING_FIELDS = frozenset(
    {
        "accounting_share_documents",
        "accounting_share_invoices",
        "accounting_share_publication_mode",
        "accounting_share_publish_day",
        "accounting_share_dossiers",
        "accounting_share_obligations",
    }
)
SHARE_USER_GROUP = "accounting_share.group_accounting_share_user"
SHARE_MANAGER_GROUP = "accounting_share.group_accounting_share_manager"


class ResPartner(models.Model):
    # reseller_files, a dependency, already gives res.partner the protected-fields
    # mixin; this class only extends _get_protected_fields.
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
    accounting_share_dossiers = fields.Selection(
        [
            ("none", "None"),
            ("open", "Open dossiers"),
            ("all", "Open and closed dossiers"),
        ],
        string="Share Dossiers",
        default="none",
        required=True,
        help="The office's case files for this client that the client sees.",
    )
    accounting_share_obligations = fields.Boolean(
        string="Share Obligations",
        default=True,
        help="The client sees the month's obligations and their documents "
        "(/my/obligations).",
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
                self._accounting_share_check_link_company(vals["shared_company_id"])
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS base
        # The contact form sends back the sharing fields it shows: a value that does
        # not change is not refused as a change.
        changed = self._accounting_share_changed_fields(vals)
        unchanged = (self._accounting_share_guarded_fields() & set(vals)) - changed
        if unchanged:
            vals = {
                fname: value for fname, value in vals.items() if fname not in unchanged
            }
        if "shared_company_id" in changed:
            self._accounting_share_check_link_company(vals["shared_company_id"])
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

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        # Anyone with "Contact Creation" may write partners: linking a company (whose
        # books the scheduled action then publishes as superuser) stays with the
        # Accounting Share administrators, what the client sees with its staff.
        protected = super()._get_protected_fields()
        if not self.env.user.has_group(SHARE_MANAGER_GROUP):
            protected |= {"shared_company_id"}
        if not self.env.user.has_group(SHARE_USER_GROUP):
            protected |= self._accounting_share_setting_fields()
        return protected

    @api.model
    def _accounting_share_setting_fields(self):
        """What the client sees and when: the report flags and the other settings."""
        share_fields = self.env["accounting.share.report"]._get_share_fields()
        return SHARE_SETTING_FIELDS | frozenset(share_fields.values())

    @api.model
    def _accounting_share_guarded_fields(self):
        return self._accounting_share_setting_fields() | {"shared_company_id"}

    def _accounting_share_changed_fields(self, vals):
        """The sharing fields of `vals` whose value differs on some partner."""
        changed = set()
        for fname in self._accounting_share_guarded_fields() & set(vals):
            field = self._fields[fname]
            new_value = field.convert_to_cache(vals[fname], self)
            if any(
                field.convert_to_cache(partner[fname], partner) != new_value
                for partner in self
            ):
                changed.add(fname)
        return changed

    def _accounting_share_check_link_company(self, company_id):
        """The scheduled action publishes the linked company's books as superuser:
        an administrator who is not a member of it must not route them to a portal.
        """
        if self.env.su:
            return
        company = self.env["res.company"].browse(company_id)
        if company and company not in self.env.user.company_ids:
            raise AccessError(_("You can only link a company you belong to."))

    def _accounting_share_is_report_shared(self, report_type):
        """Whether the client's commercial partner shares this report type."""
        self.ensure_one()
        share_fields = self.env["accounting.share.report"]._get_share_fields()
        field_name = share_fields.get(report_type)
        return bool(field_name and self.commercial_partner_id[field_name])

    def _accounting_share_shared_report_types(self):
        self.ensure_one()
        share_fields = self.env["accounting.share.report"]._get_share_fields()
        partner = self.commercial_partner_id
        return [rtype for rtype, fname in share_fields.items() if partner[fname]]
