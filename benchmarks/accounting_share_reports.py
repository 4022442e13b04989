"""Benchmark: accounting_share's year reports over 200,000 posted journal items.

    python3 benchmarks/accounting_share_reports.py <odoo.conf> <database> [lines]

Use a throwaway database where accounting_share is installed (for instance a copy of
the test database). A company "Benchmark Books" with the generic chart is created
once, with twelve monthly entries whose lines are multiplied in SQL to reach `lines`
posted journal items (default 200,000) spread over 40 accounts; a real ORM create
of that many lines would only slow the set-up, and the reports read the same rows.

Measured in the same run, each the median of 5 warm runs:
- the floor: one raw `SELECT account_id, SUM(...) ... GROUP BY account_id`;
- profit & loss (four columns: period, previous year, year to date, previous YTD);
- balance sheet at the year end;
- trial balance for the year.
Each with its wall time and query count.

The general ledger of the year, every line with its running balance and every
account with its opening balance:
- the floor: one raw `SELECT` of the same lines (entry, label, partner, amounts)
  ordered by account and date;
- ours as the API returns it (`get_data`, every line a dict);
- ours as a publication stores it (the snapshot, then one INSERT ... SELECT of the
  lines with a window function into accounting.share.publication.line).

When OCA's account_financial_report (18.0, from PyPI, installed with --no-deps next
to date_range into a separate addons directory: benchmarks/requirements-oca.txt) is
installed in the database, its trial balance and its general ledger (no
centralisation, no grouping) for the same year are measured too, the ledger once.

Then, in a child process of its own so that its peak memory is its own, a ledger
publication of the year is published (snapshot, lines, PDF rendered by chunks): its
time and the growth of the peak RSS. And the portal page of that publication, first
and last page: its queries and time.

    ... [lines] [--no-pdf]   skips the PDF (wkhtmltopdf) in the publication
"""

import datetime
import json
import pathlib
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

COMPANY_NAME = "Benchmark Books"
YEAR = 2025
RUNS = 5
BENCH_REF = "accounting_share_benchmark"


def _company(env):
    company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
    if not company:
        company = env["res.company"].create({"name": COMPANY_NAME})
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
    return company


