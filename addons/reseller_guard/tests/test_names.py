from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.reseller_guard.tools import check_entry_name


@tagged("post_install", "-at_install")
class TestEntryNames(TransactionCase):
    def assertRefused(self, name):
        with self.assertRaises(ValidationError, msg=f"{name!r} was accepted"):
            check_entry_name(self.env, name)

    def test_ordinary_names_pass(self):
        for name in (
            "Balanço 2026.pdf",
            "NF-e 35260112345678000195.xml",
            "certificado A1.pfx",
            "Rescisão — João Silva",
            "extrato (2).ofx",
            "档案.zip",
        ):
            check_entry_name(self.env, name)

    def test_empty_and_long_names_are_refused(self):
        for name in ("", "   ", None, "a" * 256):
            self.assertRefused(name)
        check_entry_name(self.env, "a" * 255)

    def test_separators_and_parent_references_are_refused(self):
        for name in ("a/b", "a\\b", "..", "../x", "x..y", "."):
            self.assertRefused(name)

    def test_control_characters_are_refused(self):
        for name in ("a\x00b", "a\nb", "a\tb", "a\x7fb", "a\x85b"):
            self.assertRefused(name)

    def test_bidirectional_and_invisible_characters_are_refused(self):
        # report<RLO>fdp.exe displays as reportexe.pdf
        for char in (
            "\u202e",  # right-to-left override
            "\u202d",  # left-to-right override
            "\u2066",  # left-to-right isolate
            "\u200b",  # zero-width space
            "\u200d",  # zero-width joiner
            "\ufeff",  # byte order mark
            "\u2028",  # line separator
            "\ue000",  # private use
        ):
            self.assertRefused(f"report{char}fdp.exe")

    def test_leading_dot_and_trailing_dot_or_space_are_refused(self):
        for name in (".htaccess", ".bashrc", "invoice.exe.", "invoice.exe ", "a. "):
            self.assertRefused(name)

    def test_message_names_the_invisible_character(self):
        with self.assertRaisesRegex(ValidationError, "U\\+202E"):
            check_entry_name(self.env, "report\u202efdp.exe")
