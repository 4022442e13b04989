"""Queries of the portal order page for an order of 10 lines and one of 200 lines.

Target: the same number of queries for both (the page must not run one query per
line). The page is served in-process by Odoo's own WSGI application, logged in as
the portal client through /web/login, so every query of the real request counts.

    python3 benchmarks/client_portal_order_page.py

Creates the database reseller_bench_client_portal from the test template (the
private PostgreSQL of `make test` must be running) and installs client_portal.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

from bench_table import emit_row

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
os.environ.setdefault("TZ", "UTC")

RUN_DIR = os.path.join(ROOT, ".run")
CONF = os.environ.get("RESELLER_ODOO_CONF", os.path.join(RUN_DIR, "odoo-test.conf"))
DB = "reseller_bench_client_portal"
LINE_COUNTS = (10, 200)
RUNS = 5


def psql(sql):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", "54329", "-U", "odoo", "-d", "postgres"]
        + ["-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def create_database():
    template = os.environ.get("RESELLER_TEMPLATE_DB") or psql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'reseller_tpl_%' "
        "AND datname NOT LIKE '%_wip' ORDER BY oid DESC LIMIT 1"
    )
    if not template:
        sys.exit("No template database: run `make test` once first.")
    psql(f'DROP DATABASE IF EXISTS "{DB}"')
    psql(f'CREATE DATABASE "{DB}" TEMPLATE "{template}"')
    filestore = os.path.join(RUN_DIR, "data", "filestore")
    shutil.rmtree(os.path.join(filestore, DB), ignore_errors=True)
    if os.path.isdir(os.path.join(filestore, template)):
        subprocess.run(
            [
                "cp",
                "-al",
                os.path.join(filestore, template),
                os.path.join(filestore, DB),
            ],
            check=True,
        )
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", CONF, "-d", DB, "-i", "client_portal"]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
        cwd=ROOT,
    )


def create_data(env):
    from odoo.fields import Command

    client = env["res.partner"].create({"name": "Bench Client", "is_company": True})
    user = env["res.users"].create(
        {
            "name": "Bench Portal",
            "login": "bench_portal",
            "password": "bench_portal",
            "email": "bench@client.example",
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    user.partner_id.parent_id = client
    product = env["product.product"].create(
        {"name": "Bench Service", "type": "service"}
    )
    orders = {}
    for count in LINE_COUNTS:
        order = env["sale.order"].create(
            {
                "partner_id": client.id,
                "require_signed_contract": True,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1 + index,
                            "price_unit": 10.0,
                            "portal_note": f"Note {index}",
                        }
                    )
                    for index in range(count)
                ],
            }
        )
        order.message_subscribe(partner_ids=client.ids)
        orders[count] = order.id
    return orders


def measure(orders):
    from werkzeug.test import Client

    import odoo

    client = Client(odoo.http.root)
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    page = client.get("/web/login", environ_base=environ).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(
        "/web/login",
        data={"login": "bench_portal", "password": "bench_portal", "csrf_token": csrf},
        environ_base=environ,
    )
    assert response.status_code == 303, "portal login failed"
    results = {}
    for count, order_id in orders.items():
        client.get(f"/my/orders/{order_id}", environ_base=environ)  # warm the caches
        queries, durations = [], []
        for _run in range(RUNS):
            start = time.perf_counter()
            response = client.get(f"/my/orders/{order_id}", environ_base=environ)
            durations.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            queries.append(threading.current_thread().query_count)
        results[count] = (queries, statistics.median(durations))
    return results


def main():
    create_database()
    from odoo_env import odoo_env

    with odoo_env(CONF, DB) as env:
        orders = create_data(env)
        env.cr.commit()
    results = measure(orders)
    print("client_portal: portal order page /my/orders/<id> (logged-in client)")
    for count, (queries, median_ms) in results.items():
        print(
            f"  {count:>3} lines: {queries[-1]} queries per request "
            f"(runs: {queries}), median {median_ms:.0f} ms"
        )
    small, large = (results[count][0][-1] for count in LINE_COUNTS)
    verdict = "OK" if small == large else "FAILED"
    print(f"  target: same query count for 10 and 200 lines -> {verdict}")
    emit_row(
        "order page queries, 10 vs 200 lines",
        "same count",
        large,
        small,
        met=small == large,
        unit="queries",
    )
    return 0 if small == large else 1


if __name__ == "__main__":
    sys.exit(main())
