import io
import mimetypes

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.migration import load_script
from odoo.tests import tagged

from odoo.addons.reseller_guard.models.upload_policy import (
    BLOCKED_EXTENSIONS_PARAM,
    DEFAULT_BLOCKED_EXTENSIONS,
)

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestUploads(ResellerFilesCase):
    def test_child_and_add_file_helpers(self):
        sent = self.root_a._reseller_get_or_create_child("Sent documents")
        self.assertEqual(sent.partner_id, self.client_a)
        self.assertEqual(
            self.root_a._reseller_get_or_create_child("Sent documents"), sent
        )
        file = sent._reseller_add_file(
            "report.pdf", b"%PDF-1.4 data", "application/pdf"
        )
        self.assertEqual(file.folder_id, sent)
        self.assertEqual(file.partner_id, self.client_a)
        self.assertEqual(file.file_size, 13)
        self.assertEqual(file.mimetype, "application/pdf")
        attachment = file.attachment_id
        self.assertTrue(attachment.store_fname, "content lives in the filestore")
        self.assertFalse(attachment.db_datas)
        self.assertEqual(attachment.raw, b"%PDF-1.4 data")
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (file._name, file.id)
        )
        self.assertEqual(file.checksum, attachment.checksum)

    def test_stream_upload_goes_to_filestore(self):
        data = b"x" * (3 * 1024 * 1024 + 17)
        file = self.root_a._reseller_add_files([("big.bin", io.BytesIO(data), None)])
        self.assertEqual(file.file_size, len(data))
        self.assertTrue(file.attachment_id.store_fname)
        self.assertEqual(file.attachment_id.raw, data)

    def test_bad_names_and_content(self):
        bad_names = ["../etc", "a/b", "a\\b", "tab\there", "x" * 300, "..", ""]
        for name in bad_names:
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self.root_a._reseller_add_file(name, b"data")
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self.env["reseller.folder"].create(
                    {"name": name or " ", "parent_id": self.root_a.id}
                )
        with self.assertRaisesRegex(UserError, "empty"):
            self.root_a._reseller_add_file("empty.txt", b"")
        self.env["ir.config_parameter"].set_param(BLOCKED_EXTENSIONS_PARAM, "exe, .bat")
        with self.assertRaisesRegex(UserError, "not accepted"):
            self.root_a._reseller_add_file("virus.EXE", b"MZ")
        for name in ("virus.exe.", "virus.exe ", "run.bat. ."):
            with self.subTest(name=name), self.assertRaises(UserError):
                self.root_a._reseller_add_file(name, b"MZ")
        self.env["ir.config_parameter"].set_param(
            "reseller_files.max_upload_size_mb", "0.001"
        )
        with self.assertRaisesRegex(UserError, "larger than the limit"):
            self.root_a._reseller_add_files(
                [("big.bin", io.BytesIO(b"y" * 5000), None)]
            )
        # a bad entry in a batch leaves nothing behind
        with self.assertRaises(UserError):
            self.root_a._reseller_add_files(
                [("ok.txt", b"fine", None), ("nothing.txt", b"", None)]
            )
        self.assertFalse(self.root_a.file_ids)

    def test_html_and_svg_stored_as_opaque(self):
        for name in ("page.html", "image.svg"):
            file = self.root_a._reseller_add_file(name, b"<svg><script>1</script>")
            self.assertEqual(file.attachment_id.mimetype, "text/plain")
            # the type the content shows, not the one its name claims
            self.assertIn(file.mimetype, ("application/xml", "image/svg+xml"))

    def test_backend_multi_upload(self):
        folder = self.root_a.with_user(self.staff)
        attachments = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": "reseller.folder",
                        "res_id": folder.id,
                    }
                    for name, content in (("one.xlsx", b"PK one"), ("two.png", b"png"))
                ]
            )
        )
        folder.write({"upload_attachment_ids": [(4, att.id) for att in attachments]})
        files = folder.file_ids
        self.assertEqual(sorted(files.mapped("name")), ["one.xlsx", "two.png"])
        self.assertEqual(files.uploaded_by_id, self.staff)
        self.assertEqual(
            set(files.attachment_id.mapped("res_model")), {"reseller.file"}
        )
        action = files[0].action_download()
        self.assertEqual(action["url"], f"/my/files/file/{files[0].id}/download")

    def test_back_end_and_rpc_files_get_the_sniffed_type(self):
        File = self.env["reseller.file"].with_user(self.staff)
        cases = {
            # name: (content, declared type, type shown, type stored)
            "guia.pdf": (b"%PDF-1.4 guia", "application/x-fake", "application/pdf"),
            "nfe.xml": (b"<nfeProc/>", "application/vnd.x+xml", "application/xml"),
            "cert.pfx": (
                b"\x30\x82binary",
                "text/x-made-up",
                mimetypes.guess_type("c.pfx")[0],
            ),
        }
        for name, (content, declared, real) in cases.items():
            with self.subTest(name=name):
                attachment = (
                    self.env["ir.attachment"]
                    .with_user(self.staff)
                    .create({"name": name, "raw": content, "mimetype": declared})
                )
                file = File.create(
                    {
                        "name": name,
                        "folder_id": self.root_a.id,
                        "attachment_id": attachment.id,
                        "mimetype": declared,
                    }
                )
                self.assertEqual(file.mimetype, real)
                stored = "text/plain" if "xml" in real else real
                self.assertEqual(file.attachment_id.mimetype, stored)
                with self.assertRaises(AccessError):
                    file.mimetype = declared

    def test_the_suite_blocked_list_applies(self):
        # the list itself is reseller_guard's (test_upload_policy); here, that
        # the File Center refuses it and keeps what offices exchange
        for name in ("setup.exe", "macro.vbs", "run.ps1", "x.js", "disk.iso"):
            with (
                self.subTest(name=name),
                self.assertRaisesRegex(UserError, "not accepted"),
            ):
                self.root_a._reseller_add_file(name, b"MZ")
        for name in (
            "a1.pfx",
            "b.p12",
            "nota.xml",
            "x.docx",
            "y.xlsx",
            "z.pdf",
            "p.png",
            "docs.zip",
            "relatorio.html",
            "logo.svg",
            "e.ofx",
        ):
            with self.subTest(name=name):
                self.root_a._reseller_add_file(name, b"content")

    def test_settings_set_the_limits(self):
        # the File Center's own size limit, and the suite's blocked list (in
        # General Settings), reach the File Center's uploads
        settings = self.env["res.config.settings"].create(
            {
                "reseller_files_max_upload_size_mb": 1,
                "reseller_blocked_extensions": "js",
            }
        )
        settings.execute()
        File = self.env["reseller.file"]
        self.assertEqual(File._reseller_max_upload_size(), 1024 * 1024)
        with self.assertRaisesRegex(UserError, "not accepted"):
            self.root_a._reseller_add_file("app.JS", b"alert(1)")
        with self.assertRaisesRegex(UserError, "larger than the limit of 1 MB"):
            self.root_a._reseller_add_file("big.bin", b"b" * (1024 * 1024 + 1))

    def test_upgrade_moves_an_admins_blocked_list_to_the_suite(self):
        migration = load_script(
            "reseller_files/migrations/18.0.1.0.1/post-migration.py",
            "reseller_files_post_migration_18_0_1_0_1",
        )
        params = self.env["ir.config_parameter"]
        old_key = "reseller_files.blocked_extensions"
        # a blank list leaves the suite's default
        params.set_param(old_key, " ")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(
            params.get_param(BLOCKED_EXTENSIONS_PARAM), DEFAULT_BLOCKED_EXTENSIONS
        )
        self.assertFalse(params.search([("key", "=", old_key)]))
        # an admin's own list becomes the suite's list
        params.set_param(old_key, "exe, .bat")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(params.get_param(BLOCKED_EXTENSIONS_PARAM), "exe, .bat")
        self.assertFalse(params.search([("key", "=", old_key)]))
        with self.assertRaisesRegex(UserError, "not accepted"):
            self.root_a._reseller_add_file("run.BAT", b"MZ")
        self.root_a._reseller_add_file("script.js", b"the admin's list only")
        # a fresh install has nothing to move
        params.set_param(old_key, "pdf")
        migration.migrate(self.env.cr, None)
        self.assertEqual(params.get_param(BLOCKED_EXTENSIONS_PARAM), "exe, .bat")
