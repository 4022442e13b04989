from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountingShareProtocolWizard(models.TransientModel):
    """The delivery protocol of a client over a period: every receipt, one PDF."""

    _name = "accounting.share.protocol.wizard"
    _description = "Accounting Share Delivery Protocol"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        domain=[("is_company", "=", True)],
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(_("The period starts after it ends."))

    def action_print(self):
        self.ensure_one()
        receipts = self.env["accounting.share.receipt"]._search_protocol(
            self.partner_id, self.date_from, self.date_to
        )
        if not receipts:
            raise UserError(
                _(
                    "Nothing was sent to %(client)s in this period.",
                    client=self.partner_id.display_name,
                )
            )
        return receipts.action_print_protocol()
