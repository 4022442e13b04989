from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools.portal_flash import pop_flashes


class GuardPortal(CustomerPortal):
    # EXTENDS portal
    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["reseller_flash_messages"] = pop_flashes()
        return values
