"""Benchmark: webhook throughput, 1,000 deliveries of which 10% are duplicates.

    python3 benchmarks/reseller_billing_webhook.py <odoo.conf> <database> [N]

Run it after benchmarks/reseller_billing_recurring.py on the same throwaway database:
it pays 90% of N registered sandbox slips. Each delivery is handled as the HTTP
controller does (signature, timestamp, event dedup, payment, reconciliation) in its
own committed transaction; the HTTP parsing itself is not included.
"""

import json
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402


def main():
    conf, dbname = sys.argv[1:3]
    deliveries = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    distinct = deliveries * 9 // 10
    with odoo_env(conf, dbname) as env:
        gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
        gateway.active = True  # shipped archived
        slips = env["reseller.payment.slip"].search(
            [("state", "=", "registered"), ("gateway_id", "=", gateway.id)],
            limit=distinct,
            order="id",
        )
        if len(slips) < distinct:
            sys.exit(f"Need {distinct} registered sandbox slips, found {len(slips)}.")
        run_tag = str(int(time.time()))
        bodies = []
        for slip in slips:
            bodies.append(
                json.dumps(
                    {
                        "event_id": f"bench-{run_tag}-{slip.id}",
                        "type": "payment.confirmed",
                        "slip_reference": slip.external_id,
                        "amount": slip.amount,
                    }
                ).encode()
            )
        bodies += random.Random(4).sample(bodies, deliveries - distinct)
        random.Random(7).shuffle(bodies)
        code = gateway.code
        move_ids = slips.move_id.ids
        env.cr.commit()

        Gateway = env["reseller.billing.gateway"]
        statuses = {}
        start = time.perf_counter()
        for body in bodies:
            # Signed when sent, timestamp under the signature, as gateways do.
            timestamp = str(int(time.time()))
            signature = gateway._sign(body, timestamp)
            result = Gateway._handle_webhook(code, body, signature, timestamp)
            env.cr.commit()
            env.invalidate_all()
            statuses[result.message] = statuses.get(result.message, 0) + 1
        elapsed = time.perf_counter() - start
        # The webhook only queues: the settlement cron books, batch by batch.
        settle_start = time.perf_counter()
        while env["reseller.webhook.event"]._cron_settle_events():
            env.cr.commit()
        settle_elapsed = time.perf_counter() - settle_start

        env.cr.execute(
            """
            SELECT COUNT(*) FROM account_payment p
              JOIN reseller_payment_slip s ON s.payment_id = p.id
             WHERE s.move_id IN %s
            """,
            [tuple(move_ids)],
        )
        payments = env.cr.fetchone()[0]
        paid = env["account.move"].search_count(
            [("id", "in", move_ids), ("reseller_billing_state", "=", "paid")]
        )
        print(f"deliveries: {deliveries} ({deliveries - distinct} duplicates)")
        print(f"results: {statuses}")
        print(
            f"time: {elapsed:.2f} s, throughput {deliveries / elapsed:.1f} deliveries/s"
            f" acknowledged; settlement cron {settle_elapsed:.2f} s"
            f" ({distinct / settle_elapsed:.1f} payments/s)"
        )
        print(
            f"payments created: {payments}, invoices paid: {paid} (expected {distinct})"
        )
        emit_row(
            f"webhook in-process, {deliveries:,} deliveries: payments booked",
            "exactly one per distinct event",
            payments,
            distinct,
            met=payments == distinct and paid == distinct,
        )
        assert payments == distinct and paid == distinct


if __name__ == "__main__":
    main()
