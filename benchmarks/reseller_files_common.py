"""Shared helpers of the reseller_files benchmarks: a database, a server, a client.

Each benchmark creates its own database from the test template (the private
PostgreSQL of `make test` must be running), installs reseller_files, fills it
through the ORM (scripts/odoo_env.py) and, when HTTP is measured, starts a real
Odoo server on a free port and talks to it with `requests`.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
os.environ.setdefault("TZ", "UTC")

RUN_DIR = os.path.join(ROOT, ".run")
CONF = os.environ.get("RESELLER_ODOO_CONF", os.path.join(RUN_DIR, "odoo-test.conf"))
PORTAL_LOGIN = "bench_files_portal"
PORTAL_PASSWORD = "bench_files_portal"


def psql(sql, dbname="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", "54329", "-U", "odoo", "-d", dbname]
        + ["-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def create_database(dbname):
    """A fresh copy of the test template with reseller_files installed."""
    template = os.environ.get("RESELLER_TEMPLATE_DB") or psql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'reseller_tpl_%' "
        "AND datname NOT LIKE '%_wip' ORDER BY oid DESC LIMIT 1"
    )
    if not template:
        sys.exit("No template database: run `make test` once first.")
    psql(f'DROP DATABASE IF EXISTS "{dbname}"')
    psql(f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')
    filestore = os.path.join(RUN_DIR, "data", "filestore")
    shutil.rmtree(os.path.join(filestore, dbname), ignore_errors=True)
    if os.path.isdir(os.path.join(filestore, template)):
        subprocess.run(
            ["cp", "-al"]
            + [os.path.join(filestore, template), os.path.join(filestore, dbname)],
            check=True,
        )
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", CONF, "-d", dbname, "-i", "reseller_files"]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
        cwd=ROOT,
    )


def drop_database(dbname):
    psql(f'DROP DATABASE IF EXISTS "{dbname}"')
    shutil.rmtree(
        os.path.join(RUN_DIR, "data", "filestore", dbname), ignore_errors=True
    )


_CONFIGURED = []


@contextlib.contextmanager
def orm(dbname):
    """An ORM environment (superuser) committed at the end of the block.

    Like scripts/odoo_env.py, but usable several times in one process: Odoo's
    configuration can only be parsed once.
    """
    import odoo
    from odoo.tools import config

    if not _CONFIGURED:
        config.parse_config(["-c", CONF, "-d", dbname])
        odoo.service.server.load_server_wide_modules()
        _CONFIGURED.append(True)
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        yield env
        env.flush_all()
        cr.commit()


def create_portal_client(env, name="Bench Client"):
    client = env["res.partner"].create({"name": name, "is_company": True})
    contact = env["res.partner"].create(
        {"name": f"{name} contact", "parent_id": client.id, "email": "b@bench.example"}
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": contact.name,
            "login": PORTAL_LOGIN,
            "password": PORTAL_PASSWORD,
            "partner_id": contact.id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A real Odoo HTTP server (threaded, workers = 0) on a free port."""

    def __init__(self, dbname):
        self.dbname = dbname
        self.port = free_port()
        self.logfile = os.path.join(RUN_DIR, "logs", f"bench-{dbname}.log")
        self.process = None

    def __enter__(self):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.logfile)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "odoo", "-c", CONF, "-d", self.dbname]
            + ["--http-port", str(self.port), "--db-filter", f"^{self.dbname}$"]
            + ["--logfile", self.logfile, "--log-level", "info"]
            + ["--max-cron-threads", "0", "--gevent-port", str(free_port())],
            cwd=ROOT,
        )
        import requests

        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(self.url("/web/login"), timeout=5).status_code == 200:
                    return self
            # a busy machine may accept the connection before it can answer
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(1)
        raise RuntimeError("the Odoo server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def login(self, login=PORTAL_LOGIN, password=PORTAL_PASSWORD):
        import requests

        session = requests.Session()
        page = session.get(self.url("/web/login"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = session.post(
            self.url("/web/login"),
            data={"login": login, "password": password, "csrf_token": token},
        )
        response.raise_for_status()
        return session

    def query_count(self, session, path):
        """Queries of one request, as Odoo's werkzeug access log reports them."""
        response = session.get(self.url(path))
        response.raise_for_status()
        time.sleep(0.2)
        pattern = re.compile(
            r'"GET ' + re.escape(path) + r' HTTP/1.1" 200 - (\d+) ([\d.]+) ([\d.]+)'
        )
        with open(self.logfile) as log:
            matches = pattern.findall(log.read())
        count, sql_time, other_time = matches[-1]
        return int(count), float(sql_time) + float(other_time)

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            values = dict(
                line.split(":", 1) for line in status.read().splitlines() if ":" in line
            )
        return {key: int(values[key].split()[0]) * 1024 for key in ("VmRSS", "VmHWM")}

    def reset_peak(self):
        # writing 5 to clear_refs resets the peak RSS (VmHWM) of the process
        with open(f"/proc/{self.process.pid}/clear_refs", "w") as refs:
            refs.write("5")
