import hashlib
import json

import psycopg2.errors

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .receipt_common import ReceiptCommon


@tagged("post_install", "-at_install")
class TestReceiptChain(ReceiptCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt_model = cls.env["accounting.share.receipt"]
        cls.guias = cls.env["accounting.share.dispatch"]
        for index in range(4):
            cls.guias |= cls._guia(cls.client_a, f"DAS {index}")
        cls.receipts = cls.guias.receipt_id.sorted("sequence")

    def _sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(SQL(query, *args))
        self.env.invalidate_all()

    def test_one_chained_receipt_per_sent_dispatch(self):
        self.assertEqual(len(self.receipts), 4)
        sequences = self.receipts.mapped("sequence")
        self.assertEqual(sequences, list(range(sequences[0], sequences[0] + 4)))
        for previous, receipt in zip(self.receipts, self.receipts[1:], strict=False):
            self.assertEqual(receipt.previous_hash, previous.receipt_hash)
        receipt = self.guias[0].receipt_id
        self.assertEqual(receipt.dispatch_id, self.guias[0])
        self.assertEqual(receipt.partner_id, self.client_a)
        self.assertEqual(
            receipt.file_sha256, hashlib.sha256(b"%PDF-1.4 DAS 0").hexdigest()
        )
        self.assertEqual(receipt.sent_date, self.guias[0].sent_date)
        self.assertFalse(self.receipt_model._verify_chain(self.company))

    def test_hash_follows_the_documented_serialisation(self):
        receipt = self.receipts[1]
        payload = {
            "company_id": receipt.company_id.id,
            "sequence": receipt.sequence,
            "dispatch_id": receipt.dispatch_id.id,
            "partner_id": receipt.partner_id.id,
            "document_name": receipt.document_name,
            "file_name": receipt.file_name,
            "file_sha256": receipt.file_sha256,
            "sent_date": receipt.sent_date.strftime("%Y-%m-%d %H:%M:%S"),
            "sent_by_id": receipt.sent_by_id.id,
            "previous_hash": receipt.previous_hash,
        }
        serialised = json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
        self.assertEqual(receipt.receipt_hash, hashlib.sha256(serialised).hexdigest())

    def test_a_retry_or_a_second_send_makes_no_second_receipt(self):
        count = self.receipt_model.search_count([])
        self.guias._send()
        self.assertEqual(self.receipt_model.search_count([]), count)

    def test_nobody_writes_or_deletes_a_receipt_through_the_orm(self):
        receipt = self.receipts[0]
        for env_receipt in (receipt.sudo(), receipt.with_user(self.staff)):
            with self.assertRaises(UserError):
                env_receipt.write({"file_sha256": "0" * 64})
        with self.assertRaises(UserError):
            receipt.sudo().unlink()
        with self.assertRaises(AccessError):
            receipt.with_user(self.staff).unlink()
        with self.assertRaises(UserError):
            self.receipt_model.sudo().create(
                {
                    "dispatch_id": self.guias[0].id,
                    "partner_id": self.client_a.id,
                    "document_name": "Forged",
                    "file_sha256": "0" * 64,
                    "sent_date": "2026-01-01 00:00:00",
                    "sequence": 999,
                    "previous_hash": "0" * 64,
                    "receipt_hash": "0" * 64,
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(UserError):
            self.receipt_model.with_user(self.staff).create(
                {"dispatch_id": self.guias[0].id}
            )
        # the context key of the sending code, passed over RPC, opens nothing
        with self.assertRaises(AccessError):
            self.receipt_model.with_user(self.staff).with_context(
                accounting_share_chain_append=True
            ).create({"dispatch_id": self.guias[0].id})
        self.assertEqual(receipt.file_sha256, self.receipts[0].file_sha256)

    def test_editing_a_past_receipt_in_sql_is_caught(self):
        tampered = self.receipts[1]
        self._sql(
            "UPDATE accounting_share_receipt SET file_sha256 = %s WHERE id = %s",
            "f" * 64,
            tampered.id,
        )
        self.assertEqual(self.receipt_model._verify_chain(self.company), tampered)
        action = self.receipts.with_user(self.staff).action_verify_chain()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(str(tampered.sequence), action["params"]["message"])

    def test_rehashing_a_past_receipt_in_sql_breaks_the_next_link(self):
        tampered, following = self.receipts[1], self.receipts[2]
        forged = {name: tampered[name] for name in self.receipt_model._chain_fields} | {
            "previous_hash": tampered.previous_hash,
            "document_name": "Forged",
        }
        self._sql(
            "UPDATE accounting_share_receipt SET document_name = %s, receipt_hash = %s"
            " WHERE id = %s",
            "Forged",
            self.receipt_model._chain_hash(forged),
            tampered.id,
        )
        self.assertEqual(self.receipt_model._verify_chain(self.company), following)

    def test_deleting_a_receipt_in_sql_is_caught(self):
        deleted, following = self.receipts[1], self.receipts[2]
        self._sql("DELETE FROM accounting_share_receipt WHERE id = %s", deleted.id)
        self.assertEqual(self.receipt_model._verify_chain(self.company), following)

    def test_deleting_the_newest_receipt_in_sql_is_caught(self):
        self._sql(
            "DELETE FROM accounting_share_receipt WHERE id = %s", self.receipts[-1].id
        )
        self.assertEqual(
            self.receipt_model._verify_chain(self.company), self.receipts[-2]
        )

    def test_first_read_is_chained_and_its_change_caught(self):
        guia = self.guias[0]
        reads = (
            self.env["accounting.share.dispatch"]
            .with_user(self.portal_a)
            ._accounting_share_record_reads(guia.file_id, ip="10.0.0.7")
        )
        self.assertEqual(reads, guia)
        receipt = guia.receipt_id
        self.assertEqual(receipt.first_read_date, guia.first_read_date)
        self.assertEqual(receipt.first_read_user_id, self.portal_a)
        stamp = receipt.read_stamp_ids
        self.assertEqual(stamp.receipt_hash, receipt.receipt_hash)
        self.assertEqual(stamp.ip, "10.0.0.7")
        self.assertFalse(self.receipt_model._verify_chain(self.company))
        self._sql(
            "UPDATE accounting_share_receipt_read SET read_date = read_date"
            " - interval '3 days' WHERE id = %s",
            stamp.id,
        )
        self.assertEqual(self.receipt_model._verify_chain(self.company), receipt)

    @mute_logger("odoo.sql_db")
    def test_a_second_sender_waits_for_the_chain_lock(self):
        """Two transactions extending one chain: the second waits for the first.

        The read stamps' chain: this test's own transaction holds the receipts'.
        """
        company_id = self.company.id
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            first_cr.execute("SET LOCAL lock_timeout = '5s'")
            first_env = self.env(cr=first_cr)
            second_env = self.env(cr=second_cr)
            first_env["accounting.share.receipt.head"]._lock(
                first_env["res.company"].browse(company_id), "read"
            )
            second_cr.execute("SET LOCAL lock_timeout = '300ms'")
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                second_env["accounting.share.receipt.head"]._lock(
                    second_env["res.company"].browse(company_id), "read"
                )
            first_cr.rollback()
            second_cr.rollback()
