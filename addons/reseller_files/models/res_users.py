from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # EXTENDS base
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._reseller_mark_portal_clients()
        return users

    # EXTENDS base
    def write(self, vals):
        res = super().write(vals)
        if "groups_id" in vals or vals.get("active"):
            self._reseller_mark_portal_clients()
        return res

    def _reseller_mark_portal_clients(self):
        """A partner whose contact gets portal access becomes a client."""
        portal_users = self.filtered(lambda user: user.active and user._is_portal())
        if not portal_users:
            return
        # sudo: granting portal access is what makes a client; the flag and the
        # folder follow, whoever grants it.
        partners_sudo = portal_users.partner_id.commercial_partner_id.sudo()
        partners_sudo.filtered(lambda partner: not partner.reseller_is_client).write(
            {"reseller_is_client": True}
        )
