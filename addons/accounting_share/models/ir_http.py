from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # EXTENDS base
    @classmethod
    def _serve_fallback(cls):
        # A URL no route matches (/my/accounting/%00 among them) is looked up as an
        # attachment URL, and PostgreSQL refuses a NUL byte in a string: the 404
        # would become a 500. Such a path names no attachment.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
