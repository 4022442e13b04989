"""Load the demo data: python3 -m scripts.demo <odoo.conf> <database> <stage>

stage "prepare": before the addons install (company name and currency, pt_BR).
stage "load": after they install; then every scripts/demo/<addon>.py that exists
and whose addon is installed gets `load(env, demo)`.
"""

import importlib
import pathlib
import sys

from scripts.demo import base
from scripts.odoo_env import odoo_env

HERE = pathlib.Path(__file__).parent
# In dependency order: accounting_share's demo may use reseller_files' folders.
SUITE = ("reseller_files", "reseller_billing", "client_portal", "accounting_share")


def main():
    conf_path, dbname, stage = sys.argv[1:4]
    with odoo_env(conf_path, dbname, options=("--log-level=warn",)) as env:
        if stage == "prepare":
            base.prepare_company(env)
            return
        demo = base.load(env)
        installed = set(
            env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        )
        for addon in SUITE:
            if addon in installed and (HERE / f"{addon}.py").is_file():
                importlib.import_module(f"scripts.demo.{addon}").load(env, demo)


if __name__ == "__main__":
    main()
