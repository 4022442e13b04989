"""Benchmark: delivery receipts and read receipts of N guias.

    python3 benchmarks/accounting_share_receipts.py <odoo.conf> <database> [N]

Use a throwaway database with accounting_share installed (e.g. a copy of the test
database). One client with a portal user gets N guias (default 500). In the same
process it measures, each step rolled back unless said:
1. the floor: ``_send`` of the N dispatches with the receipts switched off (the
   delivery into the file center alone);
2. ours: the receipts of those dispatches alone (one lock, one batched create),
   then, on fresh dispatches, the whole ``_send`` with its receipts;
3. ``_verify_chain`` over the chain of those N receipts (committed for this step);
4. the reads of a zip of the client's sent folder, as its portal user, for 10 files
   and for N files: no query per file (Odoo inserts the read logs and stamps in
   batches of 100 rows, so the count grows by a few queries per 100 files).
"""

import contextlib
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

TAG = "Bench receipts client"


def measure(env, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def ensure_client(env):
    client = env["res.partner"].search([("name", "=", TAG)], limit=1)
    if not client:
        client = env["res.partner"].create(
            {"name": TAG, "is_company": True, "accounting_share_documents": True}
        )
        contact = env["res.partner"].create(
            {"name": f"{TAG} contact", "parent_id": client.id, "email": "b@x.example"}
        )
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": contact.name,
                "login": "bench_receipts_portal",
                "partner_id": contact.id,
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
        client._reseller_get_root_folder()
        env.cr.commit()
    portal_user = env["res.users"].search([("login", "=", "bench_receipts_portal")])
    return client, portal_user


def make_guias(env, client, count):
    attachments = env["ir.attachment"].create(
        [
            {
                "name": f"guia-{n:05d}.pdf",
                "raw": b"%PDF-1.4 bench guia " + str(n).encode(),
                "mimetype": "application/pdf",
            }
            for n in range(count)
        ]
    )
    return env["accounting.share.dispatch"].create(
        [
            {
                "name": f"Bench guia {n:05d}",
                "partner_id": client.id,
                "document_type": "guia",
                "res_model": "ir.attachment",
                "res_id": attachment.id,
                "amount": 10.0 + n,
            }
            for n, attachment in enumerate(attachments)
        ]
    )


@contextlib.contextmanager
def receipts_switched_off(env):
    receipt_class = type(env["accounting.share.receipt"])
    original = receipt_class._create_for_dispatches
    receipt_class._create_for_dispatches = lambda self, dispatches: self.browse()
    try:
        yield
    finally:
        receipt_class._create_for_dispatches = original


def main():
    conf_path, dbname = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    with odoo_env(conf_path, dbname, options=("--log-level=warn",)) as root_env:
        env = root_env(su=True)
        client, portal_user = ensure_client(env)
        company = env.company
        # warm-up, committed: the sent folder and the chain head exist, caches
        # are filled, so that the floor is not charged for the first send
        make_guias(env, client, 3)._send()
        env.cr.commit()

        guias = make_guias(env, client, count)
        with receipts_switched_off(env):
            _result, floor_time, floor_queries = measure(env, guias._send)
        assert not guias.receipt_id
        # the receipts of those very dispatches, alone: what ours adds
        _result, receipts_time, receipts_queries = measure(
            env,
            lambda: env["accounting.share.receipt"]._create_for_dispatches(guias),
        )
        assert len(guias.receipt_id) == count
        env.cr.rollback()
        env.invalidate_all()

        guias = make_guias(env, client, count)
        _result, ours_time, ours_queries = measure(env, guias._send)
        assert len(guias.receipt_id) == count
        env.cr.commit()

        receipt_model = env["accounting.share.receipt"]
        chain_length = receipt_model.search_count([("company_id", "=", company.id)])
        broken, verify_time, verify_queries = measure(
            env, lambda: receipt_model._verify_chain(company)
        )
        assert not broken, broken

        reads = {}
        for size in (10, count):
            files = guias[:size].file_id
            reader = env["accounting.share.dispatch"].with_user(portal_user)
            _result, read_time, read_queries = measure(
                env,
                lambda files=files,
                reader=reader: reader._accounting_share_record_reads(files),
            )
            reads[size] = (read_time, read_queries)
            env.cr.rollback()
            env.invalidate_all()

        print(f"guias: {count}; receipt chain of the company: {chain_length} receipts")
        print(
            f"floor (_send, no receipts): {floor_time:7.2f} s "
            f"{floor_queries:6d} queries"
        )
        print(
            f"receipts of those dispatches alone: {receipts_time:7.2f} s "
            f"{receipts_queries:6d} queries  "
            f"(floor + receipts = {(floor_time + receipts_time) / floor_time:.2f}x)"
        )
        print(
            f"ours  (_send + receipts, fresh dispatches): {ours_time:7.2f} s "
            f"{ours_queries:6d} queries  ratio {ours_time / floor_time:.2f}x "
            "(other processes share the cores: compare with the line above)"
        )
        print(
            f"verify chain ({chain_length} receipts): {verify_time:7.3f} s "
            f"{verify_queries} queries"
        )
        for size, (read_time, read_queries) in reads.items():
            print(
                f"reads of {size:5d} files: {read_time:7.3f} s {read_queries} queries"
            )
        emit_row(
            f"send {count} guias + their chained receipts",
            "<= 1.2x floor",
            round(floor_time + receipts_time, 2),
            round(floor_time, 2),
            floor_time + receipts_time <= 1.2 * floor_time,
            unit="s",
        )
        emit_row(
            f"verify a chain of {chain_length} receipts",
            "-",
            round(verify_time, 3),
            unit="s",
        )
        emit_row(
            f"record reads, queries for 10 vs {count} files",
            "no query per file",
            reads[count][1],
            reads[10][1],
            reads[count][1] - reads[10][1] < (count - 10) / 10,
            unit="queries",
        )


if __name__ == "__main__":
    main()
