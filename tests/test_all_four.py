"""All the suite's addons together: they install side by side, a portal user reaches /my
over real HTTP, and each uninstalls cleanly, dependents first."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests

from .conftest import ADDONS
from .test_install_upgrade_uninstall import (
    assert_uninstalled,
    module_state,
    own_models,
    uninstall,
)

PORTAL_LOGIN = "smoke@cliente.example"
PORTAL_PASSWORD = "smoke-portal-1"


@pytest.fixture(scope="module")
def all_four(site):
    dbname = "reseller_cross_all"
    site.copy_template(dbname)
    site.odoo(dbname, "-i", ",".join(ADDONS))
    yield site, dbname
    site.drop(dbname)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def odoo_server(site, dbname):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            site.conf_path,
            "-d",
            dbname,
            f"--db-filter=^{dbname}$",
            "--http-port",
            str(port),
            "--gevent-port",
            str(free_port()),
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TZ": "UTC"},
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base_url}/web/health", timeout=5).ok:
                    break
            assert proc.poll() is None, "Odoo exited before serving"
            time.sleep(0.5)
        else:
            pytest.fail("Odoo did not answer /web/health within 120 s")
        yield base_url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_all_four_installed(all_four):
    site, dbname = all_four
    assert [module_state(site, dbname, a) for a in ADDONS] == ["installed"] * len(
        ADDONS
    )


def test_portal_user_reaches_my_over_http(all_four):
    site, dbname = all_four
    site.script(
        dbname,
        f"""
company = env['res.partner'].create(
    {{'name': 'Smoke Cliente LTDA', 'is_company': True}})
contact = env['res.partner'].create({{'name': 'Smoke Contact', 'parent_id': company.id,
                                      'email': {PORTAL_LOGIN!r}}})
env['res.users'].with_context(no_reset_password=True).create({{
    'name': 'Smoke Contact', 'login': {PORTAL_LOGIN!r}, 'password': {PORTAL_PASSWORD!r},
    'partner_id': contact.id,
    'groups_id': [(6, 0, [env.ref('base.group_portal').id])]}})
""",
    )
    with odoo_server(site, dbname) as base_url:
        session = requests.Session()
        login_page = session.get(f"{base_url}/web/login", timeout=30)
        assert login_page.status_code == 200
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text).group(1)
        answer = session.post(
            f"{base_url}/web/login",
            data={
                "login": PORTAL_LOGIN,
                "password": PORTAL_PASSWORD,
                "csrf_token": csrf,
            },
            timeout=60,
        )
        assert answer.status_code == 200
        my = session.get(f"{base_url}/my", timeout=60, allow_redirects=False)
        assert my.status_code == 200, my.text[:500]
        assert "Smoke Contact" in my.text
        # An anonymous visitor is sent to the login page instead.
        anonymous = requests.get(f"{base_url}/my", timeout=60, allow_redirects=False)
        assert anonymous.status_code in (302, 303)
        assert "/web/login" in anonymous.headers["Location"]


def test_each_uninstalls_cleanly_dependents_first(all_four):
    site, dbname = all_four
    models = {addon: own_models(site, dbname, addon) for addon in ADDONS}
    for addon in reversed(ADDONS):
        uninstall(site, dbname, addon)
        assert_uninstalled(site, dbname, addon, models[addon])
