from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.http import request

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


def _holds_nul(values):
    return any(isinstance(value, str) and "\x00" in value for value in values)


def _multidict_holds_nul(multidict):
    return _holds_nul(text for item in multidict.items(multi=True) for text in item)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # EXTENDS base
    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), int=DatabaseIntConverter)

    # EXTENDS base
    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        cls._refuse_nul_bytes(args)
        return result

    @classmethod
    def _refuse_nul_bytes(cls, args):
        """400 for a NUL byte in the path, the query, the form or a JSON body.

        No text a user types holds one, and PostgreSQL refuses any string that
        does ("A string literal cannot contain NUL"), so wherever such a value
        reached a query the answer was a 500. Refused here once, for every route.
        """
        httprequest = request.httprequest
        if (
            _holds_nul(args.values())
            or _multidict_holds_nul(httprequest.args)
            or _multidict_holds_nul(httprequest.form)
            or (
                httprequest.mimetype == "application/json"
                and "\\u0000" in httprequest.get_data(as_text=True)
            )
        ):
            raise BadRequest("NUL bytes are not accepted.")

    # EXTENDS base
    @classmethod
    def _serve_fallback(cls):
        # A path that matches no route is looked up as an attachment URL; with a
        # NUL byte (/my/files/%00) PostgreSQL refuses the query, a 500. No
        # attachment URL holds one: it is simply not found.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
