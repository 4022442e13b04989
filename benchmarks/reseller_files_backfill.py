"""Backfill of client folders for 10,000 existing clients, as the install hook does.

Target: batched creates, so the query count grows with the number of batches
(1,000 clients each), not with the number of clients.

    python3 benchmarks/reseller_files_backfill.py [clients]
"""

import sys
import time

from bench_table import emit_row
from reseller_files_common import create_database, orm

DB = "reseller_bench_files_backfill"
CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def main():
    create_database(DB)
    with orm(DB) as env:
        has_rank = "customer_rank" in env["res.partner"]._fields
    # Existing clients, as a database would hold them before the install: made
    # by the ORM, then marked as customers (or flagged) behind its back.
    with orm(DB) as env:
        partners = env["res.partner"].create(
            [
                {"name": f"Existing client {i}", "is_company": True}
                for i in range(CLIENTS)
            ]
        )
        column = "customer_rank = 1" if has_rank else "reseller_is_client = TRUE"
        env.cr.execute(
            f"UPDATE res_partner SET {column} WHERE id = ANY(%s)",  # noqa: S608
            [partners.ids],
        )
    with orm(DB) as env:
        start_queries = env.cr.sql_log_count
        start = time.perf_counter()
        env["res.partner"]._reseller_backfill_clients()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - start_queries
        created = env["reseller.folder"].search_count([("is_client_root", "=", True)])
        missing = env["res.partner"].search_count(
            [("reseller_is_client", "=", True), ("reseller_folder_id", "=", False)]
        )
    print(f"reseller_files: backfill of {CLIENTS:,} existing clients")
    print(f"  clients found by {'customer rank' if has_rank else 'flag'}")
    print(f"  client folders created: {created:,} (missing after: {missing})")
    print(f"  time: {elapsed:.1f} s, queries: {queries:,}")
    print(f"  queries per client: {queries / CLIENTS:.2f} (target: far below 1)")
    emit_row(
        f"folder backfill, {CLIENTS:,} clients: queries per client",
        "< 0.1 (batched)",
        round(queries / CLIENTS, 3),
        met=queries / CLIENTS < 0.1 and not missing,
    )


if __name__ == "__main__":
    main()
