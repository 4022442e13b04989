"""Benchmark: one month's obligation tasks for N clients x 10 obligations.

    python3 benchmarks/accounting_share_obligations.py <odoo.conf> <database> [N]

Use a throwaway database with accounting_share installed (e.g. a copy of the test
database): the script commits N clients (default 1,000), 10 obligations and the
N x 10 tasks of November 2031.

In the same process it measures:
1. the floor: one bare batch ``project.task.create`` of the same N x 10 tasks (the
   values our run would create, with the same mail context), rolled back;
2. our run: ``_generate_tasks`` called batch after batch, each batch committed, as
   the scheduler does with the cron (existing tasks read with one ``_read_group``,
   deadlines computed once per obligation, one batched create per call);
3. a rerun for the same period, which must create nothing.
Prints times and query counts side by side.
"""

import datetime
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from benchmarks.bench_table import emit_row  # noqa: E402
from scripts.odoo_env import odoo_env  # noqa: E402

DAY = datetime.date(2031, 11, 10)
OBLIGATIONS = 10
TAG = "Bench obligation client"


def measure(env, func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def ensure_setup(env, count):
    partner_model = env["res.partner"]
    clients = partner_model.search([("name", "=like", f"{TAG} %")], order="id")
    if len(clients) < count:
        clients |= partner_model.create(
            [
                {"name": f"{TAG} {n:05d}", "is_company": True}
                for n in range(len(clients), count)
            ]
        )
    clients = clients[:count]
    company = env.ref("base.main_company")
    project = env["project.project"].search([("name", "=", "Bench obligations")])
    project = project or env["project.project"].create(
        {"name": "Bench obligations", "company_id": company.id}
    )
    obligation_model = env["accounting.share.obligation"]
    # Only the benchmark's obligations take part in the run.
    obligation_model.search([("project_id", "!=", project.id)]).active = False
    obligations = obligation_model.search([("project_id", "=", project.id)])
    obligations |= obligation_model.create(
        [
            {
                "code": f"B{n:02d}",
                "name": f"Bench obligation {n}",
                "due_day": 5 + 2 * n,
                "business_day_rule": ("anticipate", "postpone")[n % 2],
                "company_id": company.id,
                "project_id": project.id,
            }
            for n in range(len(obligations), OBLIGATIONS)
        ]
    )
    obligations.partner_ids = [(6, 0, clients.ids)]
    env.cr.commit()
    return obligations


def main():
    conf_path, dbname = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    with odoo_env(conf_path, dbname, options=("--log-level=warn",)) as root_env:
        env = root_env(su=True)
        obligation_model = env["accounting.share.obligation"]
        obligations = ensure_setup(env, count)
        existing = env["project.task"].search_count(
            [("obligation_id", "in", obligations.ids)]
        )
        assert not existing, "use a fresh copy: the period is already generated"
        values = obligation_model._prepare_tasks_values(
            obligations._get_missing_pairs(DAY), DAY
        )
        env.cr.commit()

        def floor():
            return (
                env["project.task"]
                .with_context(
                    mail_create_nolog=True,
                    mail_create_nosubscribe=True,
                    tracking_disable=True,
                )
                .create(values)
            )

        tasks, floor_time, floor_queries = measure(env, floor)
        assert len(tasks) == count * OBLIGATIONS
        env.cr.rollback()
        env.invalidate_all()

        def run():
            created = 0
            remaining = True
            while remaining:
                tasks, remaining = obligation_model._generate_tasks(DAY)
                created += len(tasks)
                env.cr.commit()
            return created

        created, run_time, run_queries = measure(env, run)
        assert created == count * OBLIGATIONS, created
        again, rerun_time, rerun_queries = measure(env, run)
        assert again == 0

        print(f"clients: {count} x obligations: {OBLIGATIONS} = {created} tasks")
        print(
            f"floor  (bare batch project.task.create): {floor_time:7.2f} s "
            f"{floor_queries:7d} queries"
        )
        print(
            f"run    (generation, committed batches):  {run_time:7.2f} s "
            f"{run_queries:7d} queries  ratio {run_time / floor_time:.2f}x"
        )
        print(
            f"rerun  (creates 0):                      {rerun_time:7.3f} s "
            f"{rerun_queries:7d} queries  = {100 * rerun_time / run_time:.2f}% "
            "of the first run"
        )
        size = f"{count:,} clients x {OBLIGATIONS}"
        emit_row(
            f"obligation tasks, {size}",
            "<= 1.5x floor",
            round(run_time, 2),
            round(floor_time, 2),
            met=run_time <= 1.5 * floor_time,
            unit="s",
        )
        emit_row(
            f"obligation tasks rerun, {size}",
            "< 2% of the run",
            round(rerun_time, 3),
            round(run_time, 2),
            met=rerun_time < 0.02 * run_time,
            unit="s",
        )


if __name__ == "__main__":
    main()
