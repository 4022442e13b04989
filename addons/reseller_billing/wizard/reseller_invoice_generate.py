from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_reference_period

MONTHS = [(f"{m:02d}", f"{m:02d}") for m in range(1, 13)]


class ResellerInvoiceGenerate(models.TransientModel):
    _name = "reseller.invoice.generate"
    _description = "Generate Contract Invoices"

    reference_month = fields.Selection(
        MONTHS,
        required=True,
        default=lambda self: f"{fields.Date.context_today(self).month:02d}",
    )
    reference_year = fields.Char(
        required=True,
        size=4,
        default=lambda self: f"{fields.Date.context_today(self).year:04d}",
    )
    selected_contract_ids = fields.Many2many(
        "reseller.contract",
        "reseller_invoice_generate_selected_rel",
        string="Selected Contracts",
        help="When empty, every active contract due for the period is invoiced.",
    )
    contract_ids = fields.Many2many(
        "reseller.contract",
        "reseller_invoice_generate_preview_rel",
        string="Will Be Invoiced",
        compute="_compute_contract_ids",
    )
    contract_count = fields.Integer(compute="_compute_contract_ids")
    amount_total = fields.Monetary(compute="_compute_contract_ids")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )

    @api.model
    def default_get(self, fields_list):
        # EXTENDS base: contracts selected in the list view
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "reseller.contract":
            values["selected_contract_ids"] = [
                (6, 0, self.env.context.get("active_ids", []))
            ]
        return values

    def _period(self):
        self.ensure_one()
        return check_reference_period(
            self.env, self.reference_month, self.reference_year
        )

    @api.depends("reference_month", "reference_year", "selected_contract_ids")
    def _compute_contract_ids(self):
        Contract = self.env["reseller.contract"]
        for wizard in self:
            try:
                month, year = wizard._period()
            except ValidationError:
                # Still being typed: the preview stays empty until it is valid.
                contracts, total = Contract, 0.0
            else:
                domain = Contract._get_contracts_to_invoice_domain(month, year)
                if wizard.selected_contract_ids:
                    domain += [("id", "in", wizard.selected_contract_ids.ids)]
                contracts = Contract.search(domain)
                [(total,)] = Contract._read_group(domain, [], ["amount:sum"])
            wizard.contract_ids = contracts
            wizard.contract_count = len(contracts)
            wizard.amount_total = total

    def action_generate(self):
        self.ensure_one()
        self.env["reseller.contract"].check_access("write")
        month, year = self._period()
        if self.selected_contract_ids:
            self.selected_contract_ids._check_invoiceable()
            moves = self.selected_contract_ids._create_invoices(month, year)
        else:
            # Every batch at once, in this transaction: the user waits for them.
            moves = self.env["reseller.contract"]._run_recurring_invoicing(month, year)
        if not moves:
            raise UserError(
                _(
                    "Nothing to invoice for %(month)s/%(year)s: every active contract "
                    "already has its invoice.",
                    month=self.reference_month,
                    year=self.reference_year,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", moves.ids)]
        return action
