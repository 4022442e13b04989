"""Benchmark: one recurring run for N active contracts against the bare floor.

    python3 benchmarks/reseller_billing_recurring.py <odoo.conf> <database> [N]

Use a throwaway database with reseller_billing installed (e.g. a copy of the test
database): the script commits N clients, N contracts and their invoices.

In the same process it measures:
1. the floor: one batch ``account.move.create`` of the same N invoices plus
   ``action_post``, with no contract logic (rolled back afterwards);
2. our run: ``_run_recurring_invoicing`` (lock, re-check, create, post, register the
   slips with the sandbox gateway: reference, boleto barcode and line, and the PIX
   "copia e cola" code with its CRC), in committed batches;
3. a second run for the same period, which must create nothing.
Prints times and query counts, and one ``emit_row`` per headline figure (target:
the run within 1.15 x the floor).
"""

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

# A past period: the run waits for each contract's billing day (issue 9), so a
# past period is due in full and a future one not at all.
MONTH, YEAR = 1, 2026
BATCH = 200
TARGET_RATIO = 1.15


def check_pix_crc(code):
    from odoo.addons.reseller_billing.tools.pix import check_pix_crc as check

    return check(code)


def measure(env, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def ensure_contracts(env, count):
    Contract = env["reseller.contract"]
    tag = f"Bench client {count}"
    partners = env["res.partner"].search([("name", "=like", f"{tag} %")])
    if len(partners) < count:
        partners |= env["res.partner"].create(
            [
                {"name": f"{tag} {i:05d}", "is_company": True}
                for i in range(len(partners), count)
            ]
        )
    product = env["product.product"].search([("name", "=", "Bench service")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench service", "type": "service", "taxes_id": False}
        )
    gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
    gateway.active = True  # shipped archived
    existing = Contract.search([("partner_id", "in", partners.ids)])
    missing = partners - existing.partner_id
    if missing:
        new = Contract.create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": product.id,
                    "amount": 100.0,
                    "date_start": "2025-01-01",
                    "gateway_id": gateway.id,
                }
                for partner in missing
            ]
        )
        new.action_activate()
    # Only the benchmark's contracts are active, so the run sees exactly N.
    Contract.search(
        [("state", "=", "active"), ("partner_id", "not in", partners.ids)]
    ).write({"state": "suspended"})
    env.cr.commit()
    # Fresh planner statistics: on a just-copied database, account's payment-state
    # query otherwise picks a plan that takes minutes, for the floor and us alike.
    env.cr.execute("ANALYZE")
    env.cr.commit()
    return Contract.search([("partner_id", "in", partners.ids)])


def main():
    conf, dbname = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    with odoo_env(conf, dbname) as env:
        contracts = ensure_contracts(env, count)
        Contract = env["reseller.contract"]
        if (
            Contract.search_count(
                Contract._get_contracts_to_invoice_domain(MONTH, YEAR)
            )
            < count
        ):
            sys.exit(
                f"Period {MONTH}/{YEAR} already invoiced here: use a fresh database."
            )

        # 1. Floor: the same invoices, bare create + post, then rolled back.
        floor_values = []
        for contract in contracts:
            values = contract._prepare_invoice_values(MONTH, YEAR)
            del values["reseller_contract_id"]
            del values["reference_month"]
            del values["reference_year"]
            floor_values.append(values)
        env.cr.commit()

        def floor():
            moves = env["account.move"].create(floor_values)
            moves.action_post()
            return moves

        moves, floor_time, floor_queries = measure(env, floor)
        assert len(moves) == count
        env.cr.rollback()
        env.invalidate_all()

        # 1b. The same floor in batches of 200, the batch size of our run.
        def floor_batched():
            moves = env["account.move"]
            for start in range(0, count, BATCH):
                batch = env["account.move"].create(floor_values[start : start + BATCH])
                batch.action_post()
                moves |= batch
            return moves

        moves, floor_b_time, floor_b_queries = measure(env, floor_batched)
        assert len(moves) == count
        env.cr.rollback()
        env.invalidate_all()

        # 2. Our run, committed batches of 200, as the cron does.
        def run():
            return Contract._run_recurring_invoicing(MONTH, YEAR, batch_size=BATCH)

        created, run_time, run_queries = measure(env, run)
        assert len(created) == count, len(created)
        slips = created.reseller_slip_ids
        assert len(slips) == count and set(slips.mapped("state")) == {"registered"}
        pix_codes = slips.mapped("pix_code")
        assert len(pix_codes) == count and all(check_pix_crc(c) for c in pix_codes)

        # 3. Second run: nothing to do.
        again, second_time, second_queries = measure(env, run)
        assert not again

        print(f"contracts: {count}")
        print(
            f"floor  (create+post, no contract logic): {floor_time:7.2f} s "
            f"{floor_queries:7d} queries"
        )
        print(
            f"floor, batches of {BATCH}: {floor_b_time:7.2f} s "
            f"{floor_b_queries:7d} queries"
        )
        print(
            f"run    (contracts -> posted invoices + slips): {run_time:7.2f} s "
            f"{run_queries:7d} queries  ratio {run_time / floor_time:.2f}x "
            f"(vs batched floor {run_time / floor_b_time:.2f}x)"
        )
        print(
            f"second run (creates 0): {second_time:7.3f} s {second_queries:7d} "
            f"queries  = {100 * second_time / run_time:.2f}% of the first run"
        )
        print(f"slips registered with a PIX code (CRC checked): {len(pix_codes)}")
        emit_row(
            f"monthly run with slips and PIX, {count} contracts",
            f"<= {TARGET_RATIO}x floor",
            round(run_time, 2),
            round(floor_time, 2),
            met=run_time / floor_time <= TARGET_RATIO,
            unit="s",
        )
        emit_row(
            f"monthly run with slips and PIX, {count} contracts, queries",
            "-",
            run_queries,
            floor_queries,
        )
        emit_row(
            f"monthly run, second run for the same period, {count} contracts",
            "< 5% of the first run",
            round(second_time, 3),
            round(run_time, 2),
            met=second_time / run_time < 0.05,
            unit="s",
        )


if __name__ == "__main__":
    main()
