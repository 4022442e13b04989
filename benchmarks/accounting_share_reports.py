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

When OCA's account_financial_report (18.0, from PyPI, installed with --no-deps next
to date_range into a separate addons directory) is installed in the database, its
trial balance for the same year is measured too.
"""

import datetime
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

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


def _measure(env, function):
    durations, queries = [], []
    function()  # warm-up
    for _run in range(RUNS):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(durations) * 1000, max(queries)


def main():
    conf, dbname = sys.argv[1:3]
    target_lines = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    with odoo_env(conf, dbname) as env:
        company = _company(env)
        _populate(env, company, target_lines)
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
            "profit & loss (4 columns)": lambda: report._compute_report(
                company, "profit_loss", date_from, date_to
            ),
            "balance sheet": lambda: report._compute_report(
                company, "balance_sheet", date_from, date_to
            ),
            "trial balance": lambda: report._compute_trial_balance(
                company, date_from, date_to
            ),
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
        floor_ms = results["floor: raw GROUP BY account_id"][0]
        print(f"{line_count} posted lines, {account_count} accounts, year {YEAR}")
        print(f"{'case':34} {'ms':>9} {'queries':>8} {'x floor':>8}")
        for name, (ms, queries) in results.items():
            print(f"{name:34} {ms:9.1f} {queries:8d} {ms / floor_ms:8.2f}")


if __name__ == "__main__":
    main()
