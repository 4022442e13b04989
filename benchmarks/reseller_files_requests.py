"""Document requests at scale: bulk creation and the reminder run.

1. Bulk creation of one request per client for 5,000 clients, in committed
   batches of 1,000 (what the bulk wizard and the monthly cron do), against the
   floor: a bare batch create of the same records (the folders, then the
   requests pointing at them), batched and committed the same way.
   Target: <= 1.5x the floor.
2. The reminder run for the same clients: one e-mail per client, queued in
   batches (one cron call per batch).

    python3 benchmarks/reseller_files_requests.py [clients]
"""

import sys
import time
from datetime import date, timedelta

from bench_table import emit_row
from reseller_files_common import create_database, orm

DB = "reseller_bench_files_requests"
BATCH = 1000


def _clients(env, count):
    partners = env["res.partner"].create(
        [{"name": f"Bench client {i}", "is_company": True} for i in range(count)]
    )
    portal = env.ref("base.group_portal")
    contacts = env["res.partner"].create(
        [
            {"name": f"Contact {i}", "parent_id": p.id, "email": f"c{i}@b.example"}
            for i, p in enumerate(partners)
        ]
    )
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": c.name,
                "login": f"bench_req_{i}",
                "partner_id": c.id,
                "groups_id": [(6, 0, portal.ids)],
            }
            for i, c in enumerate(contacts)
        ]
    )
    partners._reseller_create_root_folders()
    return partners.ids


def _timed_batches(dbname, ids, make_batch):
    start = time.perf_counter()
    queries = 0
    for offset in range(0, len(ids), BATCH):
        with orm(dbname) as env:
            before = env.cr.sql_log_count
            make_batch(env, ids[offset : offset + BATCH])
            env.flush_all()
            queries += env.cr.sql_log_count - before
    return time.perf_counter() - start, queries


def _vals(env, partner_ids, name):
    due = date.today() + timedelta(days=3)
    return [{"name": name, "partner_id": pid, "due_date": due} for pid in partner_ids]


def _ours(env, partner_ids):
    env["reseller.file.request"].create(_vals(env, partner_ids, "Extratos bench"))


def _floor(env, partner_ids):
    # the same records, created bare: folders under the roots, then requests
    roots = env["reseller.folder"].search_read(
        [("partner_id", "in", partner_ids), ("is_client_root", "=", True)],
        ["company_id", "partner_id"],
        load=None,
    )
    folders = (
        env["reseller.folder"]
        .with_context(mail_create_nolog=True, tracking_disable=True)
        .create(
            [
                {
                    "name": "Floor bench",
                    "parent_id": root["id"],
                    "company_id": root["company_id"],
                }
                for root in roots
            ]
        )
    )
    partner_ids = [root["partner_id"] for root in roots]
    vals = _vals(env, partner_ids, "Floor bench")
    for v, folder in zip(vals, folders, strict=True):
        v["folder_id"] = folder.id
    env["reseller.file.request"].create(vals)


def _reminders(dbname):
    calls, start = 0, time.perf_counter()
    with orm(dbname) as env:
        before = env["mail.mail"].search_count([])
    remaining = 1
    while remaining:
        with orm(dbname) as env:
            remaining = env["reseller.file.request"]._cron_send_reminders()
            calls += 1
    with orm(dbname) as env:
        mails = env["mail.mail"].search_count([]) - before
    return time.perf_counter() - start, calls, mails


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    create_database(DB)
    with orm(DB) as env:
        ids = _clients(env, count)
    floor_s, floor_q = _timed_batches(DB, ids, _floor)
    ours_s, ours_q = _timed_batches(DB, ids, _ours)
    rem_s, calls, mails = _reminders(DB)
    print(f"reseller_files: document requests for {count:,} clients")
    print(f"  {'':32}{'ours':>12}{'floor':>12}{'ratio':>8}")
    print(
        f"  {'bulk create, batches of 1,000':32}{ours_s:>11.2f}s{floor_s:>11.2f}s"
        f"{ours_s / floor_s:>7.2f}x  (target <= 1.5x)"
    )
    print(f"  {'queries':32}{ours_q:>12,}{floor_q:>12,}")
    print(
        f"  reminders: {mails:,} e-mails for {count:,} clients, {calls} cron "
        f"batch(es), {rem_s:.2f}s"
    )
    emit_row(
        f"document requests, {count:,} clients",
        "<= 1.5x floor",
        round(ours_s, 2),
        round(floor_s, 2),
        met=ours_s <= 1.5 * floor_s,
        unit="s",
    )


if __name__ == "__main__":
    main()
