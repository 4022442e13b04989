"""Queries per portal page, for a logged-in client, at 10 and at 1,000 records.

Two throwaway databases are built from the test template with the same data:
- "floor": only Odoo's modules the suite depends on (the template itself);
- "ours": the same, with the suite's five addons installed.

Each page is served in-process by Odoo's own WSGI application (werkzeug's test
client over `odoo.http.root`), logged in as the portal client through
/web/login; the count is Odoo's own per-request counter of the thread
(`threading.current_thread().query_count`, incremented by every
`odoo.sql_db.Cursor.execute`), taken after a warm-up request.

Targets (issue 16, section 1):
- our pages: at most 25 queries, the same at 10 and at 1,000 records;
- Odoo's pages we extend (/my, an order, an invoice): at most 3 queries more
  with our addons installed than without them, on the same data;
- the floor of an empty portal page (`/my/security`, which reads no record of
  ours) is printed for reference.

    python3 benchmarks/portal_queries.py [--large N] [--keep]
    python3 benchmarks/portal_queries.py --measure DB --ours 0|1 --large N [--log-sql]

`--log-sql` prints every query of the measured requests (for profiling).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
os.environ.setdefault("TZ", "UTC")

RUN_DIR = os.path.join(ROOT, ".run")
CONF = os.environ.get("RESELLER_ODOO_CONF", os.path.join(RUN_DIR, "odoo-test.conf"))
if not os.path.exists(CONF):
    sys.exit(f"No Odoo configuration {CONF}: set RESELLER_ODOO_CONF.")
OUR_ADDONS = (
    "reseller_guard,reseller_files,reseller_billing,client_portal,accounting_share"
)
# RESELLER_RUN_TAG tells apart two checkouts running this benchmark at once.
_TAG = "".join(c for c in os.environ.get("RESELLER_RUN_TAG", "") if c.isalnum())
DB_FLOOR = "reseller_bench_portal_floor" + (f"_{_TAG}" if _TAG else "")
DB_OURS = "reseller_bench_portal_ours" + (f"_{_TAG}" if _TAG else "")
LOGIN = "bench_portal"
OUR_LIMIT = 25
EXTEND_MARGIN = 3


def psql(sql, dbname="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", "54329", "-U", "odoo", "-d", dbname]
        + ["-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def template_db():
    """The test template of `make test`: Odoo's modules the suite depends on."""
    template = os.environ.get("RESELLER_TEMPLATE_DB")
    if not template:
        import odoo.release

        deps = subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts", "manifest_deps.py")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        key = f"{deps} {odoo.release.version}".encode()
        template = "reseller_tpl_" + hashlib.sha1(key).hexdigest()[:10]
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{template}'") != "1":
        sys.exit(f"No template database {template}: run `make test` once first.")
    return template


def copy_database(source, target):
    psql(f'DROP DATABASE IF EXISTS "{target}"')
    psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    filestore = os.path.join(RUN_DIR, "data", "filestore")
    shutil.rmtree(os.path.join(filestore, target), ignore_errors=True)
    if os.path.isdir(os.path.join(filestore, source)):
        subprocess.run(
            [
                "cp",
                "-al",
                os.path.join(filestore, source),
                os.path.join(filestore, target),
            ],
            check=True,
        )


def drop_database(name):
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(os.path.join(RUN_DIR, "data", "filestore", name), ignore_errors=True)


def build_databases():
    template = template_db()
    copy_database(template, DB_FLOOR)
    copy_database(template, DB_OURS)
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", CONF, "-d", DB_OURS, "-i", OUR_ADDONS]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
        cwd=ROOT,
    )


# ----------------------------------------------------------------------------
# Data: the same for both databases on Odoo's side, ours only where installed
# ----------------------------------------------------------------------------


def create_common_data(env):
    """A client company, its portal user, a quotation and a posted invoice."""
    from odoo import Command

    client = env["res.partner"].create({"name": "Bench Client", "is_company": True})
    contact = env["res.partner"].create(
        {"name": "Bench Contact", "parent_id": client.id, "email": "bench@c.example"}
    )
    env["res.users"].create(
        {
            "name": "Bench Contact",
            "login": LOGIN,
            "password": LOGIN,
            "partner_id": contact.id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    product = env["product.product"].create(
        {"name": "Bench Service", "type": "service", "list_price": 10.0}
    )
    order = env["sale.order"].create(
        {
            "partner_id": client.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1 + i,
                        "price_unit": 10,
                    }
                )
                for i in range(10)
            ],
        }
    )
    order.action_quotation_sent()  # a proposal the client sees in its lists
    order.message_subscribe(partner_ids=client.ids)
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": client.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "quantity": 1, "price_unit": 50}
                )
                for _i in range(10)
            ],
        }
    )
    invoice.action_post()
    invoice.message_subscribe(partner_ids=client.ids)
    return {
        "client": client.id,
        "product": product.id,
        "order": order.id,
        "invoice": invoice.id,
    }


