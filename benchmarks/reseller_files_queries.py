"""SQL queries of the portal folder page and of /my/files as the data grows.

Target: the same number of queries for a folder of 10 files as for one of 1,000,
and for a database of 10 clients as for one of 5,000. Counts come from Odoo's own
access log of a real server (werkzeug line: queries, SQL time, other time).

    python3 benchmarks/reseller_files_queries.py [clients]
"""

import sys

from bench_table import emit_row
from reseller_files_common import Server, create_database, create_portal_client, orm

DB = "reseller_bench_files_queries"
CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


def add_files(env, folder, start, count):
    folder._reseller_add_files(
        [
            (f"file {index:05d}.txt", b"content %d" % index, None)
            for index in range(start, start + count)
        ]
    )


def add_clients(env, count):
    partners = env["res.partner"].create(
        [
            {"name": f"Other client {index}", "is_company": True}
            for index in range(count)
        ]
    )
    partners.write({"reseller_is_client": True})


def measure(server, session, folder_id):
    figures = {}
    for path in (f"/my/files/{folder_id}", "/my/files"):
        server.query_count(session, path)  # warm caches
        figures[path] = server.query_count(session, path)
    return figures


def main():
    create_database(DB)
    with orm(DB) as env:
        client = create_portal_client(env)
        folder = client._reseller_get_root_folder()._reseller_get_or_create_child(
            "Bench"
        )
        add_files(env, folder, 0, 10)
        add_clients(env, 9)
        folder_id = folder.id
    rows = []
    with Server(DB) as server:
        session = server.login()
        rows.append(("10 files, 10 clients", measure(server, session, folder_id)))
        with orm(DB) as env:
            add_files(env, env["reseller.folder"].browse(folder_id), 10, 990)
        rows.append(("1,000 files, 10 clients", measure(server, session, folder_id)))
        with orm(DB) as env:
            add_clients(env, CLIENTS - 10)
        rows.append(
            (f"1,000 files, {CLIENTS:,} clients", measure(server, session, folder_id))
        )
    print("reseller_files: portal page queries (target: constant)")
    for label, figures in rows:
        for path, (count, seconds) in figures.items():
            kind = "folder page" if path != "/my/files" else "/my/files  "
            print(f"  {label:<28} {kind} {count:>3} queries  {seconds * 1000:7.1f} ms")
    counts = {
        path: {figures[path][0] for _label, figures in rows} for path in rows[0][1]
    }
    constant = all(len(values) == 1 for values in counts.values())
    print("  constant query count:", "yes" if constant else f"NO {counts}")
    for path, values in counts.items():
        page = "/my/files" if path == "/my/files" else "folder page"
        emit_row(
            f"{page} queries, 10 vs 1,000 files and {CLIENTS:,} clients",
            "constant",
            max(values),
            min(values),
            met=len(values) == 1,
            unit="queries",
        )


if __name__ == "__main__":
    main()
