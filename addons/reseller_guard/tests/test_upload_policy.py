import io
import zipfile

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from odoo.addons.reseller_guard.models.upload_policy import (
    BLOCKED_EXTENSIONS_PARAM,
    DEFAULT_BLOCKED_EXTENSIONS,
    UploadRefused,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestUploadPolicy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["reseller.upload.policy"]

    def assertRefused(self, code, entries, max_size=0):
        with self.assertRaises(UploadRefused) as caught:
            self.policy._check_uploads(entries, max_size)
        self.assertEqual(caught.exception.code, code)

    def test_default_list_blocks_programs_and_scripts(self):
        blocked = self.policy._get_blocked_extensions()
        for extension in ("exe", "bat", "js", "ps1", "msi", "lnk", "vbs", "sh", "php"):
            self.assertIn(extension, blocked)
        for extension in ("pdf", "pfx", "p12", "xml", "zip", "docx", "xlsx", "png"):
            self.assertNotIn(extension, blocked)

    def test_shipped_data_equals_the_default_list(self):
        path = file_path("reseller_guard/data/ir_config_parameter_data.xml")
        value = etree.parse(path).find(".//field[@name='value']").text
        self.assertEqual(value, DEFAULT_BLOCKED_EXTENSIONS)
        param = self.env["ir.config_parameter"].get_param(BLOCKED_EXTENSIONS_PARAM)
        self.assertEqual(param, DEFAULT_BLOCKED_EXTENSIONS)

    def test_admins_edit_the_list_in_settings(self):
        settings = self.env["res.config.settings"].create(
            {"reseller_blocked_extensions": "pdf, .DOCX"}
        )
        settings.execute()
        self.assertEqual(self.policy._get_blocked_extensions(), {"pdf", "docx"})
        self.assertRefused("forbidden_type", [("Balanço.PDF", PDF)])
        self.policy._check_uploads([("run.exe", b"MZ")])

    def test_blocked_extensions_are_refused_whatever_the_case(self):
        for name in ("setup.EXE", "macro.Js", "a.b.bat"):
            self.assertRefused("forbidden_type", [(name, b"x")])
        self.policy._check_uploads([("exe", b"x"), ("relatorio.exe.pdf", PDF)])

    def test_unsafe_names_are_refused(self):
        for name in ("report\u202efdp.exe", "a/b.pdf", ".htaccess", "x.pdf."):
            self.assertRefused("unsafe_name", [(name, PDF)])

    def test_sizes(self):
        self.assertRefused("no_file", [])
        self.assertRefused("empty_file", [("a.pdf", b"")])
        self.assertRefused("empty_file", [("a.pdf", 0)])
        self.assertRefused("file_too_large", [("a.pdf", PDF)], max_size=10)
        self.assertRefused("file_too_large", [("a.pdf", io.BytesIO(PDF))], max_size=10)
        self.assertRefused("file_too_large", [("a.pdf", 11)], max_size=10)
        self.policy._check_uploads([("a.pdf", PDF)], max_size=len(PDF))
        # a stream is measured without being consumed
        stream = io.BytesIO(PDF)
        stream.seek(3)
        self.policy._check_uploads([("a.pdf", stream)], max_size=len(PDF))
        self.assertEqual(stream.tell(), 3)

    def test_type_comes_from_the_content_not_the_declaration(self):
        sniff = self.policy._sniff_mimetype
        self.assertEqual(sniff("nota.txt", PDF), "application/pdf")
        self.assertEqual(sniff("foto.pdf", PNG), "image/png")
        # a zip's head cannot tell an office document from a zip: the name does
        self.assertEqual(
            sniff("contrato.docx", _docx()),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertEqual(sniff("lote.zip", _docx()), "application/zip")
        self.assertEqual(sniff("dados.bin", b"\x01\x02"), "application/octet-stream")

    def test_active_content_is_stored_as_text(self):
        for name, content in (
            ("page.html", b"<html><script>alert(1)</script></html>"),
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("nfe.xml", b'<?xml version="1.0"?><nfeProc/>'),
            ("boleto.pdf", b"<!DOCTYPE html><html></html>"),
        ):
            real, stored = self.policy._safe_mimetype(name, content)
            self.assertEqual(stored, "text/plain", name)
            self.assertNotEqual(real, "text/plain", name)
        # served as HTML by its name alone, whatever it holds
        shtml = self.policy._safe_mimetype("ssi.shtml", b"plain text")[1]
        self.assertEqual(shtml, "text/plain")
        self.assertEqual(
            self.policy._safe_mimetype("b.pdf", PDF),
            ("application/pdf", "application/pdf"),
        )
        docx_type = self.policy._safe_mimetype("c.docx", _docx())[1]
        self.assertIn("openxmlformats", docx_type)

    def test_documents_only_uploads_refuse_active_content(self):
        with self.assertRaises(UploadRefused) as caught:
            self.policy._refuse_active_content("contrato.pdf", b"<svg onload=x>")
        self.assertEqual(caught.exception.code, "forbidden_type")
        self.policy._refuse_active_content("contrato.pdf", PDF)
