import io
import zipfile

import pypdf

from odoo.tests import tagged

from .intake_common import IntakeCommon, build_pdf, build_zip, draw_das

# A PDF header, a catalogue pointing nowhere, a wrong cross-reference offset.
BROKEN_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nstartxref\n999\n%%EOF"
)


@tagged("post_install", "-at_install")
class TestIntakeBadFiles(IntakeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good = build_pdf((draw_das, cls.cnpj_a, "Padaria Aurora ME"))

    def _line(self, intake, name):
        line = intake.line_ids.filtered(lambda line: line.name == name)
        self.assertEqual(len(line), 1, intake.line_ids.mapped("name"))
        return line

    def _assert_refused(self, intake, name, words):
        line = self._line(intake, name)
        self.assertEqual(line.state, "error", line.reason)
        self.assertIn(words, line.reason)
        self.assertFalse(line.attachment_id)
        return line

    def _encrypted(self):
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(self.good)))
        writer.encrypt(user_password="segredo", algorithm="RC4-128")
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def test_bad_files_are_refused_and_the_rest_goes_on(self):
        intake = self._intake(
            ("good.pdf", self.good),
            ("locked.pdf", self._encrypted()),
            ("broken.pdf", BROKEN_PDF),
            ("truncated.pdf", self.good[: len(self.good) // 3]),
            ("empty.pdf", b""),
            ("notes.txt", b"just some text"),
            ("setup.exe", b"MZ\x90\x00"),
        )
        self.assertEqual(self._line(intake, "good.pdf").state, "proposed")
        self._assert_refused(intake, "locked.pdf", "encrypted")
        self._assert_refused(intake, "broken.pdf", "damaged")
        self._assert_refused(intake, "empty.pdf", "empty")
        self._assert_refused(intake, "notes.txt", "Only PDF")
        self._assert_refused(intake, "setup.exe", ".exe")
        truncated = self._line(intake, "truncated.pdf")
        # A cut PDF is refused, or read as far as it goes: never a crash.
        self.assertIn(truncated.state, ("error", "unmatched", "proposed"))
        self.assertEqual(intake.state, "review")

    def test_zip_of_pdfs_with_unsafe_entries(self):
        content = build_zip(
            [
                ("marco/das_aurora.pdf", self.good),
                (
                    "marco/das_horizonte.pdf",
                    build_pdf((draw_das, self.cnpj_b, "Horizonte")),
                ),
                ("../../etc/evil.pdf", self.good),
                ("/absolute.pdf", self.good),
                ("marco\\..\\win.pdf", self.good),
                ("marco/empty.pdf", b""),
                ("__MACOSX/marco/._das_aurora.pdf", b"junk"),
                ("inner.zip", build_zip([("x.pdf", self.good)])),
            ]
        )
        intake = self._intake(("guias.zip", content), ("direct.pdf", self.good))
        proposed = intake.line_ids.filtered(lambda line: line.state == "proposed")
        self.assertEqual(
            sorted(proposed.mapped("name")),
            ["guias.zip/marco/das_aurora.pdf", "guias.zip/marco/das_horizonte.pdf"],
        )
        # direct.pdf is the same file as das_aurora.pdf, for the same client.
        self.assertEqual(self._line(intake, "direct.pdf").state, "duplicate")
        self._assert_refused(intake, "guias.zip/../../etc/evil.pdf", "unsafe path")
        self._assert_refused(intake, "guias.zip//absolute.pdf", "absolute path")
        self._assert_refused(intake, "guias.zip/marco\\..\\win.pdf", "backslash")
        self._assert_refused(intake, "guias.zip/marco/empty.pdf", "empty")
        self._assert_refused(intake, "guias.zip/inner.zip", "zip inside a zip")
        self.assertFalse(intake.line_ids.filtered(lambda line: "__MACOSX" in line.name))

    def test_zip_bomb_by_entry_count(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for n in range(10_001):
                archive.writestr(f"g{n}.pdf", b"x")
        intake = self._intake(("many.zip", buffer.getvalue()), ("good.pdf", self.good))
        self._assert_refused(intake, "many.zip", "10001 entries")
        self.assertEqual(self._line(intake, "good.pdf").state, "proposed")

    def test_zip_bomb_by_expanded_size(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "accounting_share.intake_max_expanded_mb", "1"
        )
        bomb = build_zip(
            [("a.pdf", self.good), ("zeros.pdf", b"\0" * (3 * 1024 * 1024))]
        )
        self.assertLess(len(bomb), 64 * 1024)
        intake = self._intake(("bomb.zip", bomb), ("good.pdf", self.good))
        self._assert_refused(intake, "bomb.zip", "more than the 1 MB")
        self.assertEqual(len(intake.line_ids), 2)
        self.assertEqual(self._line(intake, "good.pdf").state, "proposed")

    def test_zip_directory_lying_about_sizes_is_still_counted(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "accounting_share.intake_max_expanded_mb", "1"
        )
        bomb = build_zip([("zeros.pdf", b"\0" * (2 * 1024 * 1024))])
        # Rewrite the sizes the directory declares: 10 bytes.
        declared = (2 * 1024 * 1024).to_bytes(4, "little")
        lying = bomb.replace(declared, (10).to_bytes(4, "little"))
        intake = self._intake(("liar.zip", lying))
        line = intake.line_ids
        self.assertEqual(line.state, "error")
        self.assertFalse(line.attachment_id)
