"""A hash chain per company, shared by the delivery receipts and the read stamps.

Canonical serialisation of a link (readme/DESCRIPTION.md repeats it for auditors):
the link's `_chain_fields`, plus `previous_hash`, as one JSON object with sorted
keys, no spaces (separators "," and ":"), UTF-8 (ensure_ascii off). Many2one values
are the record id (0 when empty), datetimes "YYYY-MM-DD HH:MM:SS" in UTC, empty
text "". The link's hash is the hex SHA-256 of those bytes; the first link's
previous_hash is 64 zeros.
"""

import hashlib
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .accounting_share_receipt_head import GENESIS_HASH

VERIFY_BATCH_SIZE = 5000


class AccountingShareReceiptChain(models.AbstractModel):
    _name = "accounting.share.receipt.chain"
    _description = "Accounting Share Hash Chain"

    # Set by each chained model: which head it extends, which field holds the
    # hash, and the fields the hash covers (besides previous_hash).
    _chain_kind = None
    _chain_hash_field = None
    _chain_fields = ()

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    sequence = fields.Integer(required=True, readonly=True)
    previous_hash = fields.Char(required=True, readonly=True)

    # ------------------------------------------------------------------
    # CRUD: append only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("accounting_share_chain_append"):
            raise UserError(_("Receipts are only made by sending a document."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("A receipt cannot be changed, not even by an administrator."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A receipt cannot be deleted, not even by an administrator."))

    # ------------------------------------------------------------------
    # Hashing
    # ------------------------------------------------------------------

    @api.model
    def _chain_normalise(self, name, value):
        field = self._fields[name]
        if field.type == "many2one":
            return value.id if isinstance(value, models.BaseModel) else (value or 0)
        if field.type == "datetime":
            return fields.Datetime.to_string(value) if value else ""
        if field.type == "integer":
            return int(value or 0)
        return value or ""

    @api.model
    def _chain_serialise(self, values):
        """The canonical bytes of a link, from its values (record or dict)."""
        payload = {
            name: self._chain_normalise(name, values[name])
            for name in (*self._chain_fields, "previous_hash")
        }
        return json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    @api.model
    def _chain_hash(self, values):
        return hashlib.sha256(self._chain_serialise(values)).hexdigest()

    # ------------------------------------------------------------------
    # Appending
    # ------------------------------------------------------------------

    @api.model
    def _chain_append(self, company, vals_list):
        """Create the links in order, under the company chain's lock.

        sudo: nobody creates links by hand (no access right grants it); this is
        the one path that does, for the dispatches the caller already checked.
        """
        head_model = self.env["accounting.share.receipt.head"].sudo()
        sequence, previous_hash = head_model._lock(company, self._chain_kind)
        complete = []
        for vals in vals_list:
            sequence += 1
            link = {
                **vals,
                "company_id": company.id,
                "sequence": sequence,
                "previous_hash": previous_hash,
            }
            previous_hash = link[self._chain_hash_field] = self._chain_hash(link)
            complete.append(link)
        links = (
            self.sudo()
            .with_context(accounting_share_chain_append=True)
            .create(complete)
        )
        head_model._move(company, self._chain_kind, sequence, previous_hash)
        return links.sudo(False).with_context(accounting_share_chain_append=False)

    # ------------------------------------------------------------------
    # Verifying
    # ------------------------------------------------------------------

    @api.model
    def _chain_first_broken(self, company):
        """(first broken link or empty recordset, reason) of the company's chain.

        Every hash is recomputed from the stored columns, in sequence order, in
        batches read straight from the table: what the ORM caches cannot hide a
        change made in SQL.
        """
        columns = ("id", "sequence", "previous_hash", self._chain_hash_field)
        columns += tuple(name for name in self._chain_fields if name not in columns)
        expected_sequence, expected_previous = 1, GENESIS_HASH
        last_id = None
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM %s WHERE company_id = %s AND sequence >= %s"
                    " ORDER BY sequence LIMIT %s",
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL.identifier(self._table),
                    company.id,
                    expected_sequence,
                    VERIFY_BATCH_SIZE,
                )
            )
            rows = self.env.cr.dictfetchall()
            for row in rows:
                link = self.browse(row["id"])
                if row["sequence"] != expected_sequence:
                    return link, _(
                        "Receipt %(sequence)s follows receipt %(previous)s: the "
                        "receipts in between were deleted.",
                        sequence=row["sequence"],
                        previous=expected_sequence - 1,
                    )
                if row["previous_hash"] != expected_previous:
                    return link, _(
                        "Receipt %(sequence)s does not point to the receipt before it.",
                        sequence=row["sequence"],
                    )
                if self._chain_hash(row) != row[self._chain_hash_field]:
                    return link, _(
                        "Receipt %(sequence)s was changed after it was issued.",
                        sequence=row["sequence"],
                    )
                expected_sequence += 1
                expected_previous = row[self._chain_hash_field]
                last_id = row["id"]
            if len(rows) < VERIFY_BATCH_SIZE:
                break
        head_sequence, head_hash = self.env["accounting.share.receipt.head"]._get(
            company, self._chain_kind
        )
        if (head_sequence, head_hash) != (expected_sequence - 1, expected_previous):
            return self.browse(last_id), _(
                "The chain should end at receipt %(head)s: the newest receipts were "
                "deleted.",
                head=head_sequence,
            )
        return self.browse(), ""
