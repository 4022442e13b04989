"""Benchmark: OCA ``contract`` (18.0) against reseller_billing on the same clients.

    python3 benchmarks/reseller_billing_oca_contract.py <odoo.conf> <database> [N]

Needs a throwaway database where both ``reseller_billing`` and OCA's ``contract``
(``pip download --no-deps odoo-addon-contract``, on the addons path) are installed.
For the same N clients and the same monthly service it times:
- OCA's ``cron_recurring_create_invoice`` (it creates draft invoices), then the posting
  of those drafts, so that both sides end with posted invoices;
- reseller_billing's recurring run (create, post, register the slips).
"""

import pathlib
import sys
import time
from datetime import date

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

# A past period, as in reseller_billing_recurring.py: our run waits for each
# contract's billing day (issue 9), so a future period invoices nothing.
DATE = date(2026, 1, 5)
MONTH, YEAR = 1, 2026


def measure(env, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    env.cr.commit()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def main():
    conf, dbname = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    with odoo_env(conf, dbname) as env:
        product = env["product.product"].create(
            {"name": "Bench service", "type": "service", "taxes_id": False}
        )
        partners = env["res.partner"].create(
            [{"name": f"OCA bench {i:05d}", "is_company": True} for i in range(count)]
        )
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        )
        env["contract.contract"].create(
            [
                {
                    "name": f"OCA {partner.name}",
                    "partner_id": partner.id,
                    "contract_type": "sale",
                    "journal_id": journal.id,
                    "line_recurrence": False,
                    "recurring_rule_type": "monthly",
                    "recurring_interval": 1,
                    "date_start": DATE,
                    "contract_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "name": "ERP subscription",
                                "quantity": 1,
                                "uom_id": product.uom_id.id,
                                "price_unit": 100.0,
                                "date_start": DATE,
                            },
                        )
                    ],
                }
                for partner in partners
            ]
        )
        gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
        gateway.active = True  # shipped archived
        ours = env["reseller.contract"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": product.id,
                    "amount": 100.0,
                    "billing_day": 5,
                    "date_start": "2025-01-01",
                    "gateway_id": gateway.id,
                }
                for partner in partners
            ]
        )
        ours.action_activate()
        env.cr.commit()
        env.cr.execute("ANALYZE")
        env.cr.commit()

        _res, oca_time, oca_queries = measure(
            env, lambda: env["contract.contract"].cron_recurring_create_invoice(DATE)
        )
        oca_moves = env["account.move"].search(
            [("partner_id", "in", partners.ids), ("state", "=", "draft")]
        )
        assert len(oca_moves) == count, len(oca_moves)
        _res, post_time, post_queries = measure(env, oca_moves.action_post)
        created, our_time, our_queries = measure(
            env,
            lambda: env["reseller.contract"]._run_recurring_invoicing(MONTH, YEAR),
        )
        assert len(created) == count, len(created)

        oca_total = oca_time + post_time
        print(f"clients: {count}")
        print(f"OCA contract cron (drafts): {oca_time:7.2f} s {oca_queries:7d} queries")
        print(
            f"OCA drafts posted:          {post_time:7.2f} s {post_queries:7d} queries"
        )
        print(
            f"reseller_billing run:       {our_time:7.2f} s {our_queries:7d} queries "
            f"(posted + slips)"
        )
        print(
            f"ratio ours / OCA cron only: {our_time / oca_time:.2f}x; "
            f"ours / OCA cron + post: {our_time / oca_total:.2f}x"
        )
        emit_row(
            f"recurring invoices vs OCA contract (cron + post), {count:,} clients",
            "faster than OCA",
            round(our_time, 2),
            round(oca_total, 2),
            met=our_time < oca_total,
            unit="s",
        )


if __name__ == "__main__":
    main()
