"""Two generations of one period at once, with real committed cursors.

TransactionCase runs inside one uncommitted transaction that no other cursor sees:
this test commits its own small fixture, generates from two cursors at once, and
deletes what it committed afterwards.
"""

import threading
import uuid
from datetime import date
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

DAY = date(2026, 3, 10)


class SimulatedCrash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestObligationConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            project = env["project.project"].create(
                {"name": f"Obligations {tag}", "company_id": company.id}
            )
            clients = env["res.partner"].create(
                [{"name": f"Client {tag} {n}", "is_company": True} for n in range(3)]
            )
            obligations = env["accounting.share.obligation"].create(
                [
                    {
                        "name": f"{code} {tag}",
                        "code": code,
                        "company_id": company.id,
                        "project_id": project.id,
                        "partner_ids": [(6, 0, clients.ids)],
                    }
                    for code in ("DAS", "FGTS")
                ]
            )
            self.project_id = project.id
            self.client_ids = clients.ids
            self.obligation_ids = obligations.ids
        self.addCleanup(self._delete_fixture)

    def _delete_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["project.task"].with_context(active_test=False).search(
                [("obligation_id", "in", self.obligation_ids)]
            ).unlink()
            env["accounting.share.obligation"].browse(self.obligation_ids).unlink()
            env["project.project"].browse(self.project_id).unlink()
            env["res.partner"].browse(self.client_ids).unlink()

    def _task_counts(self):
        """{(client id, obligation id, period): number of tasks}, as committed."""
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT partner_id, obligation_id, obligation_period, COUNT(*) "
                    "FROM project_task WHERE obligation_id IN %s "
                    "GROUP BY partner_id, obligation_id, obligation_period",
                    tuple(self.obligation_ids),
                )
            )
            return {tuple(row[:3]): row[3] for row in cr.fetchall()}

    def _assert_one_task_per_key(self):
        expected = {
            (client_id, obligation_id, date(2026, 3, 1)): 1
            for client_id in self.client_ids
            for obligation_id in self.obligation_ids
        }
        self.assertEqual(self._task_counts(), expected)

    def _generate(self, env):
        obligations = env["accounting.share.obligation"].browse(self.obligation_ids)
        return obligations._generate_tasks(DAY)

    def test_two_threads_generate_the_same_period(self):
        barrier = threading.Barrier(2)
        outcomes = [{}, {}]

        def run(outcome):
            try:
                with self.registry.cursor() as cr:
                    # Environment() would look the registry up under a lock the test
                    # runner holds: give the cursor its transaction directly.
                    cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    tasks, remaining = self._generate(env)
                    outcome["created"] = len(tasks)
                    outcome["remaining"] = remaining
            except Exception as error:  # noqa: BLE001 - the assertion reports it
                outcome["error"] = repr(error)

        threads = [threading.Thread(target=run, args=(o,)) for o in outcomes]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        for outcome in outcomes:
            self.assertNotIn("error", outcome)
            self.assertIn("created", outcome)
        self.assertEqual(sum(outcome["created"] for outcome in outcomes), 6)
        self._assert_one_task_per_key()

    def test_second_run_while_first_is_uncommitted_leaves_it_the_period(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            created_a, remaining_a = self._generate(env_a)
            # Run A holds the generation lock: B neither waits nor collides.
            created_b, remaining_b = self._generate(env_b)
            self.assertEqual((len(created_a), remaining_a), (6, 0))
            self.assertEqual((len(created_b), remaining_b), (0, None))
            cr_a.commit()
            cr_b.commit()
        self._assert_one_task_per_key()

    @mute_logger("odoo.sql_db")
    def test_run_on_a_stale_snapshot_is_stopped_by_the_unique_index(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            # B's snapshot is taken now, before A commits its tasks.
            cr_b.execute("SELECT 1")
            self._generate(env_a)
            cr_a.commit()
            created_b, _remaining = self._generate(env_b)
            self.assertFalse(created_b)
            cr_b.commit()
        self._assert_one_task_per_key()
        # A later run, on a fresh snapshot, has nothing left to do.
        with self.registry.cursor() as cr:
            created, remaining = self._generate(api.Environment(cr, SUPERUSER_ID, {}))
            self.assertEqual((len(created), remaining), (0, 0))

    def test_cron_leaves_the_period_to_the_run_holding_it(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            self.assertTrue(
                env_a["accounting.share.obligation"]._acquire_generation_lock()
            )
            # The scheduled run meets a generation under way: it adds nothing and
            # reports nothing left, instead of failing or waiting.
            self.assertFalse(
                env_b["accounting.share.obligation"]._cron_generate_tasks()
            )
            cr_a.rollback()
            tasks = env_b["accounting.share.obligation"]._cron_generate_tasks()
            self.assertLessEqual(set(self.obligation_ids), set(tasks.obligation_id.ids))
            cr_b.rollback()
        self.assertEqual(self._task_counts(), {})

    def _run_one_batch(self, batch_size):
        """One scheduler call: its own transaction, committed unless it raises."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            obligations = env["accounting.share.obligation"].browse(self.obligation_ids)
            tasks, remaining = obligations._generate_tasks(DAY, batch_size=batch_size)
            return len(tasks), remaining

    def test_crash_half_way_then_resume(self):
        self.assertEqual(self._run_one_batch(batch_size=4), (4, 2))
        # The next batch dies while creating its tasks: nothing of it is kept.
        task_model = self.env.registry["project.task"]
        with (
            patch.object(task_model, "create", side_effect=SimulatedCrash),
            self.assertRaises(SimulatedCrash),
        ):
            self._run_one_batch(batch_size=4)
        self.assertEqual(sum(self._task_counts().values()), 4)
        # The next call resumes where the committed work stopped.
        self.assertEqual(self._run_one_batch(batch_size=4), (2, 0))
        self.assertEqual(self._run_one_batch(batch_size=4), (0, 0))
        self._assert_one_task_per_key()
