"""Open an Odoo environment on a database from a plain Python script.

Used by the demo loader and the benchmarks, which need the ORM without a server:

    with odoo_env("/path/odoo.conf", "reseller_demo") as env:
        env["res.partner"].search([])

The transaction is committed when the block ends without error, rolled back otherwise.
"""

import contextlib
import os

os.environ.setdefault("TZ", "UTC")

import odoo  # noqa: E402
from odoo.tools import config  # noqa: E402


@contextlib.contextmanager
def odoo_env(conf_path, dbname, context=None, options=()):
    """`options`: more Odoo command-line options, e.g. ("--log-level=warn",)."""
    config.parse_config(["-c", conf_path, "-d", dbname, *options])
    odoo.service.server.load_server_wide_modules()
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, context or {})
