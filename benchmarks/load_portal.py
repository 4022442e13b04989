"""Benchmark: portal load held by a real Odoo server in prefork mode.

    python3 benchmarks/load_portal.py [--users 30] [--duration 60] [--port 8295]
                                      [--source-db reseller_demo]

What it does, bounded in time and count, on 127.0.0.1 only:
1. a virtual environment of its own, .run/venv-locust, with Locust pinned
   (LOCUST_PIN below): Locust's pins clash with Odoo's gevent and urllib3, so it
   never runs in Odoo's environment;
2. a throwaway copy of the demo database (`make run` builds reseller_demo; built here
   the same way when absent): `createdb -T` and the filestore hard-linked (`cp -al`),
   then this checkout's addons upgraded on the copy;
3. the server, `python3 <odoo>/odoo-bin -c <conf> -d <copy> --workers 2
   --http-port <port>` (prefork; not `python3 -m odoo`, whose prefork server respawns
   its gevent worker through __main__.py and crash-loops), bound to 127.0.0.1;
4. one session per user logged in through /web/login beforehand, spread over the
   three demo clients (emitente@, aurora@, horizonte@cliente.example, password
   portal): a login costs a second of CPU (pbkdf2), which would fill the minute;
5. Locust headless: `--users` users, each on its session, for `--duration` seconds,
   reading its client's list pages once, then browsing /my, folders, downloads,
   orders, invoices and publications and uploading small files with the CSRF token
   of the folder page (benchmarks/locustfile_portal.py);
6. every upload the server accepted is looked up in the database (reseller.file by
   name): nothing lost;
7. the server is stopped and the copy dropped, whatever happened.

Prints requests per second, the median and 95th percentile per page, the error
count (target 0) and the uploads found, and one BENCH-ROW per figure.
"""

import argparse
import contextlib
import csv
import http.cookiejar
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_table import emit_row  # noqa: E402

RUN_DIR = ROOT / ".run"
VENV = RUN_DIR / "venv-locust"
LOCUST_PIN = "locust==2.32.4"
HOST = "127.0.0.1"
CLIENT_LOGINS = ("emitente", "aurora", "horizonte")
PASSWORD = "portal"
ADDONS = "reseller_guard,reseller_files,reseller_billing,client_portal,accounting_share"
PG = {
    "PGHOST": os.environ.get("PGHOST", "127.0.0.1"),
    "PGPORT": os.environ.get("PGPORT", "54329"),
    "PGUSER": os.environ.get("PGUSER", "odoo"),
}
ENV = dict(os.environ, TZ="UTC", **PG)


def log(message):
    print(f"==> {message}", flush=True)


def run(args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, **kwargs)


def psql(sql, dbname="postgres"):
    return run(
        ["psql", "-d", dbname, "-tAc", sql], capture_output=True, text=True
    ).stdout.strip()


