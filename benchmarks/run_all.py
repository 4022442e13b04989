"""`make bench`: every benchmark of benchmarks/, then one table of their figures.

    make bench            the full sizes (the README's figures)
    make bench QUICK=1    small sizes, for anyone checking a change (under 10 minutes
                          on an idle 2-core machine)
    make bench ONLY=load_portal,accounting_share_reports    those scripts alone

Each script prints its own details, and one `BENCH-ROW <json>` line per headline
figure (benchmarks/bench_table.py); this collects them into one table: figure |
target | ours | floor or anchor | ratio | met. A script listed in BENCHMARKS but
absent from this checkout gets a "missing" row, one that fails a "failed" row: the
others still run. Each script's output is kept in .run/logs/bench/<script>.log.

How a script gets its database (`setup` in BENCHMARKS):
- "self": it builds (and drops) its own from the test template;
- "conf": it takes the Odoo configuration first and builds its own;
- "db": it takes `<odoo.conf> <database>`: a throwaway copy of a database prepared
  once per set of addons (`install`), from the test template, dropped at the end.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / ".run"
LOG_DIR = RUN_DIR / "logs" / "bench"
ROW_PREFIX = "BENCH-ROW "


@dataclass(frozen=True)
class Benchmark:
    script: str
    setup: str  # "self", "conf" or "db" (see the module docstring)
    quick: tuple = ()
    full: tuple = ()
    install: str = ""  # addons of the prepared database, for setup "db"
    timeout: int = 7200  # seconds, at the full size
    # setup "db": run on the database another script kept (kept_for_next) behind
    db_from: str = ""
    kept_for_next: bool = False


BENCHMARKS = (
    Benchmark("reseller_files_queries.py", "self", ("300",), ()),
    Benchmark("reseller_files_backfill.py", "self", ("2000",), ()),
    Benchmark("reseller_files_memory.py", "self", (), ()),
    Benchmark("reseller_files_zip.py", "self", ("50",), ()),
    Benchmark("reseller_files_requests.py", "self", ("300",), ()),
    Benchmark("client_portal_order_page.py", "self", (), ()),
    Benchmark("portal_queries.py", "self", ("--large", "200"), ("--large", "1000")),
    Benchmark(
        "reseller_billing_recurring.py",
        "db",
        ("100",),
        ("2000",),
        "reseller_billing",
        kept_for_next=True,
    ),
    # It pays the slips the recurring run registered, on its database.
    Benchmark(
        "reseller_billing_webhook.py",
        "db",
        ("100",),
        ("1000",),
        "reseller_billing",
        db_from="reseller_billing_recurring.py",
    ),
    Benchmark("reseller_billing_webhook_http.py", "conf", ("100",), ("1000",)),
    Benchmark(
        "reseller_billing_reconcile.py", "db", ("300",), ("10000",), "reseller_billing"
    ),
    Benchmark(
        "reseller_billing_oca_contract.py",
        "db",
        ("100",),
        ("2000",),
        "reseller_billing,contract",
    ),
    Benchmark(
        "accounting_share_reports.py",
        "db",
        ("20000",),
        ("200000",),
        "accounting_share,account_financial_report",
    ),
    Benchmark(
        "accounting_share_obligations.py",
        "db",
        ("50",),
        ("1000",),
        "accounting_share,account_financial_report",
    ),
    Benchmark(
        "accounting_share_intake.py",
        "db",
        (),
        (),
        "accounting_share,account_financial_report",
    ),
    Benchmark(
        "load_portal.py",
        "self",
        ("--users", "30", "--duration", "30", "--port", "8295"),
        ("--users", "30", "--duration", "60", "--port", "8295"),
    ),
)


def log(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def psql(sql, dbname="postgres"):
    return subprocess.run(
        ["psql", "-d", dbname, "-tAc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def odoo(conf, dbname, *args):
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", conf, "-d", dbname, *args]
        + ["--stop-after-init", "--log-level=warn"],
        check=True,
        cwd=ROOT,
        env=dict(os.environ, TZ="UTC"),
        stdout=subprocess.DEVNULL,
    )


def copy_db(source, target):
    drop_db(target)
    psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    filestore = RUN_DIR / "data" / "filestore"
    if (filestore / source).is_dir():
        subprocess.run(
            ["cp", "-al", filestore / source, filestore / target], check=True
        )


def drop_db(dbname):
    psql(f'DROP DATABASE IF EXISTS "{dbname}"')
    shutil.rmtree(RUN_DIR / "data" / "filestore" / dbname, ignore_errors=True)


class Databases:
    """The databases of the "db" benchmarks: one prepared per set of addons, then a
    copy per benchmark; all dropped at the end."""

    def __init__(self, conf, template):
        self.conf = conf
        self.template = template
        self.prepared = {}

    def copy_for(self, benchmark):
        if benchmark.db_from:
            return _run_db_name(benchmark.db_from)
        source = self.prepared.get(benchmark.install)
        if source is None:
            source = f"bench_prep_{len(self.prepared)}_{os.getpid()}"
            log(f"preparing {source}: {benchmark.install}")
            copy_db(self.template, source)
            odoo(self.conf, source, "-i", benchmark.install, "--without-demo=all")
            self.prepared[benchmark.install] = source
        target = _run_db_name(benchmark.script)
        copy_db(source, target)
        return target

    def drop_all(self):
        for source in self.prepared.values():
            drop_db(source)


def _run_db_name(script):
    return f"bench_run_{pathlib.Path(script).stem}"[:60]


def run_benchmark(benchmark, quick, conf, databases):
    """Run one script; return its rows (a "missing" or "failed" row if so)."""
    path = ROOT / "benchmarks" / benchmark.script
    name = path.stem
    if not path.exists():
        return [_status_row(name, "missing: not in this checkout")]
    args = list(benchmark.quick if quick else benchmark.full)
    dbname = None
    if benchmark.setup == "db":
        dbname = databases.copy_for(benchmark)
        args = [conf, dbname, *args]
    elif benchmark.setup == "conf":
        args = [conf, *args]
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{name}.log"
    log(f"{benchmark.script} {' '.join(args)}  (log: {log_path.relative_to(ROOT)})")
    start = time.monotonic()
    try:
        with open(log_path, "w", encoding="utf-8") as log_file:
            result = subprocess.run(
                [sys.executable, str(path), *args],
                cwd=ROOT,
                env=dict(os.environ, TZ="UTC"),
                stdout=subprocess.PIPE,
                stderr=log_file,
                text=True,
                timeout=benchmark.timeout // (6 if quick else 1),
                check=False,
            )
            log_file.write(result.stdout)
        returncode, output = result.returncode, result.stdout
    except subprocess.TimeoutExpired as error:
        returncode = "timeout"
        output = error.stdout.decode() if isinstance(error.stdout, bytes) else ""
    finally:
        if dbname and not benchmark.kept_for_next:
            drop_db(dbname)
    rows = [
        json.loads(line[len(ROW_PREFIX) :])
        for line in output.splitlines()
        if line.startswith(ROW_PREFIX)
    ]
    for row in rows:
        row["script"] = name
    if returncode != 0:
        rows.append(_status_row(name, f"failed ({returncode}), see {log_path.name}"))
    elif not rows:
        rows.append(_status_row(name, "no BENCH-ROW printed"))
    log(f"{benchmark.script}: {len(rows)} row(s) in {time.monotonic() - start:.0f} s")
    return rows


def _status_row(name, status):
    return {
        "script": name,
        "figure": name,
        "target": "-",
        "ours": status,
        "floor": None,
        "ratio": None,
        "unit": "",
        "met": False,
    }


def _cell(value, unit=""):
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        value = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:,}"
    return f"{value} {unit}".strip()


def format_table(rows):
    lines = [
        "| figure | target | ours | floor or anchor | ratio | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = row.get("ratio")
        ratio = f"{ratio:.2f}x" if isinstance(ratio, int | float) else _cell(ratio)
        met = {True: "met", False: "not met", None: "-"}[row.get("met")]
        lines.append(
            "| "
            + " | ".join(
                [
                    row["figure"],
                    str(row.get("target") or "-"),
                    _cell(row.get("ours"), row.get("unit", "")),
                    _cell(row.get("floor"), row.get("unit", "")),
                    ratio,
                    met,
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def machine():
    cpu = ""
    cpuinfo = pathlib.Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{cpu or platform.processor()}, {os.cpu_count()} cores, {memory:.0f} GB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="comma-separated script names (no .py)")
    options = parser.parse_args()
    conf = os.environ.get("RESELLER_ODOO_CONF")
    template = os.environ.get("RESELLER_TEMPLATE_DB")
    if not conf or not template:
        sys.exit("run through `make bench` (scripts/bench.sh prepares the databases)")
    selected = [
        benchmark
        for benchmark in BENCHMARKS
        if not options.only
        or pathlib.Path(benchmark.script).stem in options.only.split(",")
    ]
    started = datetime.datetime.now(datetime.UTC)
    start = time.monotonic()
    databases = Databases(conf, template)
    rows = []
    try:
        for benchmark in selected:
            rows += run_benchmark(benchmark, options.quick, conf, databases)
    finally:
        databases.drop_all()
        for benchmark in selected:
            if benchmark.kept_for_next:
                drop_db(_run_db_name(benchmark.script))
    minutes = (time.monotonic() - start) / 60
    size = "quick sizes (make bench QUICK=1)" if options.quick else "full sizes"
    table = format_table(rows)
    header = (
        f"Benchmarks, {size}, {started:%Y-%m-%d %H:%M} UTC, {minutes:.0f} min in all\n"
        f"Machine: {machine()}"
    )
    print()
    print(header)
    print()
    print(table)
    result = LOG_DIR / ("table-quick.md" if options.quick else "table-full.md")
    result.write_text(f"{header}\n\n{table}\n")
    log(f"table written to {result.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
