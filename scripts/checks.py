"""Static checks over the addons, one verdict per check and addon.

- ruff lint and format (settings in pyproject.toml);
- pylint-odoo's mandatory checks (.pylintrc-mandatory, as OCA runs them);
- every XML file is well-formed;
- manifest sanity: required keys, every listed data file exists, every data file
  is listed, readme fragments, icon and translations are present;
- translations complete: every entry of an addon's .pot is translated in each of
  its languages, and no entry is fuzzy;
- no merge-conflict markers left in a tracked file.

Prints a line per check and, last, a JSON object {"passed": N, "failed": N}.
"""

import ast
import json
import pathlib
import re
import subprocess
import sys

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
DATA_DIRS = ("data", "views", "security", "report", "wizard", "demo")
REQUIRED_KEYS = (
    "name",
    "version",
    "license",
    "author",
    "website",
    "development_status",
    "depends",
)
README_FRAGMENTS = ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md")
# Languages each addon ships, beyond the .pot template.
LANGUAGES = {
    "reseller_guard": ("pt_BR", "es"),
    "reseller_files": ("pt_BR",),
    "reseller_billing": ("pt_BR",),
    "client_portal": ("pt_BR", "es"),
    "accounting_share": ("pt_BR", "es"),
}


def check_manifest(addon):
    problems = []
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    problems += [f"manifest lacks '{k}'" for k in REQUIRED_KEYS if k not in manifest]
    if not re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest.get("version", "")):
        problems.append("version is not 18.0.x.y.z")
    if manifest.get("license") != "LGPL-3":
        problems.append("license is not LGPL-3")
    listed = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    problems += [
        f"listed file missing: {f}" for f in sorted(listed) if not (addon / f).is_file()
    ]
    on_disk = {
        str(p.relative_to(addon))
        for d in DATA_DIRS
        for p in (addon / d).rglob("*")
        if p.suffix in (".xml", ".csv")
    }
    problems += [f"file not listed in manifest: {f}" for f in sorted(on_disk - listed)]
    problems += [
        f"readme/{f} missing"
        for f in README_FRAGMENTS
        if not (addon / "readme" / f).is_file()
    ]
    if not (addon / "static/description/icon.png").is_file():
        problems.append("static/description/icon.png missing")
    if not (addon / "i18n" / f"{addon.name}.pot").is_file():
        problems.append(f"i18n/{addon.name}.pot missing")
    for lang in LANGUAGES.get(addon.name, ("pt_BR",)):
        if not (addon / "i18n" / f"{lang}.po").is_file():
            problems.append(f"i18n/{lang}.po missing")
    return problems


def check_translations(addon):
    from babel.messages.pofile import read_po

    def read(path):
        with open(path, "rb") as handle:
            return read_po(handle)

    template = addon / "i18n" / f"{addon.name}.pot"
    if not template.is_file():
        return []  # reported by the manifest check
    wanted = {message.id for message in read(template) if message.id}
    problems = []
    for lang in LANGUAGES.get(addon.name, ("pt_BR",)):
        path = addon / "i18n" / f"{lang}.po"
        if not path.is_file():
            continue  # reported by the manifest check
        catalog = read(path)
        done = {
            message.id
            for message in catalog
            if message.id and message.string and not message.fuzzy
        }
        missing = sorted(wanted - done, key=str)
        problems += [f"{lang}.po: untranslated {msgid!r}" for msgid in missing[:20]]
        if len(missing) > 20:
            problems.append(f"{lang}.po: ... {len(missing) - 20} more untranslated")
    return problems


def check_conflict_markers():
    proc = subprocess.run(
        ["git", "grep", "-nE", "^(<<<<<<<|>>>>>>>) ", "--", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return proc.stdout.splitlines()


def check_xml(addon):
    problems = []
    for path in sorted(addon.rglob("*.xml")):
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            problems.append(f"{path.relative_to(ROOT)}: {exc}")
    return problems


def run(cmd):
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    output = (proc.stdout + proc.stderr).strip()
    return [] if proc.returncode == 0 else [output or f"exit {proc.returncode}"]


def main():
    addons = sorted(p.parent for p in ADDONS.glob("*/__manifest__.py"))
    python_trees = [
        str(p)
        for p in (ADDONS, ROOT / "tests", ROOT / "scripts", ROOT / "benchmarks")
        if p.exists()
    ]
    checks = [
        (
            "ruff lint",
            lambda: run([sys.executable, "-m", "ruff", "check", *python_trees]),
        ),
        (
            "ruff format",
            lambda: run(
                [sys.executable, "-m", "ruff", "format", "--check", *python_trees]
            ),
        ),
        (
            "pylint-odoo mandatory",
            lambda: run(
                [
                    sys.executable,
                    "-m",
                    "pylint",
                    "--rcfile=.pylintrc-mandatory",
                    *[str(a) for a in addons],
                ]
            ),
        ),
    ]
    checks.append(("no merge-conflict markers", check_conflict_markers))
    for addon in addons:
        checks.append((f"{addon.name}: XML well-formed", lambda a=addon: check_xml(a)))
        checks.append(
            (
                f"{addon.name}: translations complete",
                lambda a=addon: check_translations(a),
            )
        )
        checks.append(
            (f"{addon.name}: manifest sanity", lambda a=addon: check_manifest(a))
        )
    passed = failed = 0
    for name, check in checks:
        problems = check()
        if problems:
            failed += 1
            print(f"FAILED  {name}")
            for problem in problems:
                print("        " + problem.replace("\n", "\n        "))
        else:
            passed += 1
            print(f"PASSED  {name}")
    print(json.dumps({"passed": passed, "failed": failed}))


if __name__ == "__main__":
    main()
