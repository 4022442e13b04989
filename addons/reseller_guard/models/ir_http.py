from odoo import models

from odoo.addons.base.models.ir_http import SignedIntConverter

# PostgreSQL's `integer`, the type of every id and of most integer columns.
INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1


class DatabaseIntConverter(SignedIntConverter):
    """`<int:...>` that matches only numbers a database integer can hold.

    Odoo's converter accepts any number of digits: `/my/orders/99999999999999999999`
    reached the database and failed there with "integer out of range", a 500.
    Out of range, the URL now matches no route: a 404, like any unknown record.
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(
            url_map,
            fixed_digits=fixed_digits,
            min=INT4_MIN if min is None else min,
            max=INT4_MAX if max is None else max,
            signed=signed,
        )


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # EXTENDS base
    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), int=DatabaseIntConverter)
