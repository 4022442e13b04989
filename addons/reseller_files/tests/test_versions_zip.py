import io
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.reseller_folder_zip import safe_zip_part, stream_zip
from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestVersionsAndZip(ResellerFilesCase):
    def test_new_version_keeps_history(self):
        file = self.root_a.with_user(self.staff)._reseller_add_file(
            "balanço.pdf", b"%PDF v1"
        )
        file.comment = "first"
        first_attachment = file.attachment_id
        file.with_user(self.portal_a).sudo()._portal_new_version(b"%PDF v2")
        self.assertEqual(file.version, 2)
        self.assertEqual(file.name, "balanço.pdf")
        self.assertEqual(file.comment, "first")
        self.assertEqual(file.attachment_id.raw, b"%PDF v2")
        self.assertEqual(file.uploaded_by_id, self.portal_a)
        old = file.version_ids
        self.assertEqual((old.version, old.attachment_id), (1, first_attachment))
        self.assertEqual(old.uploaded_by_id, self.staff)
        self.assertEqual(
            len(self.root_a.file_ids.filtered(lambda f: f.name.startswith("balanço"))),
            1,
        )
        # the client of the tree sees them, another client does not
        self.assertEqual(
            old.with_user(self.portal_a).read(["version"])[0]["version"], 1
        )
        with self.assertRaises(AccessError):
            old.with_user(self.portal_b).read(["version"])
        with self.assertRaises(AccessError):
            old.attachment_id.with_user(self.portal_b).read(["raw"])
        with self.assertRaises(AccessError):
            old.with_user(self.staff).write({"version": 9})
        with self.assertRaises(UserError):
            file._reseller_add_version(b"x", name="other.pdf")

    def test_zip_entries_leave_out_trash_and_are_safe(self):
        sub = self.root_a._reseller_get_or_create_child("Fiscal")
        self.root_a._reseller_add_file("a.txt", b"a")
        sub._reseller_add_file("b.txt", b"b")
        gone = sub._reseller_add_file("gone.txt", b"gone")
        gone.action_trash()
        entries = self.root_a.with_user(self.portal_a)._reseller_zip_entries()
        names = sorted(name for name, _source in entries)
        root = safe_zip_part(self.root_a.name)
        self.assertIn(f"{root}/a.txt", names)
        self.assertIn(f"{root}/Fiscal/b.txt", names)
        self.assertFalse([n for n in names if "gone" in n])
        data = b"".join(stream_zip(entries))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertEqual(archive.read(f"{root}/Fiscal/b.txt"), b"b")
        self.assertEqual(safe_zip_part("..\\evil:name"), "_evil_name")