def create_our_data(env, ids):
    """The client of the file center, billing and accounting share, one of each."""
    client = env["res.partner"].browse(ids["client"])
    client.write(
        {
            "reseller_is_client": True,
            "shared_company_id": env.company.id,
            "accounting_share_profit_loss": True,
        }
    )
    root = client._reseller_get_root_folder()
    folder = root._reseller_get_or_create_child("Bench")
    gateway = env["reseller.billing.gateway"].create(
        {
            "name": "Bench Sandbox",
            "code": "bench_sandbox",
            "provider": "sandbox",
            "journal_id": env["account.journal"]
            .search([("type", "=", "bank")], limit=1)
            .id,
        }
    )
    publication = env["accounting.share.publication"].create(
        {
            "partner_id": client.id,
            "report_type": "profit_loss",
            "date_from": date.today().replace(day=1),
            "date_to": date.today(),
        }
    )
    publication.action_publish()
    project = env["project.project"].create({"name": "Bench Obligations"})
    ids.update(
        root=root.id,
        folder=folder.id,
        gateway=gateway.id,
        publication=publication.id,
        project=project.id,
    )
    return ids


def grow_our_data(env, ids, start, stop):
    """Records start..stop-1 of each kind, in batched creates."""
    client = env["res.partner"].browse(ids["client"])
    count = stop - start
    root = env["reseller.folder"].browse(ids["root"])
    folder = env["reseller.folder"].browse(ids["folder"])
    for target in (root, folder):
        target._reseller_add_files(
            [(f"file {i:05d}.txt", b"content %d" % i, None) for i in range(start, stop)]
        )
    env["reseller.file.request"].create(
        [
            {
                "name": f"Request {i:05d}",
                "partner_id": client.id,
                "due_date": date.today() + timedelta(days=5),
            }
            for i in range(start, stop)
        ]
    )
    env["reseller.contract"].create(
        [
            {
                "partner_id": client.id,
                "product_id": ids["product"],
                "amount": 100 + i,
                "billing_day": 5,
                "gateway_id": ids["gateway"],
            }
            for i in range(start, stop)
        ]
    )
    source = env["accounting.share.publication"].browse(ids["publication"])
    env["accounting.share.publication"].create(
        [
            {
                "partner_id": client.id,
                "report_type": "profit_loss",
                "date_from": date(2000, 1, 1) + timedelta(days=i),
                "date_to": date(2000, 1, 1) + timedelta(days=i),
                "state": "published",
                "version": 1,
                "report_data": source.report_data,
            }
            for i in range(start, stop)
        ]
    )
    obligations = env["accounting.share.obligation"].create(
        [
            {
                "name": f"Obligation {i:05d}",
                "code": f"OB{i:05d}",
                "project_id": ids["project"],
                "due_day": 20,
                "partner_ids": [(6, 0, client.ids)],
            }
            for i in range(start, stop)
        ]
    )
    period = date.today().replace(day=1)
    env["project.task"].with_context(tracking_disable=True).create(
        [
            {
                "name": obligation.name,
                "project_id": ids["project"],
                "partner_id": client.id,
                "obligation_id": obligation.id,
                "obligation_period": period,
                "date_deadline": period + timedelta(days=19),
            }
            for obligation in obligations
        ]
    )
    env.flush_all()
    return count


def odoo_pages(ids):
    return {
        "/my": "/my",
        "order": f"/my/orders/{ids['order']}",
        "invoice": f"/my/invoices/{ids['invoice']}",
        "empty page (/my/security)": "/my/security",
    }


def our_pages(ids):
    return {
        "folder page": f"/my/files/{ids['folder']}",
        "/my/files": "/my/files",
        "/my/accounting": "/my/accounting",
        "publication": f"/my/accounting/{ids['publication']}",
        "/my/obligations": "/my/obligations",
        "/my/requests": "/my/requests",
        "/my/contracts": "/my/contracts",
    }


# ----------------------------------------------------------------------------
# Measure: in-process, one database per process
# ----------------------------------------------------------------------------


class SqlLog:
    """Every query the current thread runs, while `active`."""

    def __init__(self):
        import odoo.sql_db

        self.active = False
        self.queries = []
        original = odoo.sql_db.Cursor.execute
        log = self

        def execute(cursor, query, params=None, log_exceptions=True):
            if log.active:
                log.queries.append(
                    (
                        str(getattr(query, "code", query))
                        + " | "
                        + str(
                            params
                            if params is not None
                            else getattr(query, "params", "")
                        )
                    )[:900]
                )
            return original(cursor, query, params, log_exceptions)

        odoo.sql_db.Cursor.execute = execute


def login(client):
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    page = client.get("/web/login", environ_base=environ).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(
        "/web/login",
        data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf},
        environ_base=environ,
    )
    assert response.status_code == 303, "portal login failed"
    return environ


