"""The parameters of a portal list, cleaned before they reach Odoo's list code.

Odoo's portal lists (`/my/quotes`, `/my/orders`, `/my/invoices`, ...) index their
sortings and filters with the raw `sortby` and `filterby`, and pass `date_begin`,
`date_end` and `search` to the database: an unknown key, a date that is not a
date or a NUL byte is a 500. Every override of such a list in the suite passes
its parameters through `clean_list_params`: what is unknown or malformed falls
back to the list's default, as if it had not been given.
"""

from odoo import fields

MAX_SEARCH_LENGTH = 200
MAX_PAGE = 100_000
DATE_PARAMS = ("date_begin", "date_end")


def _clean_date(value):
    if not isinstance(value, str) or "\x00" in value:
        return None
    try:
        # Odoo's lists compare these with datetimes: a date or a datetime is valid.
        parsed = fields.Datetime.to_datetime(value.strip())
    except ValueError:
        return None
    return fields.Datetime.to_string(parsed) if parsed else None


def _clean_search(value):
    if not isinstance(value, str):
        return None
    cleaned = "".join(c for c in value if c.isprintable())
    return cleaned[:MAX_SEARCH_LENGTH]


def _clean_page(value):
    try:
        page = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def clean_list_params(params, sortings=(), filters=(), search_inputs=()):
    """A copy of `params` where each known list parameter is valid or absent.

    `sortings`, `filters` and `search_inputs` are the keys the list accepts for
    `sortby`, `filterby` and `search_in` (the list's own dictionaries will do).
    Other parameters pass through unchanged.
    """
    cleaned = dict(params)
    for key, allowed in (
        ("sortby", sortings),
        ("filterby", filters),
        ("search_in", search_inputs),
    ):
        if key in cleaned and cleaned[key] not in allowed:
            del cleaned[key]
    for key in DATE_PARAMS:
        if key in cleaned:
            date = _clean_date(cleaned[key])
            if date:
                cleaned[key] = date
            else:
                del cleaned[key]
    if "search" in cleaned:
        cleaned["search"] = _clean_search(cleaned["search"]) or ""
    if "page" in cleaned:
        cleaned["page"] = _clean_page(cleaned["page"])
    return cleaned
