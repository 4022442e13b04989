"""Concurrency proofs with real, separately committed database cursors.

TransactionCase runs a test inside one uncommitted transaction, which no other
cursor can see. These tests therefore commit their own small fixture through a
separate cursor, exercise two more cursors against it, and delete it afterwards.
"""

import json
import random
import threading
import time
import uuid
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.reseller_billing.models.reseller_contract import ResellerContract

# Deliveries retried after a 409 or a serialization failure, as gateways and
# Odoo's HTTP layer do: enough for the other delivery to finish on a busy machine.
ATTEMPTS = 40


class SimulatedCrash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            journal = env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
            )
            gateway = env["reseller.billing.gateway"].create(
                {
                    "name": "Concurrency sandbox",
                    "code": f"conc_{self.tag}",
                    "provider": "sandbox",
                    "journal_id": journal.id,
                    "company_id": company.id,
                }
            )
            product = env["product.product"].create(
                {"name": f"Service {self.tag}", "type": "service", "taxes_id": False}
            )
            partners = env["res.partner"].create(
                [{"name": f"Conc {self.tag} {i}", "is_company": True} for i in range(4)]
            )
            contracts = self._create_active_contracts(env, partners, product, gateway)
            self.gateway_id = gateway.id
            self.product_id = product.id
            self.partner_ids = partners.ids
            self.contract_ids = contracts.ids
        self.addCleanup(self._delete_fixture)

    @staticmethod
    def _create_active_contracts(env, partners, product, gateway):
        contracts = env["reseller.contract"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": product.id,
                    "amount": 50.0,
                    "date_start": "2026-01-01",
                    "gateway_id": gateway.id,
                    "company_id": gateway.company_id.id,
                }
                for partner in partners
            ]
        )
        contracts.action_activate()
        return contracts

    def _delete_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            payments = env["account.payment"].search(
                [("partner_id", "in", self.partner_ids)]
            )
            payments.action_draft()
            payments.unlink()
            env["account.payment.register"].search(
                [("partner_id", "in", self.partner_ids)]
            ).unlink()
            moves = env["account.move"].search(
                [("reseller_contract_id", "in", self.contract_ids)]
            )
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            env["reseller.webhook.event"].search(
                [("gateway_id", "=", self.gateway_id)]
            ).unlink()
            env["reseller.contract"].browse(self.contract_ids).unlink()
            env["reseller.billing.gateway"].browse(self.gateway_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _count_invoices(self, month, year):
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT reseller_contract_id, COUNT(*)
                  FROM account_move
                 WHERE reseller_contract_id IN %s
                   AND reference_month = %s AND reference_year = %s
                   AND state != 'cancel'
              GROUP BY reseller_contract_id
                """,
                [tuple(self.contract_ids), f"{month:02d}", str(year)],
            )
            return dict(cr.fetchall())

    def test_two_runs_at_once_invoice_each_contract_once(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            # Run A holds its contracts (not yet committed) while run B starts.
            created_a = env_a["reseller.contract"]._run_recurring_invoicing(8, 2026)
            created_b = env_b["reseller.contract"]._run_recurring_invoicing(8, 2026)
            self.assertLessEqual(
                set(self.contract_ids), set(created_a.reseller_contract_id.ids)
            )
            self.assertFalse(created_b, "run B skips the contracts run A holds")
            cr_a.commit()
            cr_b.commit()
        self.assertEqual(
            self._count_invoices(8, 2026), dict.fromkeys(self.contract_ids, 1)
        )

    @mute_logger("odoo.sql_db")
    def test_run_on_a_stale_snapshot_is_stopped_by_the_unique_index(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            # B's snapshot is taken now, before A commits its invoices.
            cr_b.execute("SELECT 1")
            env_a["reseller.contract"]._run_recurring_invoicing(9, 2026)
            cr_a.commit()
            created_b = env_b["reseller.contract"]._run_recurring_invoicing(9, 2026)
            self.assertFalse(created_b)
            cr_b.commit()
        self.assertEqual(
            self._count_invoices(9, 2026), dict.fromkeys(self.contract_ids, 1)
        )
        # A later run, on a fresh snapshot, has nothing left to do.
        self.assertFalse(self._run_like_the_scheduler(9, 2026))

    def _run_like_the_scheduler(self, month, year, batch_size=200):
        """Call the cron's batch as ir.cron does: each call in its own committed
        transaction, again while the previous one invoiced something.

        Returns the ids of the contracts invoiced; an exception in a batch rolls
        that batch back and propagates, as a crash would.
        """
        invoiced_ids = []
        while True:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                _contracts, moves = env[
                    "reseller.contract"
                ]._invoice_due_contracts_batch(month, year, batch_size=batch_size)
                invoiced_ids += moves.reseller_contract_id.ids
            if not moves:
                return invoiced_ids

    def test_batch_run_locked_out_by_a_concurrent_run_invoices_nothing(self):
        """The cron's batch, while another run holds the contracts, reports no
        progress (so the scheduler stops) and creates nothing."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            _contracts_a, moves_a = env_a[
                "reseller.contract"
            ]._invoice_due_contracts_batch(11, 2026)
            contracts_b, moves_b = env_b[
                "reseller.contract"
            ]._invoice_due_contracts_batch(11, 2026)
            self.assertLessEqual(
                set(self.contract_ids), set(moves_a.reseller_contract_id.ids)
            )
            self.assertLessEqual(set(self.contract_ids), set(contracts_b.ids))
            self.assertFalse(moves_b)
            cr_a.commit()
            cr_b.commit()
        self.assertEqual(
            self._count_invoices(11, 2026), dict.fromkeys(self.contract_ids, 1)
        )

    def test_committed_run_crashing_mid_way_resumes(self):
        """With real commits: batch 1 stays committed, the rerun does the rest."""
        original = ResellerContract._prepare_invoice_values
        failing_id = self.contract_ids[2]

        def prepare_or_crash(contract, month, year):
            if contract.id == failing_id:
                raise SimulatedCrash("power cut")
            return original(contract, month, year)

        with (
            patch.object(ResellerContract, "_prepare_invoice_values", prepare_or_crash),
            self.assertRaises(SimulatedCrash),
        ):
            self._run_like_the_scheduler(12, 2026, batch_size=2)
        committed = self._count_invoices(12, 2026)
        self.assertEqual(committed, dict.fromkeys(self.contract_ids[:2], 1))
        resumed_ids = self._run_like_the_scheduler(12, 2026, batch_size=2)
        self.assertEqual(set(resumed_ids), set(self.contract_ids[2:]))
        self.assertEqual(
            self._count_invoices(12, 2026), dict.fromkeys(self.contract_ids, 1)
        )

    def _deliver_concurrently(self, bodies):
        """Deliver each body from its own thread and cursor, all at once.

        Like Odoo's HTTP layer, a delivery that meets a serialization failure is
        retried on a new transaction. (odoo.service.model.retrying cannot be used
        in a thread here: it looks the registry up under a lock the test runner
        holds.)
        """
        code, timestamp, signatures = self._sign_bodies(bodies)
        barrier = threading.Barrier(len(bodies))
        results = [None] * len(bodies)
        errors = []

        def deliver(index):
            barrier.wait(timeout=10)
            for _attempt in range(ATTEMPTS):
                try:
                    with self.registry.cursor() as cr:
                        cr.transaction = api.Transaction(self.registry)
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        result = env["reseller.billing.gateway"]._handle_webhook(
                            code,
                            bodies[index],
                            signatures[index],
                            timestamp,
                        )
                    if result.status == 409:
                        # Another delivery holds the slip: the gateway retries.
                        time.sleep(random.uniform(0.05, 0.3))
                        continue
                    results[index] = result.status
                    return
                except SerializationFailure:
                    time.sleep(random.uniform(0.05, 0.3))
                except Exception as error:  # noqa: BLE001 - reported by the test
                    errors.append(error)
                    return

        self._run_in_threads(deliver, len(bodies))
        self.assertFalse(errors)
        return results

    def _sign_bodies(self, bodies):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gateway = env["reseller.billing.gateway"].browse(self.gateway_id)
            timestamp = str(int(time.time()))
            signatures = [gateway._sign(body, timestamp) for body in bodies]
            return gateway.code, timestamp, signatures

    @staticmethod
    def _run_in_threads(target, count):
        threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    def _posted_slip(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contract = env["reseller.contract"].browse(self.contract_ids[0])
            move = contract._create_invoices(10, 2026)
            return move.id, move.reseller_slip_id.external_id, move.amount_total

    def _posted_slips(self, count):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contracts = env["reseller.contract"].browse(self.contract_ids[:count])
            moves = contracts._create_invoices(10, 2026)
            return [(m.reseller_slip_id.external_id, m.amount_total) for m in moves]

    def _settle_like_the_scheduler(self, batch_size=100):
        """The settlement cron's batches, each in its own committed transaction."""
        settled = []
        while True:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                events = env["reseller.webhook.event"]._cron_settle_events(
                    batch_size=batch_size
                )
                if not events:
                    return settled
                settled += events.ids

    def _queued_events(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM reseller_webhook_event"
                " WHERE gateway_id = %s AND state = 'queued'",
                [self.gateway_id],
            )
            return cr.fetchone()[0]

    def _payment_count(self, move_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            move = env["account.move"].browse(move_id)
            payments = env["account.payment"].search(
                [("partner_id", "=", move.partner_id.id)]
            )
            return len(payments), move.reseller_billing_state

    def _body(self, reference, amount, event_id):
        return json.dumps(
            {
                "event_id": event_id,
                "type": "payment.confirmed",
                "slip_reference": reference,
                "amount": amount,
            }
        ).encode()

    @mute_logger("odoo.sql_db")
    def test_concurrent_duplicate_deliveries_pay_once(self):
        move_id, reference, amount = self._posted_slip()
        body = self._body(reference, amount, f"evt-{self.tag}")
        statuses = self._deliver_concurrently([body, body])
        self.assertEqual(statuses, [200, 200])
        # Both acknowledged, queued once, nothing booked yet.
        self.assertEqual(self._queued_events(), 1)
        self.assertEqual(self._payment_count(move_id), (0, "payment_received"))
        self.assertEqual(len(self._settle_like_the_scheduler()), 1)
        self.assertEqual(self._payment_count(move_id), (1, "paid"))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM reseller_webhook_event WHERE gateway_id = %s",
                [self.gateway_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_delivery_for_a_slip_in_flight_is_answered_409_then_retried(self):
        move_id, reference, amount = self._posted_slip()
        body = self._body(reference, amount, f"evt-{self.tag}-busy")
        code, timestamp, [signature] = self._sign_bodies([body])

        def deliver():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                return env["reseller.billing.gateway"]._handle_webhook(
                    code, body, signature, timestamp
                )

        with self.registry.cursor() as holder:
            # Another delivery (or the reconciliation) settling the slip.
            holder.execute(
                "SELECT id FROM reseller_payment_slip WHERE external_id = %s "
                "FOR UPDATE",
                [reference],
            )
            busy = deliver()
            holder.rollback()
        self.assertEqual((busy.status, busy.message), (409, "slip busy, retry later"))
        self.assertEqual(self._payment_count(move_id), (0, "awaiting_payment"))
        retried = deliver()
        self.assertEqual((retried.status, retried.message), (200, "queued"))
        self._settle_like_the_scheduler()
        self.assertEqual(self._payment_count(move_id), (1, "paid"))

    @mute_logger("odoo.sql_db")
    def test_concurrent_distinct_events_for_one_slip_pay_once(self):
        move_id, reference, amount = self._posted_slip()
        bodies = [
            self._body(reference, amount, f"evt-{self.tag}-{i}") for i in range(2)
        ]
        statuses = self._deliver_concurrently(bodies)
        self.assertEqual(statuses, [200, 200])
        self.assertEqual(self._queued_events(), 1)
        self._settle_like_the_scheduler()
        self.assertEqual(self._payment_count(move_id), (1, "paid"))

    def _bank_takes_payment_webhook_lost(self, reference):
        """The sandbox bank is paid (committed), its webhook not yet delivered."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            slip = env["reseller.payment.slip"].search(
                [("external_id", "=", reference)]
            )
            env["reseller.billing.gateway"].browse(self.gateway_id)._sandbox_pay(
                slip, deliver=False
            )
            return slip.id

    def _reconcile_or_deliver(self, index, slip_id, body, code, timestamp, signature):
        """Thread 0 runs the reconciliation, thread 1 delivers the late webhook."""
        with self.registry.cursor() as cr:
            cr.transaction = api.Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {})
            if index == 0:
                slips = env["reseller.payment.slip"].browse(slip_id)
                return slips._reconcile_with_gateway() and "paid"
            result = env["reseller.billing.gateway"]._handle_webhook(
                code, body, signature, timestamp
            )
            return result.message

    @mute_logger("odoo.sql_db")
    def test_webhook_and_reconciliation_race_pay_once(self):
        move_id, reference, amount = self._posted_slip()
        slip_id = self._bank_takes_payment_webhook_lost(reference)
        body = self._body(reference, amount, f"evt-{self.tag}-late")
        code, timestamp, [signature] = self._sign_bodies([body])
        barrier = threading.Barrier(2)
        results, errors = [None, None], []

        def run(index):
            barrier.wait(timeout=10)
            for _attempt in range(ATTEMPTS):
                try:
                    result = self._reconcile_or_deliver(
                        index, slip_id, body, code, timestamp, signature
                    )
                    if result == "slip busy, retry later":
                        # The reconciliation holds the slip: the gateway retries.
                        time.sleep(random.uniform(0.05, 0.3))
                        continue
                    results[index] = result
                    return
                except SerializationFailure:
                    time.sleep(random.uniform(0.05, 0.3))
                except Exception as error:  # noqa: BLE001 - reported by the test
                    errors.append(error)
                    return

        self._run_in_threads(run, 2)
        self.assertFalse(errors)
        self._settle_like_the_scheduler()
        self.assertEqual(self._payment_count(move_id), (1, "paid"))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT source, result FROM reseller_webhook_event WHERE slip_id = %s",
                [slip_id],
            )
            outcomes = dict(cr.fetchall())
        self.assertEqual(set(outcomes), {"webhook", "reconciliation"})
        # The reconciliation first: it settles at once, the webhook finds the
        # slip paid. The webhook first: it queues, the reconciliation finds the
        # payment received, and the cron books the webhook's.
        self.assertIn(
            sorted(outcomes.values()),
            (["paid", "slip already paid"], ["paid", "payment already received"]),
            outcomes,
        )

    @mute_logger("odoo.addons.reseller_billing.models.reseller_webhook_event")
    def test_settlement_crashing_mid_way_resumes_and_books_once(self):
        """With real commits: batch 1 stays booked, the crashed batch 2 is redone."""
        slips = self._posted_slips(3)
        bodies = [
            self._body(reference, amount, f"evt-{self.tag}-{i}")
            for i, (reference, amount) in enumerate(slips)
        ]
        self.assertEqual(self._deliver_concurrently(bodies), [200] * 3)
        self.assertEqual(self._queued_events(), 3)
        slip_class = type(self.env["reseller.payment.slip"])
        original = slip_class._record_payment
        calls = []

        def record_or_crash(slip, *args, **kwargs):
            calls.append(slip.id)
            if len(calls) == 3:
                # Batch 1 (two slips) is committed; batch 2 booked its payment.
                raise SimulatedCrash("power cut")
            return original(slip, *args, **kwargs)

        with (
            patch.object(slip_class, "_record_payment", record_or_crash),
            self.assertRaises(SimulatedCrash),
        ):
            self._settle_like_the_scheduler(batch_size=2)
        self.assertEqual(self._queued_events(), 1)
        self.assertEqual(len(self._settle_like_the_scheduler(batch_size=2)), 1)
        self.assertEqual(self._queued_events(), 0)
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT COUNT(*), COUNT(DISTINCT s.payment_id), COUNT(p.id)
                  FROM reseller_payment_slip s
             LEFT JOIN account_payment p ON p.partner_id = (
                           SELECT partner_id FROM account_move WHERE id = s.move_id)
                 WHERE s.gateway_id = %s AND s.state = 'paid'
                """,
                [self.gateway_id],
            )
            self.assertEqual(cr.fetchone(), (3, 3, 3))