def odoo_bin():
    """odoo-bin next to the importable odoo package (e.g. /opt/odoo18/odoo-bin)."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("odoo")
    package_dir = pathlib.Path(next(iter(spec.submodule_search_locations)))
    path = package_dir.parent / "odoo-bin"
    if not path.exists():
        sys.exit(f"odoo-bin not found next to {package_dir}")
    return path


def ensure_venv():
    """.run/venv-locust with LOCUST_PIN, created or fixed when needed."""
    locust = VENV / "bin" / "locust"
    wanted = LOCUST_PIN.split("==")[1]
    if locust.exists():
        version = subprocess.run(
            [str(locust), "--version"], capture_output=True, text=True, check=False
        ).stdout
        if f"locust {wanted} " in version:
            return locust
    log(f"creating {VENV.relative_to(ROOT)} with {LOCUST_PIN}")
    run([sys.executable, "-m", "venv", str(VENV)])
    run([str(VENV / "bin" / "pip"), "install", "-q", LOCUST_PIN])
    return locust


def write_conf(path, port):
    site_addons = pathlib.Path(odoo_bin()).parent / "odoo" / "addons"
    path.write_text(
        "\n".join(
            [
                "[options]",
                f"db_host = {PG['PGHOST']}",
                f"db_port = {PG['PGPORT']}",
                f"db_user = {PG['PGUSER']}",
                "db_password = False",
                f"addons_path = {ROOT / 'addons'},{site_addons},{_pip_addons()}",
                f"data_dir = {RUN_DIR / 'data'}",
                f"http_interface = {HOST}",
                f"http_port = {port}",
                f"gevent_port = {port + 3}",
                "list_db = False",
                "workers = 2",
                "max_cron_threads = 0",
                "limit_time_real = 120",
                "limit_time_cpu = 60",
                "",
            ]
        )
    )


def _pip_addons():
    import sysconfig  # noqa: PLC0415

    # report_xlsx and the other OCA wheels (scripts/common.sh).
    return os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons")


def ensure_source_db(conf, source_db):
    """The demo database, built as `make run` builds it when absent."""
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{source_db}'") == "1":
        return
    log(f"building the demo database {source_db} (as scripts/run.sh does)")
    odoo = [sys.executable, str(odoo_bin()), "-c", str(conf), "-d", source_db]
    run(
        [*odoo, "-i", "base", "--without-demo=all", "--load-language=pt_BR"]
        + ["--stop-after-init", "--log-level=warn"],
        cwd=ROOT,
    )
    run(
        [sys.executable, "-m", "scripts.demo", str(conf), source_db, "prepare"],
        cwd=ROOT,
    )
    run([*odoo, "-i", ADDONS, "--stop-after-init", "--log-level=warn"], cwd=ROOT)
    run([sys.executable, "-m", "scripts.demo", str(conf), source_db, "load"], cwd=ROOT)


def copy_db(source_db, copy):
    filestore = RUN_DIR / "data" / "filestore"
    drop_db(copy)
    try:
        run(["createdb", "-T", source_db, copy], capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        sys.exit(
            f"createdb -T {source_db} failed ({error.stderr.strip()}): stop the "
            f"server using {source_db} (make run) and try again"
        )
    if (filestore / source_db).is_dir():
        run(["cp", "-al", str(filestore / source_db), str(filestore / copy)])


def drop_db(dbname):
    run(["dropdb", "--if-exists", dbname])
    shutil.rmtree(RUN_DIR / "data" / "filestore" / dbname, ignore_errors=True)


@contextlib.contextmanager
def server(conf, dbname, port, log_path):
    """The prefork server, in a process group of its own, stopped at the end."""
    args = [sys.executable, str(odoo_bin()), "-c", str(conf), "-d", dbname]
    args += ["--workers", "2", "--http-port", str(port), f"--db-filter=^{dbname}$"]
    # A prefork worker waits 2 s for a request once it accepted its connection: meant
    # for a reverse proxy that sends whole requests. Here Locust shares the cores and
    # may stall longer between connecting and sending, which is not the server's
    # doing: Odoo's own ODOO_HTTP_SOCKET_TIMEOUT gives it 10 s.
    env = dict(ENV, ODOO_HTTP_SOCKET_TIMEOUT="10")
    with open(log_path, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(process, port)
            yield process
        finally:
            _stop(process)


def _wait_ready(process, port, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with status {process.returncode}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(
                f"http://{HOST}:{port}/web/login", timeout=10
            ) as response:
                if response.status == 200:
                    return
        time.sleep(1)
    sys.exit("the server did not answer within 180 s")


def _stop(process):
    """SIGTERM to the server's own process group (the master and its workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def login_sessions(port, users, workdir):
    """One session per user, logged in before the measured minute, in turn over
    the three clients: Odoo's password hashing (pbkdf2, 600,000 rounds) costs a
    second of CPU per login, which would otherwise fill the minute."""
    sessions = []
    start = time.perf_counter()
    for index in range(users):
        login = f"{CLIENT_LOGINS[index % len(CLIENT_LOGINS)]}@cliente.example"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://{HOST}:{port}"
        with opener.open(f"{base}/web/login", timeout=120) as response:
            page = response.read().decode()
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page).group(1)
        form = {"login": login, "password": PASSWORD, "csrf_token": token}
        data = urllib.parse.urlencode(dict(form, redirect="/my")).encode()
        with opener.open(f"{base}/web/login", data=data, timeout=120) as response:
            if "/web/login" in response.url:
                sys.exit(f"login refused for {login}")
            response.read()
        session_id = next(cookie.value for cookie in jar if cookie.name == "session_id")
        sessions.append({"login": login, "session_id": session_id})
    seconds = time.perf_counter() - start
    path = workdir / "sessions.json"
    path.write_text(json.dumps(sessions))
    log(
        f"{users} sessions logged in, in {seconds:.1f} s ({seconds / users:.2f} s each)"
    )
    return path, seconds


