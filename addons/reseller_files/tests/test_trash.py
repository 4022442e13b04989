from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestTrash(ResellerFilesCase):
    def test_folder_trash_asks_first_and_restores_the_subtree(self):
        folder = self.env["reseller.folder"].create(
            {"name": "Old", "parent_id": self.root_a.id}
        )
        child = self.env["reseller.folder"].create(
            {"name": "Kid", "parent_id": folder.id}
        )
        file = child._reseller_add_file("old.txt", b"old")
        staff_folder = folder.with_user(self.staff)
        # a folder with content asks for confirmation, moves nothing yet
        action = staff_folder.action_trash()
        self.assertEqual(action["res_model"], "reseller.folder.trash.wizard")
        self.assertTrue(file.active)
        with self.assertRaisesRegex(UserError, "holds files"):
            folder.with_user(self.manager).unlink()
        wizard = (
            self.env["reseller.folder.trash.wizard"]
            .with_user(self.staff)
            .create({"folder_ids": [(6, 0, folder.ids)]})
        )
        self.assertEqual((wizard.subfolder_count, wizard.file_count), (1, 1))
        wizard.action_confirm()
        self.assertFalse(folder.active or child.active or file.active)
        # restore brings the subtree back
        folder.with_user(self.staff).action_restore()
        self.assertTrue(folder.active and child.active and file.active)

    def test_file_trash_restore_and_purge(self):
        file = self.root_a._reseller_add_file("old.txt", b"old")
        # file trash and restore, with the 30 days window
        file.with_user(self.staff).action_trash()
        self.assertFalse(file.active)
        file.with_user(self.staff).action_restore()
        self.assertTrue(file.active)
        file.with_user(self.staff).action_trash()
        file.trash_date = fields.Datetime.now() - timedelta(days=31)
        with self.assertRaisesRegex(UserError, "30 days"):
            file.with_user(self.staff).action_restore()
        attachment = file.attachment_id
        self.env["reseller.file"]._cron_purge_trash()
        self.assertFalse(file.exists())
        self.assertFalse(attachment.exists())
        # staff cannot delete for good an active file
        other = self.root_a._reseller_add_file("keep.txt", b"keep")
        with self.assertRaises(AccessError):
            other.with_user(self.staff).unlink()
        with self.assertRaisesRegex(UserError, "trash first"):
            other.with_user(self.manager).unlink()

    def test_restore_is_batched_and_keeps_names_unique(self):
        def trash_and_restore(count):
            folder = self.root_a._reseller_get_or_create_child(f"Bulk {count}")
            subfolders = self.env["reseller.folder"].create(
                [{"name": f"Sub {i}", "parent_id": folder.id} for i in range(count)]
            )
            for subfolder in subfolders:
                subfolder._reseller_add_files(
                    [(f"f{i}.txt", b"data", None) for i in range(count)]
                )
            staff_folder = folder.with_user(self.staff)
            staff_folder._reseller_trash_subtree()
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            staff_folder.action_restore()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - start
            self.assertTrue(folder.active and all(subfolders.mapped("active")))
            self.assertEqual(len(subfolders.file_ids), count * count)
            return queries

        trash_and_restore(1)  # warms the caches
        self.assertEqual(trash_and_restore(2), trash_and_restore(8))
        # an active sibling that took the name meanwhile: the restored one yields
        folder = self.root_a._reseller_get_or_create_child("Names")
        old = folder._reseller_add_file("same.txt", b"old")
        old.with_user(self.staff).action_trash()
        new = folder._reseller_add_file("same.txt", b"new")
        old.with_user(self.staff).action_restore()
        self.assertEqual((new.name, old.name), ("same.txt", "same (2).txt"))
        sub = self.env["reseller.folder"].create(
            {"name": "Kept", "parent_id": folder.id}
        )
        sub.with_user(self.staff).action_trash()
        taken = self.env["reseller.folder"].create(
            {"name": "Kept", "parent_id": folder.id}
        )
        sub.with_user(self.staff).action_restore()
        self.assertEqual((taken.name, sub.name), ("Kept", "Kept (2)"))

    def test_empty_folder_trash_and_purge(self):
        folder = self.env["reseller.folder"].create(
            {"name": "Empty", "parent_id": self.root_a.id}
        )
        self.assertTrue(folder.with_user(self.staff).action_trash())
        self.assertFalse(folder.active)
        folder.trash_date = fields.Datetime.now() - timedelta(days=40)
        self.env["reseller.file"]._cron_purge_trash()
        self.assertFalse(folder.exists())

    def test_purge_is_one_batch_per_call_and_resumes_after_a_crash(self):
        folder = self.root_a._reseller_get_or_create_child("Old year")
        sub = folder._reseller_get_or_create_child("Payroll")
        files = sub._reseller_add_files(
            [(f"f{index}.txt", b"old %d" % index, None) for index in range(5)]
        )
        folder.with_user(self.staff)._reseller_trash_subtree()
        long_ago = fields.Datetime.now() - timedelta(days=40)
        files.write({"trash_date": long_ago})
        (folder | sub).write({"trash_date": long_ago})
        cron = self.env.ref("reseller_files.reseller_file_cron_purge_trash")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        File = self.env["reseller.file"].with_context(ir_cron_progress_id=progress.id)
        # a worker dying in the middle of a batch loses that batch whole: the
        # scheduler's next call does it again, nothing is half deleted
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            File._cron_purge_trash(batch_size=2)
            raise RuntimeError("the worker died before the commit")
        self.env.invalidate_all()
        self.assertEqual(len(files.exists()), 5)
        # one batch per call, its progress reported to the scheduler
        self.assertEqual(File._cron_purge_trash(batch_size=2), 5)
        self.assertEqual((progress.done, progress.remaining), (2, 5))
        self.assertEqual(len(files.exists()), 3)
        calls = 1
        while File._cron_purge_trash(batch_size=2):
            calls += 1
        # files first, then the folders once empty, leaves before their parent
        self.assertEqual(calls, 3)
        self.assertFalse(files.exists() or sub.exists() or folder.exists())
        self.assertEqual(progress.remaining, 0)
        # nothing left: a run deletes nothing and says so
        self.assertEqual(File._cron_purge_trash(batch_size=2), 0)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
