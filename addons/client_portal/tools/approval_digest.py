"""The digest of what a client approved, as pure functions.

The order model says what the client approves (models/sale_order_approval.py,
`_get_approval_content`); these functions make it reproducible, so that the
same content gives the same digest on every machine and in every release.
"""

import hashlib
import json

from odoo.tools import float_repr

# Stored numbers are already rounded to their precision: six decimals print every
# one of them the same way on every machine, so the digest is reproducible.
DIGEST_DECIMALS = 6


def fixed_point(value):
    """A number as the fixed-point string the digest uses."""
    return float_repr(value or 0.0, DIGEST_DECIMALS)


def approval_line_content(line):
    """What the client approves of one order line."""
    return {
        "display_type": line.display_type or "",
        "product": line.product_id.id or False,
        "description": line.name or "",
        "quantity": fixed_point(line.product_uom_qty),
        "uom": line.product_uom.id or False,
        "price_unit": fixed_point(line.price_unit),
        "discount": fixed_point(line.discount),
        "taxes": sorted(line.tax_id.ids),
        "subtotal": fixed_point(line.price_subtotal),
    }


def approval_digest(content):
    """SHA-256 of a canonical serialisation of `content`: sorted keys, no
    whitespace, text as UTF-8 (numbers given as `fixed_point` strings)."""
    payload = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()
