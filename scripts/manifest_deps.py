"""Print the Odoo modules our addons depend on that are not our addons.

Used to build the template database once, so that every test database is a cheap copy.
"""

import ast
import pathlib
import sys

ADDONS_DIR = pathlib.Path(__file__).resolve().parent.parent / "addons"


def main():
    ours = {p.parent.name: p for p in ADDONS_DIR.glob("*/__manifest__.py")}
    external = set()
    for manifest_path in ours.values():
        manifest = ast.literal_eval(manifest_path.read_text())
        external.update(d for d in manifest.get("depends", []) if d not in ours)
    sys.stdout.write(",".join(sorted(external)) + "\n")


if __name__ == "__main__":
    main()