def _populate(env, company, target_lines):
    cr = env.cr
    if env["account.move"].search_count(
        [("company_id", "=", company.id), ("ref", "=", BENCH_REF)], limit=1
    ):
        return
    accounts = env["account.account"].search([("company_ids", "in", company.ids)])
    debit_accounts = accounts.filtered(
        lambda a: a.account_type.startswith(("asset", "expense"))
    )[:20]
    credit_accounts = accounts.filtered(
        lambda a: a.account_type.startswith(("liability", "income", "equity"))
    )[:20]
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "general")], limit=1
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "entry",
                "ref": BENCH_REF,
                "date": f"{YEAR}-{month:02d}-15",
                "journal_id": journal.id,
                "company_id": company.id,
                "line_ids": [
                    (0, 0, {"account_id": debit_accounts[0].id, "debit": 1.0}),
                    (0, 0, {"account_id": credit_accounts[0].id, "credit": 1.0}),
                ],
            }
            for month in range(1, 13)
        ]
    )
    moves.action_post()
    env.flush_all()
    copies_per_move = max(1, (target_lines - 24) // 24)
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'account_move_line' AND column_name != 'id'"""
    )
    columns = [row[0] for row in cr.fetchall()]
    amount = "((g %% 997) + 1)::numeric"
    overrides = {
        "account_id": "CASE WHEN l.balance > 0 THEN (%(debit)s)[1 + g %% %(nd)s]"
        " ELSE (%(credit)s)[1 + g %% %(nc)s] END",
        "debit": f"CASE WHEN l.balance > 0 THEN {amount} ELSE 0 END",
        "credit": f"CASE WHEN l.balance > 0 THEN 0 ELSE {amount} END",
        "balance": f"SIGN(l.balance) * {amount}",
        "amount_currency": f"SIGN(l.balance) * {amount}",
        "amount_residual": "0",
        "amount_residual_currency": "0",
        "reconciled": "false",
    }
    select = ", ".join(overrides.get(column, f"l.{column}") for column in columns)
    insert_columns = ", ".join(f'"{column}"' for column in columns)
    # The column names come from the catalogue, the values are parameters.
    query = (
        f"INSERT INTO account_move_line ({insert_columns}) "  # noqa: S608
        f"SELECT {select} FROM account_move_line l, generate_series(1, %(n)s) g "
        "WHERE l.move_id IN %(moves)s"
    )
    cr.execute(
        query,
        {
            "debit": debit_accounts.ids,
            "credit": credit_accounts.ids,
            "nd": len(debit_accounts),
            "nc": len(credit_accounts),
            "n": copies_per_move,
            "moves": tuple(moves.ids),
        },
    )
    cr.execute("ANALYZE account_move_line")
    env.invalidate_all()


def _measure(env, function, runs=RUNS):
    durations, queries = [], []
    if runs > 1:
        function()  # warm-up
    for _run in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(durations) * 1000, max(queries)


def _client(env, company):
    """The client whose books `company` holds: publications need one."""
    partner = env["res.partner"].search([("shared_company_id", "=", company.id)])
    if not partner:
        partner = env["res.partner"].create(
            {
                "name": f"{COMPANY_NAME} client",
                "is_company": True,
                "shared_company_id": company.id,
                "accounting_share_general_ledger": True,
            }
        )
    return partner


def _ledger_cases(env, company, date_from, date_to):
    report = env["accounting.share.report"]
    ledger = report._get_report_type("general_ledger")
    partner = _client(env, company)

    def floor():
        env.cr.execute(
            """SELECT l.account_id, l.date, m.name, l.name, p.name,
                      l.debit, l.credit, l.balance
                 FROM account_move_line l
                 JOIN account_move m ON m.id = l.move_id
            LEFT JOIN res_partner p ON p.id = l.partner_id
                WHERE l.company_id = %s AND l.parent_state = 'posted'
                  AND l.date BETWEEN %s AND %s
             ORDER BY l.account_id, l.date, l.id""",
            [company.id, date_from, date_to],
        )
        return env.cr.fetchall()

    def stored():
        # A new publication each run, as publishing does: nothing to replace.
        publication = env["accounting.share.publication"].create(
            {
                "partner_id": partner.id,
                "report_type": "general_ledger",
                "date_from": date_from,
                "date_to": date_to,
            }
        )
        data = report._get_report_data(
            company, "general_ledger", date_from, date_to, snapshot=True
        )
        return ledger.store_lines(
            publication.id, company, date_from, date_to, data["accounts"]
        )

    cases = {
        "GL floor: raw SELECT of the lines": floor,
        "GL, API (every line a dict)": lambda: report._get_report_data(
            company, "general_ledger", date_from, date_to
        ),
        "GL, stored for a publication": stored,
    }
    return cases


def _oca_ledger(env, company, date_from, date_to):
    wizard = env["general.ledger.report.wizard"].create(
        {
            "company_id": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "centralize": False,
            "grouped_by": "none",
            "show_cost_center": False,
            "partner_ids": [(6, 0, [])],
        }
    )
    oca_report = env["report.account_financial_report.general_ledger"]

    def oca_general_ledger():
        return oca_report._get_report_values(wizard.ids, wizard._prepare_report_data())

    return oca_general_ledger


def _peak_rss_mb():
    """This process's peak RSS (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that over from the parent process across fork and exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def publish_in_child(conf, dbname, with_pdf):
    """Publish the year's ledger; print its time, peak RSS growth and page cost."""
    with odoo_env(conf, dbname, options=("--log-level=warn",)) as env:
        company = _company(env)
        date_to = datetime.date(YEAR, 12, 31)
        date_from = company.compute_fiscalyear_dates(date_to)["date_from"]
        publication = env["accounting.share.publication"].create(
            {
                "partner_id": _client(env, company).id,
                "report_type": "general_ledger",
                "date_from": date_from,
                "date_to": date_to,
            }
        )
        # Warm the ORM and the templates on a small ledger first (one day).
        env["accounting.share.report"]._get_report_data(
            company, "general_ledger", date_to, date_to
        )
        env.flush_all()
        before_mb = _peak_rss_mb()
        start = time.perf_counter()
        publisher = env["accounting.share.publisher"]
        if with_pdf:
            publisher._publish(publication)
        else:
            publication._snapshot_report_data()
        env.flush_all()
        seconds = time.perf_counter() - start
        growth_mb = _peak_rss_mb() - before_mb
        pages = {}
        line_count = publication.report_data["line_count"]
        last_page = max(1, -(-line_count // 200))
        for page in (1, last_page):
            for _warm_then_count in range(2):
                env.invalidate_all()
                before = env.cr.sql_log_count
                page_start = time.perf_counter()
                env["ir.qweb"]._render(
                    "accounting_share.publication_report_body",
                    publication._get_render_values(page=page),
                )
            pages[page] = (
                env.cr.sql_log_count - before,
                (time.perf_counter() - page_start) * 1000,
            )
        pdf_size = len(publication.pdf_attachment_id.raw or b"") if with_pdf else 0
        env.cr.rollback()
        print(
            "PUBLISH "
            + json.dumps(
                {
                    "lines": line_count,
                    "seconds": seconds,
                    "rss_before_mb": before_mb,
                    "rss_growth_mb": growth_mb,
                    "pdf_mb": pdf_size / 1024 / 1024,
                    "pages": pages,
                }
            ),
            flush=True,
        )


def _publish_figures(conf, dbname, with_pdf):
    args = [sys.executable, __file__, conf, dbname, "--publish-child"]
    if not with_pdf:
        args.append("--no-pdf")
    output = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("PUBLISH "))
    return json.loads(line[len("PUBLISH ") :])


def main():
    if "--publish-child" in sys.argv:
        conf, dbname = sys.argv[1:3]
        publish_in_child(conf, dbname, "--no-pdf" not in sys.argv)
        return
    with_pdf = "--no-pdf" not in sys.argv
    argv = [arg for arg in sys.argv if not arg.startswith("--")]
    conf, dbname = argv[1:3]
    target_lines = int(argv[3]) if len(argv) > 3 else 200_000
    with odoo_env(conf, dbname) as env:
        company = _company(env)
        _populate(env, company, target_lines)
        env.cr.commit()  # the data stays; what is measured below is rolled back
        env.cr.execute(
            """SELECT COUNT(*), COUNT(DISTINCT account_id) FROM account_move_line
                WHERE company_id = %s AND parent_state = 'posted'""",
            [company.id],
        )
        line_count, account_count = env.cr.fetchone()
        report = env["accounting.share.report"]
        date_from = (
            env["res.company"]
            .browse(company.id)
            .compute_fiscalyear_dates(datetime.date(YEAR, 12, 31))["date_from"]
        )
        date_to = datetime.date(YEAR, 12, 31)

        def floor():
            env.cr.execute(
                """SELECT account_id, SUM(debit), SUM(credit), SUM(balance)
                     FROM account_move_line
                    WHERE company_id = %s AND parent_state = 'posted'
                      AND date BETWEEN %s AND %s
                 GROUP BY account_id""",
                [company.id, date_from, date_to],
            )
            return env.cr.fetchall()

        cases = {
            "floor: raw GROUP BY account_id": floor,
            "profit & loss (4 columns)": lambda: report._get_report_data(
                company, "profit_loss", date_from, date_to
            ),
            "balance sheet": lambda: report._get_report_data(
                company, "balance_sheet", date_from, date_to
            ),
            "trial balance": lambda: report._get_report_type(
                "general_ledger"
            )._get_trial_balance_data(company, date_from, date_to),
        }
        if "trial.balance.report.wizard" in env:
            # OCA account_financial_report, when installed (see the module docstring).
            wizard = env["trial.balance.report.wizard"].create(
                {
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
            oca_report = env["report.account_financial_report.trial_balance"]

            def oca_trial_balance():
                wizard_data = wizard._prepare_report_data()
                return oca_report._get_report_values(wizard.ids, wizard_data)

            cases["OCA account_financial_report TB"] = oca_trial_balance
        results = {name: _measure(env, function) for name, function in cases.items()}
        ledger_cases = _ledger_cases(env, company, date_from, date_to)
        ledger = {
            name: _measure(env, function) for name, function in ledger_cases.items()
        }
        if "general.ledger.report.wizard" in env:
            oca_ledger = _oca_ledger(env, company, date_from, date_to)
            ledger["OCA account_financial_report GL"] = _measure(
                env, oca_ledger, runs=1
            )
        env.cr.rollback()
    _print_results(results, ledger, line_count, account_count, target_lines)
    publish = _publish_figures(conf, dbname, with_pdf)
    _print_publish(publish, with_pdf)


def _print_results(results, ledger, line_count, account_count, target_lines):
    floor_ms = results["floor: raw GROUP BY account_id"][0]
    size = f"{line_count:,} lines"
    print(f"{line_count} posted lines, {account_count} accounts, year {YEAR}")
    print(f"{'case':34} {'ms':>9} {'queries':>8} {'x floor':>8}")
    for name, (ms, queries) in results.items():
        print(f"{name:34} {ms:9.1f} {queries:8d} {ms / floor_ms:8.2f}")
    targets = {
        "profit & loss (4 columns)": "P&L",
        "balance sheet": "balance sheet",
        "trial balance": "trial balance",
    }
    for name, label in targets.items():
        ms = results[name][0]
        emit_row(
            f"{label}, {size}",
            "<= 2x floor",
            ms,
            floor_ms,
            ms <= 2 * floor_ms,
            unit="ms",
        )
    ledger_floor_ms = ledger["GL floor: raw SELECT of the lines"][0]
    for name, (ms, queries) in ledger.items():
        print(f"{name:34} {ms:9.1f} {queries:8d} {ms / ledger_floor_ms:8.2f}")
    stored_ms = ledger["GL, stored for a publication"][0]
    api_ms = ledger["GL, API (every line a dict)"][0]
    emit_row(
        f"general ledger stored, {size}",
        "<= 3x floor",
        stored_ms,
        ledger_floor_ms,
        stored_ms <= 3 * ledger_floor_ms,
        unit="ms",
    )
    emit_row(
        f"general ledger as dicts, {size}",
        "<= 3x floor",
        api_ms,
        ledger_floor_ms,
        api_ms <= 3 * ledger_floor_ms,
        unit="ms",
    )
    if "OCA account_financial_report TB" in results:
        oca_ms = results["OCA account_financial_report TB"][0]
        ours_ms = results["trial balance"][0]
        emit_row(
            f"trial balance vs OCA, {size}",
            "faster than OCA",
            ours_ms,
            oca_ms,
            ours_ms < oca_ms,
            unit="ms",
        )
    if "OCA account_financial_report GL" in ledger:
        oca_ms = ledger["OCA account_financial_report GL"][0]
        emit_row(
            f"general ledger vs OCA, {size}",
            ">= 10x faster than OCA",
            stored_ms,
            oca_ms,
            stored_ms * 10 <= oca_ms,
            unit="ms",
        )
    if line_count < target_lines * 0.9:
        print(f"note: {line_count} lines, fewer than the {target_lines} asked")


def _print_publish(publish, with_pdf):
    pages = publish["pages"]
    size = f"{publish['lines']:,} lines"
    print(
        f"publishing the ledger ({size}, PDF {'on' if with_pdf else 'off'}): "
        f"{publish['seconds']:.1f} s, peak RSS +{publish['rss_growth_mb']:.1f} MB "
        f"(from {publish['rss_before_mb']:.0f} MB), PDF {publish['pdf_mb']:.1f} MB"
    )
    for page, (queries, ms) in pages.items():
        print(f"portal page {page} of the ledger: {queries} queries, {ms:.1f} ms")
    emit_row(
        f"publishing a ledger of {size}: peak RSS growth"
        + ("" if with_pdf else " (no PDF)"),
        "flat (< 100 MB)",
        round(publish["rss_growth_mb"], 1),
        None,
        publish["rss_growth_mb"] < 100,
        unit="MB",
    )
    counts = [queries for queries, _ms in pages.values()]
    emit_row(
        f"ledger portal page queries, first vs last page of {size}",
        "same count",
        max(counts),
        min(counts),
        len(set(counts)) == 1,
        unit="queries",
    )


if __name__ == "__main__":
    main()
