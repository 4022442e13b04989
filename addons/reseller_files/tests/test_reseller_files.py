import io
import mimetypes
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestResellerFolders(ResellerFilesCase):
    def test_client_root_folder_contract(self):
        office_root = self.root_a.parent_id
        self.assertEqual(office_root.name, self.env.company.name)
        self.assertFalse(office_root.partner_id)
        self.assertEqual(self.root_a.partner_id, self.client_a)
        self.assertEqual(self.client_a.reseller_folder_id, self.root_a)
        self.assertTrue(self.client_a.reseller_is_client)
        # a contact reaches its company's folder; no second folder is made
        self.assertEqual(self.contact_a._reseller_get_root_folder(), self.root_a)
        self.assertEqual(self.root_b.parent_id, office_root)
        self.assertEqual(self.root_a.complete_name, f"{office_root.name} / Client A")

    def test_portal_access_makes_a_client(self):
        company = self.env["res.partner"].create({"name": "New Co", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Nina", "parent_id": company.id, "email": "n@n.example"}
        )
        self.assertFalse(company.reseller_folder_id)
        self.env["res.users"].create(
            {
                "name": "Nina",
                "login": "nina_portal",
                "partner_id": contact.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertTrue(company.reseller_is_client)
        self.assertEqual(company.reseller_folder_id.partner_id, company)

    def test_flag_creates_folder_and_duplicate_client_names(self):
        partners = self.env["res.partner"].create(
            [{"name": "Same Name", "is_company": True} for _i in range(3)]
        )
        partners.write({"reseller_is_client": True})
        names = partners.reseller_folder_id.mapped("name")
        self.assertEqual(len(set(names)), 3)
        self.assertIn("Same Name (2)", names)

    def test_backfill_existing_clients(self):
        company = self.env["res.partner"].create({"name": "Old Co", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Olga", "parent_id": company.id}
        )
        # a portal user that existed before the module: no flag, no folder
        user = self.env["res.users"].create(
            {"name": "Olga", "login": "olga_portal", "partner_id": contact.id}
        )
        user.groups_id = self.env.ref("base.group_portal")
        company.invalidate_recordset()
        self.env.cr.execute(
            "UPDATE res_partner SET reseller_is_client = FALSE,"
            " reseller_folder_id = NULL WHERE id = %s",
            [company.id],
        )
        company.invalidate_recordset()
        self.env["res.partner"]._reseller_backfill_clients()
        self.assertTrue(company.reseller_is_client)
        self.assertTrue(company.reseller_folder_id)
        # the office itself never becomes a client
        self.assertFalse(self.env.company.partner_id.reseller_is_client)

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
        self.env["ir.config_parameter"].set_param(
            "reseller_files.blocked_extensions", "exe, .bat"
        )
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

    def test_move_rules(self):
        sub_a = self.env["reseller.folder"].create(
            {"name": "Docs", "parent_id": self.root_a.id}
        )
        deep = self.env["reseller.folder"].create(
            {"name": "Deep", "parent_id": sub_a.id}
        )
        file = deep._reseller_add_file("deep.txt", b"deep")
        office = self.env["reseller.folder"].create(
            {"name": "Office stuff", "parent_id": self.root_a.parent_id.id}
        )
        self.assertFalse(office.partner_id)
        # moving keeps the whole subtree
        sub_a.parent_id = office
        self.assertEqual(deep.parent_id, sub_a)
        self.assertEqual(
            deep.complete_name.split(" / ")[-3:], ["Office stuff", "Docs", "Deep"]
        )
        self.assertFalse(file.partner_id)
        sub_a.parent_id = self.root_a
        self.assertEqual(file.partner_id, self.client_a)
        with self.assertRaises(ValidationError):
            sub_a.parent_id = self.root_b
        with self.assertRaises(ValidationError):
            self.root_a.parent_id = self.root_b
        with self.assertRaises(UserError):
            sub_a.parent_id = deep

    def test_trash_restore_and_purge(self):
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

    def test_comment_only_by_uploader(self):
        file = self.root_a.with_user(self.staff)._reseller_add_file("c.txt", b"c")
        self.assertEqual(file.uploaded_by_id, self.staff)
        file.with_user(self.staff).comment = "For the annual return"
        self.assertEqual(file.comment, "For the annual return")
        with self.assertRaisesRegex(UserError, "Only"):
            file.with_user(self.manager).comment = "Not mine"

    def test_partner_smart_button_count(self):
        self.root_a._reseller_add_file("one.txt", b"1")
        self.root_a._reseller_get_or_create_child("Sub")._reseller_add_file(
            "two.txt", b"2"
        )
        partner = self.contact_a.with_user(self.staff)
        self.assertEqual(partner.reseller_file_count, 2)
        action = partner.action_open_reseller_files()
        self.assertEqual(action["res_model"], "reseller.file")

    def test_notifications(self):
        self.client_a.user_id = self.staff
        office_file = self.root_a.with_user(self.staff)._reseller_add_file(
            "from_office.txt", b"o"
        )
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn(office_file.name, message.body)
        self.assertIn(self.contact_a, message.partner_ids)
        self.assertIn(self.contact_a2, message.partner_ids)
        self.assertNotIn(self.contact_b, message.partner_ids)
        self.root_a.with_user(self.portal_a).sudo()._reseller_add_file(
            "from_client.txt", b"c"
        )
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("from_client.txt", message.body)
        self.assertIn(self.staff.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, self.contact_a)

    @mute_logger("odoo.models")
    def test_new_files_not_announced_to_a_subsidiary(self):
        # a company whose parent is client A is its own client, with its own tree
        subsidiary = self.env["res.partner"].create(
            {"name": "A Subsidiary", "is_company": True, "parent_id": self.client_a.id}
        )
        sub_contact = self.env["res.partner"].create(
            {"name": "Sam", "parent_id": subsidiary.id, "email": "s@s.example"}
        )
        sub_user = new_test_user(
            self.env,
            login="portal_sub",
            groups="base.group_portal",
            partner_id=sub_contact.id,
        )
        file = self.root_a.with_user(self.staff)._reseller_add_file("payroll.txt", b"p")
        with self.assertRaises(AccessError):
            file.with_user(sub_user).read(["name"])
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("payroll.txt", message.body)
        self.assertIn(self.contact_a, message.partner_ids)
        self.assertNotIn(sub_contact, message.partner_ids)

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

    def _make_pfx(self, not_after):
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.serialization import pkcs12
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Client A")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(1)
            .not_valid_before(not_after - timedelta(days=365))
            .not_valid_after(not_after)
            .sign(key, hashes.SHA256())
        )
        return pkcs12.serialize_key_and_certificates(
            b"a1", key, certificate, None, serialization.NoEncryption()
        )

    def test_certificate_expiry_and_reminder(self):
        self.client_a.user_id = self.staff
        soon = fields.Datetime.now() + timedelta(days=10)
        file = self.root_a._reseller_add_file("empresa.pfx", self._make_pfx(soon))
        self.assertTrue(file.is_certificate)
        self.assertEqual(file.certificate_expiry_date, soon.date())
        later = self.root_a._reseller_add_file(
            "other.p12", self._make_pfx(fields.Datetime.now() + timedelta(days=200))
        )
        # a protected certificate cannot be read: staff enter the date
        locked = self.root_a._reseller_add_file("locked.pfx", b"not a pkcs12")
        self.assertFalse(locked.certificate_expiry_date)
        reminded = self.env["reseller.file"]._cron_certificate_reminders()
        self.assertEqual(reminded, file)
        self.assertTrue(file.certificate_reminder_sent)
        self.assertFalse(later.certificate_reminder_sent)
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("empresa.pfx", message.body)
        self.assertIn(self.staff.partner_id, message.partner_ids)
        # sent once
        self.assertFalse(self.env["reseller.file"]._cron_certificate_reminders())
        locked.certificate_expiry_date = fields.Date.today()
        self.assertEqual(
            self.env["reseller.file"]._cron_certificate_reminders(), locked
        )

    def test_office_root_follows_company_name(self):
        office_root = self.root_a.parent_id
        self.env.company.name = "Escritório Renomeado"
        self.assertEqual(office_root.name, "Escritório Renomeado")
        self.assertTrue(self.root_a.complete_name.startswith("Escritório Renomeado / "))

    def test_names_from_company_and_client_names_are_valid(self):
        self.env.company.name = "Contabilidade Exemplo S.A."
        self.assertEqual(self.root_a.parent_id.name, "Contabilidade Exemplo S.A")
        client = self.env["res.partner"].create(
            {"name": ".Construtora\u202e Horizonte S.A. ", "is_company": True}
        )
        client.reseller_is_client = True
        self.assertEqual(client.reseller_folder_id.name, "Construtora Horizonte S.A")

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

    def test_default_blocked_extensions(self):
        from ..models.reseller_file import DEFAULT_BLOCKED_EXTENSIONS

        File = self.env["reseller.file"]
        # shipped on install, the same list as the code's default
        self.assertEqual(
            File._reseller_blocked_extensions(),
            {ext.strip() for ext in DEFAULT_BLOCKED_EXTENSIONS.split(",")},
        )
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
        # databases installed with a blank list get it; an admin's list stays
        params = self.env["ir.config_parameter"]
        params.set_param("reseller_files.blocked_extensions", " ")
        File._reseller_fill_default_blocked_extensions()
        self.assertEqual(
            params.get_param("reseller_files.blocked_extensions"),
            DEFAULT_BLOCKED_EXTENSIONS,
        )
        params.set_param("reseller_files.blocked_extensions", "exe")
        File._reseller_fill_default_blocked_extensions()
        self.assertEqual(params.get_param("reseller_files.blocked_extensions"), "exe")

    def test_back_end_views_and_menus(self):
        for xmlid in (
            "reseller_files.reseller_file_action",
            "reseller_files.reseller_folder_action",
            "reseller_files.reseller_file_action_trash",
            "reseller_files.reseller_folder_action_trash",
        ):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].with_user(self.staff)
            views = model.get_views(
                [(False, mode) for mode in action.view_mode.split(",")]
                + [(False, "search")]
            )
            self.assertTrue(views["views"])
        menus = self.env["ir.ui.menu"].with_user(self.staff)._visible_menu_ids()
        self.assertIn(self.env.ref("reseller_files.reseller_files_menu_root").id, menus)
        employee_menus = (
            self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids()
        )
        self.assertNotIn(
            self.env.ref("reseller_files.reseller_files_menu_root").id, employee_menus
        )
        # the folder form opens the trash wizard's view too
        wizard_views = (
            self.env["reseller.folder.trash.wizard"]
            .with_user(self.staff)
            .get_views([(False, "form")])
        )
        self.assertIn("form", wizard_views["views"])

    def test_settings_set_the_limits(self):
        settings = self.env["res.config.settings"].create(
            {
                "reseller_files_max_upload_size_mb": 1,
                "reseller_files_blocked_extensions": "js",
            }
        )
        settings.execute()
        File = self.env["reseller.file"]
        self.assertEqual(File._reseller_max_upload_size(), 1024 * 1024)
        self.assertEqual(File._reseller_blocked_extensions(), {"js"})
        with self.assertRaisesRegex(UserError, "not accepted"):
            self.root_a._reseller_add_file("app.JS", b"alert(1)")
