"""Shared fixtures of the cross-module tests.

These tests drive real Odoo processes against the private PostgreSQL that
scripts/test.sh started; each database is a copy of the template database that
scripts/test.sh built (Odoo's own modules we depend on, no demo data).
"""

import configparser
import os
import pathlib
import shutil
import subprocess
import sys

import psycopg2
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Dependencies first: uninstalled in reverse order.
ADDONS = [
    "reseller_guard",
    "reseller_files",
    "reseller_billing",
    "client_portal",
    "accounting_share",
]


class OdooSite:
    """A template database and the commands to copy it, run Odoo on it and query it."""

    def __init__(self, conf_path, template, run_dir):
        self.conf_path = conf_path
        self.template = template
        self.run_dir = pathlib.Path(run_dir)
        parser = configparser.ConfigParser()
        parser.read(conf_path)
        self.options = parser["options"]

    def connect(self, dbname):
        return psycopg2.connect(
            dbname=dbname,
            host=self.options["db_host"],
            port=self.options["db_port"],
            user=self.options["db_user"],
        )

    def copy_template(self, dbname):
        self.drop(dbname)
        conn = self.connect("postgres")
        conn.autocommit = True
        conn.cursor().execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{self.template}"')
        conn.close()
        source = self.run_dir / "data" / "filestore" / self.template
        if source.is_dir():
            shutil.copytree(source, self.run_dir / "data" / "filestore" / dbname)

    def drop(self, dbname):
        conn = self.connect("postgres")
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.close()
        shutil.rmtree(self.run_dir / "data" / "filestore" / dbname, ignore_errors=True)

    def odoo(self, dbname, *args, check=True):
        """Run Odoo once; fail on a non-zero exit or an ERROR line."""
        cmd = [sys.executable, "-m", "odoo", "-c", self.conf_path, "-d", dbname]
        cmd += [*args, "--stop-after-init", "--without-demo=all", "--log-level=warn"]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
        )
        output = proc.stdout + proc.stderr
        if check:
            assert proc.returncode == 0, output[-4000:]
            errors = [line for line in output.splitlines() if " ERROR " in line]
            assert not errors, "\n".join(errors[:20])
        return output

    def script(self, dbname, code, *args):
        """Run Python code with `env` bound to the database (committed at the end)."""
        program = (
            "import sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from scripts.odoo_env import odoo_env\n"
            "with odoo_env(sys.argv[1], sys.argv[2]) as env:\n"
            + "".join(f"    {line}\n" for line in code.strip().splitlines())
        )
        proc = subprocess.run(
            [sys.executable, "-c", program, self.conf_path, dbname, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "TZ": "UTC"},
        )
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
        return proc.stdout

    def query(self, dbname, sql, params=None):
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall()
        finally:
            conn.close()


@pytest.fixture(scope="session")
def site():
    missing = [
        name
        for name in ("RESELLER_ODOO_CONF", "RESELLER_TEMPLATE_DB", "RESELLER_RUN_DIR")
        if not os.environ.get(name)
    ]
    if missing:
        pytest.fail(
            "run these tests through `make test` (scripts/test.sh), which prepares "
            f"PostgreSQL and the template database; missing: {', '.join(missing)}"
        )
    return OdooSite(
        os.environ["RESELLER_ODOO_CONF"],
        os.environ["RESELLER_TEMPLATE_DB"],
        os.environ["RESELLER_RUN_DIR"],
    )