def run_locust(locust, port, users, duration, workdir, sessions_file):
    uploads_file = workdir / "uploads.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["LOAD_UPLOADS_FILE"] = str(uploads_file)
    env["LOAD_SESSIONS_FILE"] = str(sessions_file)
    args = [
        str(locust),
        "-f",
        str(ROOT / "benchmarks" / "locustfile_portal.py"),
        "--headless",
        "--host",
        f"http://{HOST}:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "20",
        "--csv",
        str(workdir / "load"),
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    log(f"Locust: {users} users for {duration} s on http://{HOST}:{port}")
    subprocess.run(
        args, check=True, env=env, timeout=duration + 180, stdout=subprocess.DEVNULL
    )
    with open(workdir / "load_stats.csv", encoding="utf-8") as file:
        stats = list(csv.DictReader(file))
    with open(workdir / "load_failures.csv", encoding="utf-8") as file:
        failures = list(csv.DictReader(file))
    uploads = json.loads(uploads_file.read_text()) if uploads_file.exists() else []
    return stats, failures, uploads


def count_uploads(dbname, names):
    if not names:
        return 0
    # The names are generated by the locustfile: load-<12 hex>.txt.
    values = ",".join(
        f"'{name}'"
        for name in names
        if name.replace(".", "").replace("-", "").isalnum()
    )
    return int(
        psql(
            f"SELECT COUNT(DISTINCT name) FROM reseller_file WHERE name IN ({values})",
            dbname,
        )
    )


def server_errors(log_path):
    with open(log_path, encoding="utf-8", errors="replace") as file:
        return [
            line.rstrip() for line in file if " ERROR " in line or " CRITICAL " in line
        ]


def report(stats, failures, uploads, found, errors, users, duration):
    total = next(row for row in stats if row["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    failed = int(total["Failure Count"])
    rps = float(total["Requests/s"])
    print()
    print(f"{users} users, {duration} s: {requests} requests, {rps:.1f} requests/s")
    print(
        f"{'page':22} {'requests':>9} {'failures':>9} {'median ms':>10} {'p95 ms':>8}"
    )
    for row in stats:
        if row["Name"] == "Aggregated":
            continue
        print(
            f"{row['Name']:22} {row['Request Count']:>9} {row['Failure Count']:>9}"
            f" {row['50%']:>10} {row['95%']:>8}"
        )
    print(f"{'all':22} {requests:>9} {failed:>9} {total['50%']:>10} {total['95%']:>8}")
    for failure in failures:
        print(f"failure: {failure['Method']} {failure['Name']}: {failure['Error']}")
    print(f"uploads accepted: {len(uploads)}, found in the database: {found}")
    print(f"server ERROR lines: {len(errors)}")
    for line in errors[:10]:
        print(f"   {line}")
    size = f"{users} users x {duration} s"
    emit_row(f"portal load, {size}: requests/s", "-", round(rps, 1), unit="req/s")
    pages = ("/my", "folder", "download", "order", "invoice", "publication", "upload")
    for row in stats:
        if row["Name"] in pages:
            emit_row(
                f"portal load, {size}: {row['Name']} median / p95",
                "-",
                f"{row['50%']} / {row['95%']} ms",
            )
    emit_row(
        f"portal load, {size}: errors (HTTP + server log)",
        "0",
        failed + len(errors),
        met=failed + len(errors) == 0,
    )
    emit_row(
        f"portal load, {size}: uploads found / accepted",
        "all, none lost",
        found,
        len(uploads),
        met=bool(uploads) and found == len(uploads),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--port", type=int, default=8295)
    parser.add_argument("--source-db", default="reseller_demo")
    options = parser.parse_args()
    if not 1 <= options.users <= 200 or not 5 <= options.duration <= 600:
        sys.exit("--users 1..200 and --duration 5..600 s")
    locust = ensure_venv()
    copy = f"bench_load_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="load-portal-") as tmp:
        workdir = pathlib.Path(tmp)
        conf = workdir / "odoo.conf"
        write_conf(conf, options.port)
        ensure_source_db(conf, options.source_db)
        log(f"copying {options.source_db} to {copy}")
        copy_db(options.source_db, copy)
        try:
            log(f"upgrading this checkout's addons on {copy}")
            run(
                [sys.executable, str(odoo_bin()), "-c", str(conf), "-d", copy]
                + ["-u", ADDONS, "--stop-after-init", "--log-level=warn"],
                cwd=ROOT,
            )
            log_path = RUN_DIR / "logs" / f"load-portal-{copy}.log"
            log(f"starting the server (--workers 2), log {log_path.relative_to(ROOT)}")
            with server(conf, copy, options.port, log_path):
                sessions_file, _seconds = login_sessions(
                    options.port, options.users, workdir
                )
                stats, failures, uploads = run_locust(
                    locust,
                    options.port,
                    options.users,
                    options.duration,
                    workdir,
                    sessions_file,
                )
            found = count_uploads(copy, uploads)
            errors = server_errors(log_path)
        finally:
            drop_db(copy)
    report(stats, failures, uploads, found, errors, options.users, options.duration)


if __name__ == "__main__":
    main()