def count_pages(client, environ, pages, sql_log=None):
    counts = {}
    for label, url in pages.items():
        client.get(url, environ_base=environ)  # warm the caches
        if sql_log:
            sql_log.queries = []
            sql_log.active = True
        response = client.get(url, environ_base=environ)
        if sql_log:
            sql_log.active = False
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = threading.current_thread().query_count
        if sql_log:
            print(f"--- {label} {url}: {counts[label]} queries", file=sys.stderr)
            for query in sql_log.queries:
                print("   ", " ".join(query.split()), file=sys.stderr)
    return counts


# What /my fetches once shown, with our addons (JSON): the awaiting card's count
# and the latest orders, left out of the page's own rendering.
HOME_DEFERRED = {
    "/my/counters (awaiting)": (
        "/my/counters",
        {"counters": ["client_portal_awaiting_count"]},
    ),
    "/my/home/latest_orders": ("/my/home/latest_orders", {}),
}


def count_json(client, environ, requests, sql_log=None):
    counts = {}
    for label, (url, params) in requests.items():
        body = {"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}
        client.post(url, json=body, environ_base=environ)  # warm the caches
        if sql_log:
            sql_log.queries = []
            sql_log.active = True
        response = client.post(url, json=body, environ_base=environ)
        if sql_log:
            sql_log.active = False
        assert response.status_code == 200 and "error" not in response.json, (
            url,
            response.get_data(as_text=True)[:500],
        )
        counts[label] = threading.current_thread().query_count
        if sql_log:
            print(f"--- {label} {url}: {counts[label]} queries", file=sys.stderr)
            for query in sql_log.queries:
                print("   ", " ".join(query.split()), file=sys.stderr)
    return counts


def measure(dbname, ours, large, log_sql=False):
    from odoo_env import odoo_env
    from werkzeug.test import Client

    import odoo

    with odoo_env(CONF, dbname, options=("--log-level=warn",)) as env:
        ids = create_common_data(env)
        if ours:
            ids = create_our_data(env, ids)
            grow_our_data(env, ids, 0, 10)
        env.cr.commit()
    sql_log = SqlLog() if log_sql else None
    client = Client(odoo.http.root)
    environ = login(client)
    pages = dict(odoo_pages(ids), **(our_pages(ids) if ours else {}))
    result = {"small": count_pages(client, environ, pages, sql_log)}
    if ours:
        result["deferred"] = count_json(client, environ, HOME_DEFERRED, sql_log)
    if ours and large > 10:
        registry = odoo.modules.registry.Registry(dbname)
        with registry.cursor() as cr:
            grow_our_data(
                odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), ids, 10, large
            )
        result["large"] = count_pages(client, environ, pages, sql_log)
    print("RESULT " + json.dumps(result), flush=True)


def run_measure(dbname, ours, large):
    output = subprocess.run(
        [sys.executable, __file__, "--measure", dbname, "--ours", str(int(ours))]
        + ["--large", str(large)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def report(floor, ours, large):
    from benchmarks.bench_table import emit_row

    print("Portal pages: queries per request, logged-in portal client")
    empty = "empty page (/my/security)"
    print(
        f"  floor, an empty portal page: {floor['small'][empty]} queries uninstalled,"
    )
    print(f"  {ours['small'][empty]} with our addons")
    ok = True
    for label in ("/my", "order", "invoice"):
        base, mine = floor["small"][label], ours["small"][label]
        met = mine - base <= EXTEND_MARGIN
        ok &= met
        print(
            f"  {label:<18} uninstalled {base:>3}  installed {mine:>3}"
            f"  (+{mine - base})"
        )
        emit_row(
            f"portal {label}: queries, our addons installed vs not",
            f"<= floor + {EXTEND_MARGIN}",
            mine,
            base,
            met,
        )
    for label, count in ours.get("deferred", {}).items():
        print(f"  /my then fetches {label}: {count} queries")
    for label in our_pages({"folder": 0, "publication": 0}):
        small = ours["small"][label]
        big = ours.get("large", ours["small"])[label]
        met = small == big and big <= OUR_LIMIT
        ok &= met
        print(f"  {label:<18} 10 records {small:>3}  {large:,} records {big:>3}")
        emit_row(
            f"portal {label}: queries at 10 and {large:,} records",
            f"<= {OUR_LIMIT}, constant",
            big,
            floor["small"][empty],
            met,
        )
    print("  target met:", "yes" if ok else "NO")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", help="measure this (prepared) database")
    parser.add_argument("--ours", type=int, default=1)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--log-sql", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.ours, args.large, args.log_sql)
        return 0
    build_databases()
    try:
        floor = run_measure(DB_FLOOR, False, args.large)
        ours = run_measure(DB_OURS, True, args.large)
    finally:
        if not args.keep:
            drop_database(DB_FLOOR)
            drop_database(DB_OURS)
    return 0 if report(floor, ours, args.large) else 1


if __name__ == "__main__":
    sys.exit(main())
