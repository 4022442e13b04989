from odoo import api, fields, models


class AccountingShareReceiptRead(models.Model):
    """The first read of a delivered document, chained like the receipts.

    A receipt is fixed at send, and a chain cannot take a later change: the first
    read is therefore its own link, in a second chain of the office, that names
    the receipt and repeats its hash. Changing the read date breaks this chain;
    changing the receipt breaks the receipts' chain.
    """

    _name = "accounting.share.receipt.read"
    _description = "Accounting Share Read Stamp"
    _inherit = ("accounting.share.receipt.chain",)
    _order = "company_id, sequence desc"

    _chain_kind = "read"
    _chain_hash_field = "read_hash"
    _chain_fields = (
        "company_id",
        "sequence",
        "receipt_id",
        "receipt_hash",
        "read_date",
        "user_id",
        "ip",
    )

    receipt_id = fields.Many2one(
        "accounting.share.receipt", required=True, readonly=True, ondelete="restrict"
    )
    receipt_hash = fields.Char(required=True, readonly=True)
    read_date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Read By", readonly=True)
    ip = fields.Char(string="IP Address", readonly=True)
    read_hash = fields.Char(required=True, readonly=True)

    _sql_constraints = (
        (
            "company_sequence_unique",
            "UNIQUE(company_id, sequence)",
            "Two read stamps of an office cannot share a number.",
        ),
        ("receipt_unique", "UNIQUE(receipt_id)", "One first read per receipt."),
    )

    @api.model
    def _stamp_first_reads(self, dispatches, read_date, user, ip):
        """Chain the first read of each dispatch that has a receipt."""
        stamps = self.browse()
        # .receipt_id of a recordset is already without repetition
        receipts_sudo = dispatches.sudo().receipt_id
        for company, company_receipts in receipts_sudo.grouped("company_id").items():
            stamps |= self._chain_append(
                company,
                [
                    {
                        "receipt_id": receipt.id,
                        "receipt_hash": receipt.receipt_hash,
                        "read_date": read_date,
                        "user_id": user.id,
                        "ip": ip or "",
                    }
                    for receipt in company_receipts.sorted("id")
                ],
            )
        return stamps
