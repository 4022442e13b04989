from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # EXTENDS base
    @classmethod
    def _serve_fallback(cls):
        # An unrouted path is looked up as an attachment URL, and PostgreSQL
        # refuses a NUL byte in a query: `/my/orders/1%00` would be a 500. No
        # attachment has such a URL, so the answer is the plain 404.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
