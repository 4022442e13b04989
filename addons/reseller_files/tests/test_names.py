from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestNames(ResellerFilesCase):
    def test_sibling_names_unique_and_duplicate_file_names(self):
        self.env["reseller.folder"].create(
            {"name": "Taxes", "parent_id": self.root_a.id}
        )
        with self.assertRaisesRegex(ValidationError, "already exists"):
            self.env["reseller.folder"].create(
                {"name": "Taxes", "parent_id": self.root_a.id}
            )
        # the database index backs the rule up, e.g. against concurrent creates
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO reseller_folder (name, parent_id, company_id, active)"
                    " VALUES ('Taxes', %s, %s, TRUE)",
                    [self.root_a.id, self.root_a.company_id.id],
                )
        # same name in another client's tree is fine
        self.env["reseller.folder"].create(
            {"name": "Taxes", "parent_id": self.root_b.id}
        )
        first = self.root_a._reseller_add_file("a.txt", b"1")
        second = self.root_a._reseller_add_file("a.txt", b"2")
        self.assertEqual(first.name, "a.txt")
        self.assertEqual(second.name, "a (2).txt")

    def test_one_name_check_everywhere(self):
        folder = self.env["reseller.folder"].with_user(self.staff)
        sub = folder.create({"name": "Docs", "parent_id": self.root_a.id})
        file = self.root_a.with_user(self.staff)._reseller_add_file("a.pdf", b"%PDF")
        for name in ("report\u202efdp.exe", "a\u200bb", ".htaccess", "x.exe."):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValidationError, "The name"):
                    folder.create({"name": name, "parent_id": self.root_a.id})
                with self.assertRaisesRegex(ValidationError, "The name"):
                    sub.name = name
                with self.assertRaisesRegex(ValidationError, "The name"):
                    file.name = name
                with self.assertRaisesRegex(ValidationError, "The name"):
                    self.root_a._reseller_add_file(name, b"data")
        # a NUL byte is refused before the sibling search could send it to
        # PostgreSQL (which refuses NUL in strings with a ValueError)
        with self.assertRaisesRegex(ValidationError, "U\\+0000"):
            folder.create({"name": "a\x00b", "parent_id": self.root_a.id})
        with self.assertRaisesRegex(ValidationError, "U\\+0000"):
            sub.name = "a\x00b"

    def test_rename_or_move_to_a_siblings_name(self):
        File = self.env["reseller.file"].with_user(self.staff)
        folder = self.root_a.with_user(self.staff)
        first = folder._reseller_add_file("balanço.pdf", b"%PDF 1")
        second = File.browse(folder._reseller_add_file("other.pdf", b"%PDF 2").id)
        second.name = "balanço.pdf"
        self.assertEqual(second.name, "balanço (2).pdf")
        self.assertEqual(second.attachment_id.name, "balanço (2).pdf")
        self.assertEqual(first.name, "balanço.pdf")
        # renaming a file to its own name changes nothing
        first.name = "balanço.pdf"
        self.assertEqual(first.name, "balanço.pdf")
        # moved into a folder that holds the name
        sub = folder._reseller_get_or_create_child("Sub")
        third = File.browse(sub._reseller_add_file("balanço.pdf", b"%PDF 3").id)
        third.folder_id = self.root_a
        self.assertEqual(third.name, "balanço (3).pdf")
        # a file created by RPC or in the back end follows the same rule
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .create({"name": "balanço.pdf", "raw": b"%PDF 4"})
        )
        fourth = File.create(
            {
                "name": "balanço.pdf",
                "folder_id": self.root_a.id,
                "attachment_id": attachment.id,
            }
        )
        self.assertEqual(fourth.name, "balanço (4).pdf")
