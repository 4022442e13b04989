from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ResellerContract(models.Model):
    """The contract as its client sees it in the portal."""

    _name = "reseller.contract"
    _inherit = ("reseller.contract", "portal.mixin")

    next_invoice_date = fields.Date(compute="_compute_next_invoice_date")

    def _compute_access_url(self):
        # EXTENDS portal: the contract's own portal page.
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    @api.depends("state", "billing_day", "date_start", "date_end")
    def _compute_next_invoice_date(self):
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.state != "active":
                contract.next_invoice_date = False
                continue
            start = max(today, contract.date_start)
            candidate = start.replace(day=contract.billing_day)
            if candidate < start:
                candidate += relativedelta(months=1)
            if contract.date_end and candidate > contract.date_end:
                candidate = False
            contract.next_invoice_date = candidate

    def _get_portal_slips(self):
        """The slips of this contract's invoices, for its portal page."""
        self.ensure_one()
        return self.env["reseller.payment.slip"].search(
            [("reseller_contract_id", "=", self.id)], order="date_due desc, id desc"
        )
