from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    # EXTENDS base
    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:
            self._reseller_rename_office_roots()
        return res

    def _reseller_rename_office_roots(self):
        """The office's root folder keeps the company's name."""
        # sudo: the root folder follows the company, whoever renames it
        roots_sudo = (
            self.env["reseller.folder"]
            .sudo()
            .search(
                [
                    ("parent_id", "=", False),
                    ("partner_id", "=", False),
                    ("company_id", "in", self.ids),
                ]
            )
        )
        for root_sudo in roots_sudo:
            # a company name may not be a valid folder name ("Exemplo S.A.")
            name = root_sudo.company_id.partner_id._reseller_folder_name()
            if root_sudo.name != name:
                root_sudo.name = name
