"""Benchmark: signed webhook deliveries over real HTTP, prefork server, 10% duplicates.

    python3 benchmarks/reseller_billing_webhook_http.py <odoo.conf> [N] [options]

    --concurrency C   client connections in flight at once (default 12)
    --port P          HTTP port of the server it starts (default: the conf's)
    --workers W       Odoo HTTP workers (default 2)
    --cron-workers K  Odoo cron workers, which settle the queue (default 1)
    --keep            leave the database behind (to profile it afterwards)

What it does, start to end:
1. creates the throwaway database ``reseller_bench_webhook_http`` from the test
   template (``RESELLER_TEMPLATE_DB``, else the newest ``reseller_tpl_*``) and
   installs reseller_billing with ``odoo-bin``;
2. invoices N*9/10 clients through their contracts, which posts the invoices and
   registers their slips (PIX included) with the sandbox gateway;
3. starts ``odoo-bin --workers W --max-cron-threads K`` on 127.0.0.1 (prefork; not
   ``python3 -m odoo``, whose prefork cannot respawn its gevent worker) and waits
   for ``/web/health``; every other scheduled action is put off a day, so that
   the cron worker runs only the settlement the webhooks trigger;
4. sends N signed deliveries from C client threads: HMAC-SHA256 over
   ``X-Timestamp + "." + body`` with the gateway secret, as controllers/webhook.py
   checks it. N/10 are duplicates (the same event id again): half of them are
   sent right after their original, so both are in flight at once, the other half
   later, in random order;
5. the webhook answers once the event is recorded and queued; the settlement
   cron books the payments in batches. The script waits until no event is left
   queued: acknowledgement throughput (all answers received) and end to end
   (all payments booked) are both measured from the first delivery;
6. checks that exactly N*9/10 payments were booked (new ``account.payment`` rows,
   paid slips, paid invoices) and that the server logged no ERROR;
7. stops the server and drops the database.
Prints throughput, median and p95 latency and the HTTP status counts, plus one
``emit_row`` per headline figure.
"""

import argparse
import collections
import concurrent.futures
import hashlib
import hmac
import json
import os
import pathlib
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TZ", "UTC")

from benchmarks.bench_table import emit_row  # noqa: E402

# Overridable, so that two worktrees can run it at once on the shared server.
DB = os.environ.get("RESELLER_BENCH_WEBHOOK_DB", "reseller_bench_webhook_http")
ODOO_BIN = os.environ.get("ODOO_BIN", "/opt/odoo18/odoo-bin")
TARGET_PER_SECOND = 20
# A 409 (the slip is being settled by another delivery in flight) is delivered
# again after this many seconds, as a gateway retries any answer but 2xx.
RETRY_DELAY = 0.5
MAX_RETRIES = 5
# Longest wait for the settlement cron to empty the queue.
SETTLE_TIMEOUT = 3600


