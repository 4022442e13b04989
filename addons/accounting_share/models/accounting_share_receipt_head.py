from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

GENESIS_HASH = "0" * 64


class AccountingShareReceiptHead(models.Model):
    """The last link of each company's chain, and the lock taken to extend it.

    Two senders extending the same chain each lock this row (SELECT ... FOR
    UPDATE): the second waits for the first to commit, then fails with a
    serialisation error that Odoo retries, so no two receipts ever share a
    sequence. The head also names the last link, so that deleting the newest
    receipts is caught as well as deleting one in the middle.
    """

    _name = "accounting.share.receipt.head"
    _description = "Accounting Share Receipt Chain Head"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    kind = fields.Selection(
        [("receipt", "Delivery Receipts"), ("read", "Read Stamps")],
        required=True,
        readonly=True,
    )
    last_sequence = fields.Integer(readonly=True)
    last_hash = fields.Char(readonly=True, default=GENESIS_HASH)

    _sql_constraints = (
        (
            "company_kind_unique",
            "UNIQUE(company_id, kind)",
            "One chain of each kind per company.",
        ),
    )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("The chain's head is moved by the chain only."))

    def _lock(self, company, kind):
        """(last sequence, last hash) of the chain, locked until commit."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO accounting_share_receipt_head"
                " (company_id, kind, last_sequence, last_hash, create_date, write_date)"
                " VALUES (%s, %s, 0, %s, now() at time zone 'UTC',"
                " now() at time zone 'UTC')"
                " ON CONFLICT (company_id, kind) DO NOTHING",
                company.id,
                kind,
                GENESIS_HASH,
            )
        )
        self.env.cr.execute(
            SQL(
                "SELECT last_sequence, last_hash FROM accounting_share_receipt_head"
                " WHERE company_id = %s AND kind = %s FOR UPDATE",
                company.id,
                kind,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            # Another transaction created this chain's head after ours began.
            raise UserError(
                _("Another send is starting the office's receipts: try again.")
            )
        return row

    def _move(self, company, kind, last_sequence, last_hash):
        self.env.cr.execute(
            SQL(
                "UPDATE accounting_share_receipt_head SET last_sequence = %s,"
                " last_hash = %s, write_date = now() at time zone 'UTC'"
                " WHERE company_id = %s AND kind = %s",
                last_sequence,
                last_hash,
                company.id,
                kind,
            )
        )
        self.invalidate_model(["last_sequence", "last_hash"])

    def _get(self, company, kind):
        """(last sequence, last hash) as recorded, without locking."""
        self.env.cr.execute(
            SQL(
                "SELECT last_sequence, last_hash FROM accounting_share_receipt_head"
                " WHERE company_id = %s AND kind = %s",
                company.id,
                kind,
            )
        )
        return self.env.cr.fetchone() or (0, GENESIS_HASH)
