from odoo import models

from ..tools.portal_flash import pop_flashes


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    # EXTENDS http_routing
    def _prepare_frontend_environment(self, values):
        # The layout takes the flashed messages itself: a page rendered by any
        # controller shows them, whichever class serves its route.
        values.setdefault("reseller_pop_flashes", pop_flashes)
        return super()._prepare_frontend_environment(values)
