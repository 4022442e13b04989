"""Benchmark: reconciliation over N slips awaiting payment, P paid at the gateway.

    python3 benchmarks/reseller_billing_reconcile.py <odoo.conf> <database> [N] [P]

P, the slips paid at the gateway, defaults to N/10: each costs a real payment,
twice (floor and ours), which on a busy machine bounds the run; a smaller P keeps
N's unpaid side (the part that must not cost a query per slip) at full size.

Use a throwaway database with reseller_billing installed (e.g. a copy of the test
database). The script commits P clients with a contract each, invoiced for last
month with their sandbox slips; the other slips awaiting payment are added as extra
registered slips on those invoices (never paid), so that the run sees N in all.
The sandbox bank is told that P slips were paid, with their webhooks lost.

In the same process it measures:
1. the floor: reading the N slips once plus booking the paid ones' payments
   directly with Odoo's payment wizard, all their invoices in one
   ``account.payment.register`` (one payment per invoice), rolled back afterwards;
2. our run: ``_cron_reconcile_slips`` called as the scheduler does, each batch
   committed, until no slip is left to ask about;
3. a second run over the unpaid slips only (asked again), where nothing is paid:
   its query count must not grow with the number of slips.
Prints times, query counts and gateway calls, and one ``emit_row`` per headline
figure.
"""

import datetime
import pathlib
import secrets
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

BATCH = 1000


def measure(env, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def say(text):
    print(text, flush=True)


def invoiced_slips(env, gateway, count):
    """``count`` new clients with a contract, invoiced for last month."""
    tag = f"Reconcile bench {int(time.time())}"
    partners = env["res.partner"].create(
        [{"name": f"{tag} {i:05d}", "is_company": True} for i in range(count)]
    )
    product = env["product.product"].create(
        {"name": tag, "type": "service", "taxes_id": False}
    )
    contracts = env["reseller.contract"].create(
        [
            {
                "partner_id": partner.id,
                "product_id": product.id,
                "amount": 100.0,
                "date_start": "2025-01-01",
                "gateway_id": gateway.id,
            }
            for partner in partners
        ]
    )
    contracts.action_activate()
    last_month = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    moves = contracts._create_invoices(last_month.month, last_month.year)
    return moves.reseller_slip_id.sudo()


def prepare(env, total, paid_count):
    Slip = env["reseller.payment.slip"].sudo()
    gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
    gateway.active = True  # shipped archived
    paid = invoiced_slips(env, gateway, paid_count)
    # Only the benchmark's slips await payment, and none was asked about yet.
    Slip.search([("state", "=", "registered"), ("id", "not in", paid.ids)]).write(
        {"state": "cancelled"}
    )
    paid.write({"status_checked_at": False})
    Slip.create(
        [
            {
                "move_id": paid[i % len(paid)].move_id.id,
                "gateway_id": gateway.id,
                "currency_id": paid[0].currency_id.id,
                "amount": 1.0,
                "date_due": paid[0].date_due,
                "external_id": "SBX" + secrets.token_hex(10).upper(),
                "state": "registered",
            }
            for i in range(total - len(paid))
        ]
    )
    env["reseller.billing.sandbox.charge"].sudo().create(
        [
            {
                "gateway_id": gateway.id,
                "reference": slip.external_id,
                "amount": slip.amount,
                "method": "pix" if slip.id % 2 else "boleto",
                "paid_date": slip.date_due,
                "webhook_delivered": False,
            }
            for slip in paid
        ]
    )
    env.cr.commit()
    env.cr.execute("ANALYZE")
    env.cr.commit()
    return paid


def floor(env, paid_ids):
    Slip = env["reseller.payment.slip"].sudo()
    Slip.search_read([("state", "=", "registered")], ["external_id"])
    slips = Slip.browse(paid_ids)
    values = {"payment_date": slips[0].date_due, "group_payment": False}
    if slips[0].gateway_id.journal_id:
        values["journal_id"] = slips[0].gateway_id.journal_id.id
    wizard = (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=slips.move_id.ids)
        .create(values)
    )
    wizard._create_payments()


def ours(env, calls):
    Slip = env["reseller.payment.slip"].sudo()
    gateway_class = type(env["reseller.billing.gateway"])
    original = gateway_class._fetch_slip_statuses

    def counted(gateway, slips):
        calls.append(len(slips))
        return original(gateway, slips)

    gateway_class._fetch_slip_statuses = counted
    settled = 0
    try:
        while True:
            batch = Slip._cron_reconcile_slips(batch_size=BATCH)
            env.cr.commit()
            settled += len(batch)
            if not calls or not Slip.search_count(
                Slip._get_slips_to_reconcile_domain(), limit=1
            ):
                return settled
    finally:
        gateway_class._fetch_slip_statuses = original


def main():
    conf, dbname = sys.argv[1:3]
    total = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    paid_count = int(sys.argv[4]) if len(sys.argv) > 4 else total // 10
    with odoo_env(conf, dbname) as env:
        start = time.perf_counter()
        paid = prepare(env, total, paid_count)
        say(
            f"prepared {total} slips, {len(paid)} paid: "
            f"{time.perf_counter() - start:.1f} s"
        )
        unpaid = total - len(paid)
        _r, floor_time, floor_queries = measure(env, lambda: floor(env, paid.ids))
        say(f"floor: {floor_time:.2f} s, {floor_queries} queries")
        env.cr.rollback()
        calls = []
        settled, our_time, our_queries = measure(env, lambda: ours(env, calls))
        env.invalidate_all()
        payments = env["account.payment"].search_count(
            [("id", "in", paid.payment_id.ids)]
        )
        print(f"slips awaiting payment: {total}, paid at the gateway: {len(paid)}")
        print(
            f"ours:  {our_time:.2f} s, {our_queries} queries "
            f"({our_time / floor_time:.2f} x floor), settled {settled}"
        )
        print(f"gateway calls: {len(calls)} (batches of up to {BATCH})")
        first_calls = len(calls)
        env["reseller.payment.slip"].sudo().search(
            [("state", "=", "registered")]
        ).write({"status_checked_at": False})
        env.cr.commit()
        calls.clear()
        _s, unpaid_time, unpaid_queries = measure(env, lambda: ours(env, calls))
        print(
            f"second run, {unpaid} unpaid slips, none paid: {unpaid_time:.2f} s, "
            f"{unpaid_queries} queries ({unpaid_queries / unpaid:.3f} per slip), "
            f"{len(calls)} gateway calls"
        )
        batches = -(-total // BATCH)
        emit_row(
            f"reconciliation, {total} slips awaiting payment, {len(paid)} paid",
            "<= 1.5x floor",
            round(our_time, 2),
            round(floor_time, 2),
            met=our_time / floor_time <= 1.5 and settled == len(paid),
            unit="s",
        )
        emit_row(
            f"reconciliation, {total} slips, gateway calls",
            f"one per batch of {BATCH} ({batches})",
            first_calls,
            met=first_calls <= batches,
        )
        emit_row(
            f"reconciliation, {unpaid} unpaid slips, none paid: queries per slip",
            "no query per unpaid slip",
            round(unpaid_queries / unpaid, 4),
            unit="queries/slip",
            met=unpaid_queries < unpaid / 10,
        )
        assert settled == len(paid) and payments == len(paid), (settled, payments)


if __name__ == "__main__":
    main()