def psql(sql, dbname="postgres", conf=None):
    return subprocess.run(
        ["psql", "-h", conf["db_host"], "-p", str(conf["db_port"])]
        + ["-U", conf["db_user"], "-d", dbname, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def read_conf(path):
    import configparser

    parser = configparser.ConfigParser()
    parser.read(path)
    return dict(parser["options"])


def create_database(conf_path, conf):
    template = os.environ.get("RESELLER_TEMPLATE_DB") or psql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'reseller_tpl_%' "
        "AND datname NOT LIKE '%_wip' ORDER BY oid DESC LIMIT 1",
        conf=conf,
    )
    if not template:
        sys.exit("No template database: run `make test` once first.")
    drop_database(conf)
    psql(f'CREATE DATABASE "{DB}" TEMPLATE "{template}"', conf=conf)
    filestore = pathlib.Path(conf["data_dir"]) / "filestore"
    if (filestore / template).is_dir():
        subprocess.run(["cp", "-al", filestore / template, filestore / DB], check=True)
    subprocess.run(
        [sys.executable, ODOO_BIN, "-c", conf_path, "-d", DB, "-i", "reseller_billing"]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )


def drop_database(conf):
    psql(f'DROP DATABASE IF EXISTS "{DB}"', conf=conf)
    shutil.rmtree(pathlib.Path(conf["data_dir"]) / "filestore" / DB, ignore_errors=True)


def prepare(env, count):
    """``count`` clients invoiced for last month: posted invoices, registered slips.

    Returns the gateway's code and secret and, per slip, its reference and amount.
    """
    import datetime

    gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
    gateway.active = True  # shipped archived
    partners = env["res.partner"].create(
        [{"name": f"Webhook bench {i:05d}", "is_company": True} for i in range(count)]
    )
    product = env["product.product"].create(
        {"name": "Webhook bench service", "type": "service", "taxes_id": False}
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
    slips = moves.reseller_slip_id
    assert len(slips) == count and set(slips.mapped("state")) == {"registered"}
    assert all(slips.mapped("pix_code"))
    env.flush_all()
    env.cr.execute("ANALYZE")
    return (
        gateway.code,
        gateway.sudo().secret,
        [(slip.external_id, slip.amount) for slip in slips],
    )


def build_deliveries(slips, deliveries, run_tag):
    """The bodies to send, in order: originals, and duplicates near or far."""
    bodies = [
        json.dumps(
            {
                "event_id": f"bench-{run_tag}-{reference}",
                "type": "payment.confirmed",
                "slip_reference": reference,
                "amount": amount,
                "method": "pix" if index % 2 else "boleto",
            }
        ).encode()
        for index, (reference, amount) in enumerate(slips)
    ]
    rng = random.Random(7)
    rng.shuffle(bodies)
    duplicates = rng.sample(range(len(bodies)), deliveries - len(bodies))
    near = set(duplicates[: len(duplicates) // 2])
    far = [bodies[i] for i in duplicates[len(duplicates) // 2 :]]
    ordered = []
    for index, body in enumerate(bodies):
        ordered.append(body)
        if index in near:
            ordered.append(body)  # in flight together with its original
    for body in far:
        ordered.insert(rng.randrange(len(ordered) // 2, len(ordered) + 1), body)
    return ordered


def profile_in_process(env, code, secret, slips):
    """Settle ``slips`` through ``_handle_webhook`` under cProfile, each delivery
    committed apart as the HTTP worker does; print the costliest functions."""
    import cProfile
    import pstats

    bodies = build_deliveries(slips, len(slips), f"profile-{int(time.time())}")
    Gateway = env["reseller.billing.gateway"]
    profiler = cProfile.Profile()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    for body in bodies:
        timestamp = str(int(time.time()))
        digest = hmac.new(
            secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        profiler.enable()
        result = Gateway._handle_webhook(code, body, f"sha256={digest}", timestamp)
        env.cr.commit()
        profiler.disable()
        env.invalidate_all()
        assert result.message == "queued", result
    elapsed = time.perf_counter() - start
    print(
        f"in-process, {len(bodies)} acknowledgements: "
        f"{1000 * elapsed / len(bodies):.1f} ms and "
        f"{(env.cr.sql_log_count - queries) / len(bodies):.0f} queries each"
    )
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    profiler.enable()
    while env["reseller.webhook.event"]._cron_settle_events():
        env.cr.commit()
    profiler.disable()
    elapsed = time.perf_counter() - start
    print(
        f"in-process, settlement cron: {1000 * elapsed / len(bodies):.1f} ms and "
        f"{(env.cr.sql_log_count - queries) / len(bodies):.0f} queries per payment"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(20)


def gevent_worker_environment(shim_dir):
    """The server's environment, with what its gevent worker needs to start.

    In prefork mode odoo-bin respawns a gevent worker (websockets) every second
    while it keeps failing. On this machine it fails at import: gevent's plugin
    loader asks pkg_resources (setuptools 65) for ``zope.interface``, which
    cannot match the normalised name of zope.interface 8's ``zope_interface``
    dist-info. The crash loop would eat a core during the benchmark, so a
    metadata-only ``.egg-info`` of the installed version is put on PYTHONPATH
    for the server's processes; nothing is installed or changed elsewhere.
    """
    from importlib import metadata

    environment = dict(os.environ)
    check = [
        sys.executable,
        "-c",
        "import pkg_resources; pkg_resources.require('gevent')",
    ]
    for _attempt in range(5):
        result = subprocess.run(check, env=environment, capture_output=True, text=True)
        missing = re.search(r"The '([^']+)' distribution was not found", result.stderr)
        if result.returncode == 0 or not missing:
            return environment
        name = missing.group(1)
        egg_info = pathlib.Path(shim_dir) / f"{name}-{metadata.version(name)}.egg-info"
        egg_info.mkdir(parents=True, exist_ok=True)
        (egg_info / "PKG-INFO").write_text(
            f"Metadata-Version: 1.1\nName: {name}\nVersion: {metadata.version(name)}\n"
        )
        if str(shim_dir) not in environment.get("PYTHONPATH", ""):
            environment["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(shim_dir), environment.get("PYTHONPATH")])
            )
    return environment


class Server:
    """``odoo-bin`` in prefork mode, started and stopped by this script only."""

    def __init__(self, conf_path, port, workers, logfile, cron_workers=1):
        self.command = [
            sys.executable,
            ODOO_BIN,
            "-c",
            conf_path,
            "-d",
            DB,
            "--workers",
            str(workers),
            "--max-cron-threads",
            str(cron_workers),
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--gevent-port",
            str(port + 3),
            "--logfile",
            str(logfile),
        ]
        self.url = f"http://127.0.0.1:{port}"
        self.logfile = logfile
        self.process = None

    def __enter__(self):
        import requests

        self.shim = tempfile.mkdtemp(prefix="odoo-bench-shim-")
        environment = gevent_worker_environment(self.shim)
        self.process = subprocess.Popen(
            self.command, start_new_session=True, env=environment
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"odoo-bin exited: see {self.logfile}")
            try:
                if requests.get(self.url + "/web/health", timeout=5).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.5)
        raise RuntimeError("the Odoo server did not start")

    def __exit__(self, *exc):
        # The prefork master stops its workers on SIGTERM; its group is ours alone.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        shutil.rmtree(self.shim, ignore_errors=True)


def send_all(url, code, secret, bodies, concurrency):
    """POST every body from ``concurrency`` threads; one keep-alive session each."""
    import requests

    local = threading.local()
    endpoint = f"{url}/reseller_billing/webhook/{code}"

    def send(body):
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        timestamp = str(int(time.time()))
        digest = hmac.new(
            secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        headers = {
            "Content-Type": "application/json",
            "X-Signature": f"sha256={digest}",
            "X-Timestamp": timestamp,
        }
        attempts = []
        while True:
            start = time.perf_counter()
            response = session.post(endpoint, data=body, headers=headers, timeout=120)
            latency = time.perf_counter() - start
            message = (
                response.json().get("message")
                if response.headers.get("Content-Type", "").startswith(
                    "application/json"
                )
                else response.text[:80]
            )
            attempts.append((response.status_code, message, latency))
            if response.status_code != 409 or len(attempts) > MAX_RETRIES:
                return attempts
            # Another delivery holds the slip: delivered again, as gateways do
            # for any answer but 2xx (they wait minutes; a benchmark cannot).
            time.sleep(RETRY_DELAY)

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        start = time.perf_counter()
        results = list(pool.map(send, bodies))
        elapsed = time.perf_counter() - start
    return results, elapsed


def only_the_settlement_cron(env):
    """Put every other scheduled action off a day, and drop their triggers: the
    cron worker of the benchmark's server is there to settle the queue, not to
    send the invoices' e-mails."""
    settle = env.ref("reseller_billing.ir_cron_reseller_settle_payments")
    env.cr.execute(
        "UPDATE ir_cron SET nextcall = NOW() AT TIME ZONE 'UTC' + INTERVAL '1 day'"
        " WHERE id != %s",
        [settle.id],
    )
    # Posting the invoices triggered the e-mail cron: not part of this benchmark.
    env.cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id != %s", [settle.id])


def wait_until_settled(registry, start, timeout=SETTLE_TIMEOUT):
    """Seconds from ``start`` until no event is left queued (polled)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM reseller_webhook_event WHERE state = 'queued'"
            )
            if not cr.fetchone()[0]:
                return time.perf_counter() - start
        time.sleep(0.25)
    raise RuntimeError("the settlement cron did not empty the queue in time")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("conf")
    parser.add_argument("deliveries", nargs="?", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cron-workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="K",
        help="first settle K more slips in-process under cProfile (not sent over "
        "HTTP) and print where the time goes",
    )
    args = parser.parse_args()
    conf = read_conf(args.conf)
    port = args.port or int(conf.get("http_port", 8069))
    distinct = args.deliveries * 9 // 10
    logfile = pathlib.Path(conf["data_dir"]).parent / "logs" / f"bench-{DB}.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    logfile.unlink(missing_ok=True)

    create_database(args.conf, conf)
    try:
        import odoo
        from odoo.tools import config

        config.parse_config(["-c", args.conf, "-d", DB, "--log-level=warn"])
        odoo.service.server.load_server_wide_modules()
        registry = odoo.modules.registry.Registry(DB)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            prep_start = time.perf_counter()
            code, secret, slips = prepare(env, distinct + args.profile)
            only_the_settlement_cron(env)
            cr.commit()
            if args.profile:
                profile_in_process(env, code, secret, slips[distinct:])
                slips = slips[:distinct]
            print(
                f"prepared {distinct} posted invoices with registered slips in "
                f"{time.perf_counter() - prep_start:.1f} s"
            )
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_payment")
            last_payment_id = cr.fetchone()[0]
        bodies = build_deliveries(slips, args.deliveries, int(time.time()))

        with Server(
            args.conf, port, args.workers, logfile, args.cron_workers
        ) as server:
            start = time.perf_counter()
            results, elapsed = send_all(
                server.url, code, secret, bodies, args.concurrency
            )
            settled_elapsed = wait_until_settled(registry, start)

        with registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM account_payment WHERE id > %s", [last_payment_id]
            )
            payments = cr.fetchone()[0]
            cr.execute(
                "SELECT COUNT(*), COUNT(DISTINCT payment_id) FROM reseller_payment_slip"
                " WHERE state = 'paid' AND external_id IN %s",
                [tuple(reference for reference, _amount in slips)],
            )
            paid_slips, slip_payments = cr.fetchone()
            cr.execute(
                "SELECT COUNT(*) FROM account_move m"
                "  JOIN reseller_payment_slip s ON s.move_id = m.id"
                " WHERE m.payment_state IN ('paid', 'in_payment')"
                "   AND s.external_id IN %s",
                [tuple(reference for reference, _amount in slips)],
            )
            paid_moves = cr.fetchone()[0]
            cr.execute("SELECT result, COUNT(*) FROM reseller_webhook_event GROUP BY 1")
            event_results = dict(cr.fetchall())
    finally:
        if "odoo" in sys.modules:
            sys.modules["odoo"].sql_db.close_db(DB)
        if not args.keep:
            drop_database(conf)

    attempts = [attempt for delivery in results for attempt in delivery]
    statuses = collections.Counter(status for status, _m, _l in attempts)
    messages = collections.Counter(message for _s, message, _l in attempts)
    final_statuses = collections.Counter(delivery[-1][0] for delivery in results)
    latencies = [latency for _s, _m, latency in attempts]
    errors = [
        line.rstrip()
        for line in logfile.read_text(errors="replace").splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    throughput = len(results) / elapsed
    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    print(
        f"deliveries: {len(results)} ({len(results) - distinct} duplicates), "
        f"{args.concurrency} in flight, {args.workers} workers"
    )
    print(
        f"HTTP statuses of all {len(attempts)} requests: {dict(statuses)}; "
        f"final status per delivery: {dict(final_statuses)}"
    )
    print(f"answers: {dict(messages)}")
    print(f"events recorded, by result: {event_results}")
    print(
        f"time: {elapsed:.2f} s, throughput {throughput:.1f} deliveries/s "
        f"(target >= {TARGET_PER_SECOND})"
    )
    print(
        f"end to end: all {distinct} payments booked {settled_elapsed:.2f} s after "
        f"the first delivery, {distinct / settled_elapsed:.1f} payments/s "
        f"({args.cron_workers} cron worker(s))"
    )
    print(
        f"latency per request: median {1000 * median:.0f} ms, p95 {1000 * p95:.0f} ms, "
        f"max {1000 * max(latencies):.0f} ms"
    )
    print(
        f"payments booked: {payments}, slips paid: {paid_slips} "
        f"({slip_payments} distinct payments), invoices paid: {paid_moves} "
        f"(expected {distinct})"
    )
    print(f"server ERROR lines: {len(errors)}")
    for line in errors[:10]:
        print("   " + line)
    exactly_once = payments == paid_slips == slip_payments == paid_moves == distinct
    emit_row(
        f"webhook over HTTP, {len(results)} deliveries acknowledged, "
        f"{args.workers} workers",
        f">= {TARGET_PER_SECOND}/s",
        round(throughput, 1),
        unit="deliveries/s",
        met=throughput >= TARGET_PER_SECOND and exactly_once and not errors,
    )
    emit_row(
        f"webhook over HTTP, end to end: {distinct} payments booked by the cron",
        "-",
        round(settled_elapsed, 1),
        unit="s",
    )
    emit_row(
        "webhook over HTTP, latency median / p95",
        "-",
        f"{1000 * median:.0f} / {1000 * p95:.0f}",
        unit="ms",
    )
    emit_row(
        f"webhook over HTTP, payments for {distinct} distinct events",
        f"exactly {distinct}",
        payments,
        met=exactly_once,
    )
    assert exactly_once, (payments, paid_slips, slip_payments, paid_moves)
    assert final_statuses == {200: len(results)}, final_statuses
    assert not errors, errors[:3]


if __name__ == "__main__":
    main()
