from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountingShareLinkWizard(models.TransientModel):
    """Link a client partner to the company that holds its books."""

    _name = "accounting.share.link.wizard"
    _description = "Link a Client to its Company"

    partner_id = fields.Many2one("res.partner", string="Client", required=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )

    @api.constrains("company_id", "partner_id")
    def _check_company_free(self):
        for wizard in self:
            other = self.env["res.partner"].search(
                [
                    ("shared_company_id", "=", wizard.company_id.id),
                    ("id", "!=", wizard.partner_id.commercial_partner_id.id),
                ],
                limit=1,
            )
            if other:
                raise UserError(
                    _(
                        "%(company)s is already linked to %(client)s.",
                        company=wizard.company_id.name,
                        client=other.display_name,
                    )
                )

    def action_link(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        partner.check_access("write")
        if self.company_id not in self.env.user.company_ids:
            raise UserError(_("You can only link a company you belong to."))
        partner.shared_company_id = self.company_id
        return {"type": "ir.actions.act_window_close"}
