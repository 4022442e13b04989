from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestResellerFilesAccess(ResellerFilesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sub_a = cls.root_a._reseller_get_or_create_child("Contracts")
        cls.sub_b = cls.root_b._reseller_get_or_create_child("Contracts")
        cls.file_a = cls.sub_a._reseller_add_file("a.pdf", b"%PDF a")
        cls.file_b = cls.sub_b._reseller_add_file("b.pdf", b"%PDF b")
        cls.office_folder = cls.root_a.parent_id._reseller_get_or_create_child(
            "Office only"
        )

    def test_portal_search_read_sees_only_own_tree(self):
        for user in (self.portal_a, self.portal_a2):
            Folder = self.env["reseller.folder"].with_user(user)
            folders = Folder.search([])
            self.assertEqual(folders, self.root_a | self.sub_a)
            rows = self.env["reseller.file"].with_user(user).search_read([], ["name"])
            self.assertEqual([row["name"] for row in rows], ["a.pdf"])
        folders_b = self.env["reseller.folder"].with_user(self.portal_b).search([])
        self.assertEqual(folders_b, self.root_b | self.sub_b)

    @mute_logger("odoo.models")
    def test_portal_read_foreign_refused(self):
        with self.assertRaises(AccessError):
            self.file_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.sub_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.office_folder.with_user(self.portal_a).read(["name"])
        self.assertEqual(
            self.file_a.with_user(self.portal_a2).read(["name"])[0]["name"], "a.pdf"
        )

    @mute_logger("odoo.models")
    def test_portal_write_unlink_refused(self):
        for record in (self.file_a, self.sub_a, self.file_b):
            with self.assertRaises(AccessError):
                record.with_user(self.portal_a).write({"name": "hacked"})
            with self.assertRaises(AccessError):
                record.with_user(self.portal_a).unlink()

    @mute_logger("odoo.models")
    def test_portal_create_folder(self):
        Folder = self.env["reseller.folder"].with_user(self.portal_a)
        created = Folder.create({"name": "Mine", "parent_id": self.sub_a.id})
        self.assertEqual(created.partner_id, self.client_a)
        with self.assertRaises(AccessError):
            Folder.create({"name": "Intruder", "parent_id": self.sub_b.id})
        with self.assertRaises(AccessError):
            Folder.create({"name": "Intruder", "parent_id": self.office_folder.id})
        with self.assertRaises(AccessError):
            Folder.create({"name": "New root"})
        with self.assertRaises(AccessError):
            Folder.create(
                {
                    "name": "Sneaky",
                    "parent_id": self.sub_a.id,
                    "partner_id": self.client_b.id,
                }
            )
        self.assertFalse(
            self.env["reseller.folder"].search([("name", "in", ["Intruder", "Sneaky"])])
        )

    @mute_logger("odoo.models")
    def test_portal_cannot_create_files_by_rpc(self):
        with self.assertRaises(AccessError):
            self.env["reseller.file"].with_user(self.portal_a).create(
                {
                    "name": "stolen.pdf",
                    "folder_id": self.sub_a.id,
                    "attachment_id": self.file_b.attachment_id.id,
                }
            )

    @mute_logger("odoo.models")
    def test_portal_attachment_refused(self):
        attachment = self.file_a.attachment_id
        self.assertFalse(attachment.access_token)
        with self.assertRaises(AccessError):
            attachment.with_user(self.portal_a).read(["raw"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.portal_a).search(
                [("res_model", "=", "reseller.file")]
            )

    @mute_logger("odoo.models")
    def test_internal_users(self):
        # staff see every tree
        Folder = self.env["reseller.folder"].with_user(self.staff)
        self.assertIn(self.sub_b, Folder.search([]))
        self.assertEqual(self.file_b.with_user(self.staff).attachment_id.raw, b"%PDF b")
        new = Folder.create({"name": "Staff only", "parent_id": self.office_folder.id})
        self.assertFalse(new.partner_id)
        with self.assertRaises(AccessError):
            Folder.create(
                {
                    "name": "Forged",
                    "is_client_root": True,
                    "partner_id": self.client_b.id,
                }
            )
        # an employee without File Center rights sees nothing
        with self.assertRaises(AccessError):
            self.env["reseller.file"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.file_a.attachment_id.with_user(self.employee).read(["raw"])

    @mute_logger("odoo.models")
    def test_staff_cannot_take_over_other_attachments(self):
        foreign = self.env["ir.attachment"].create(
            {
                "name": "invoice.pdf",
                "raw": b"%PDF inv",
                "res_model": "res.partner",
                "res_id": self.client_b.id,
            }
        )
        for attachment in (foreign, self.file_b.attachment_id):
            with self.assertRaises(AccessError):
                self.env["reseller.file"].with_user(self.staff).create(
                    {
                        "name": "taken.pdf",
                        "folder_id": self.sub_a.id,
                        "attachment_id": attachment.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.sub_a.with_user(self.staff).write(
                    {"upload_attachment_ids": [(4, attachment.id)]}
                )
        self.assertEqual(foreign.res_model, "res.partner")

    @mute_logger("odoo.models")
    def test_staff_cannot_swap_the_content_of_a_file(self):
        # the download route serves file.attachment_id with sudo: a file pointed
        # at any attachment would hand it out to staff and to the client
        confidential = self.env["ir.attachment"].create(
            {
                "name": "payslip.pdf",
                "raw": b"%PDF payslip",
                "res_model": "res.partner",
                "res_id": self.client_b.id,
            }
        )
        file_a = self.file_a.with_user(self.staff)
        for vals in (
            {"attachment_id": confidential.id},
            {"attachment_id": self.file_b.attachment_id.id},
            {"uploaded_by_id": self.portal_a.id},
            {"checksum": "0" * 40},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                file_a.write(vals)
        self.assertEqual(self.file_a.attachment_id.raw, b"%PDF a")
        self.assertEqual(self.file_a.uploaded_by_id, self.env.user)
        # the rest of the file stays editable by staff
        file_a.write({"name": "renamed.pdf"})
        self.assertEqual(self.file_a.attachment_id.name, "renamed.pdf")

    @mute_logger("odoo.models")
    def test_staff_cannot_forge_the_uploader_or_size_at_create(self):
        Attachment = self.env["ir.attachment"].with_user(self.staff)
        File = self.env["reseller.file"].with_user(self.staff)
        attachment = Attachment.create({"name": "mine.pdf", "raw": b"%PDF mine"})
        # a file "uploaded by" the client could then be deleted by the client
        with self.assertRaises(AccessError):
            File.create(
                {
                    "name": "mine.pdf",
                    "folder_id": self.sub_a.id,
                    "attachment_id": attachment.id,
                    "uploaded_by_id": self.portal_a.id,
                }
            )
        created = File.create(
            {
                "name": "mine.pdf",
                "folder_id": self.sub_a.id,
                "attachment_id": attachment.id,
                "file_size": 1,
                "checksum": "forged",
            }
        )
        self.assertEqual(created.uploaded_by_id, self.staff)
        self.assertEqual(created.file_size, len(b"%PDF mine"))
        self.assertEqual(created.checksum, attachment.checksum)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_staff_cannot_move_files_into_another_company(self):
        other_company = self.env["res.company"].create({"name": "Other Office"})
        foreign_folder = self.env["reseller.folder"].create(
            {"name": "Other office files", "company_id": other_company.id}
        )
        file_a = self.file_a.with_user(self.staff)
        with self.assertRaises(AccessError):
            file_a.write({"folder_id": foreign_folder.id})
        self.assertEqual(self.file_a.folder_id, self.sub_a)
        # moving inside the staff's own company still works
        file_a.write({"folder_id": self.root_a.id})
        self.assertEqual(self.file_a.partner_id, self.client_a)

    @mute_logger("odoo.models")
    def test_client_folder_cannot_be_pointed_at_another_tree(self):
        # documents sent to client B would be filed into client A's tree
        partner_manager = new_test_user(
            self.env,
            login="partner_manager",
            groups="base.group_user,base.group_partner_manager",
        )
        for user in (partner_manager, self.manager):
            Partner = self.env["res.partner"].with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.client_b.with_user(user).write(
                    {"reseller_folder_id": self.root_a.id}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Partner.create(
                    {
                        "name": "Lookalike",
                        "is_company": True,
                        "reseller_is_client": True,
                        "reseller_folder_id": self.root_a.id,
                    }
                )
        self.assertEqual(self.client_b._reseller_get_root_folder(), self.root_b)
        # writing back the same folder (as the partner merge wizard does) is fine
        self.client_b.with_user(partner_manager).write(
            {"reseller_folder_id": self.root_b.id, "ref": "B-1"}
        )
        # making a client still gives it its own folder
        newcomer = (
            self.env["res.partner"]
            .with_user(partner_manager)
            .create(
                {"name": "Newcomer", "is_company": True, "reseller_is_client": True}
            )
        )
        self.assertEqual(newcomer.reseller_folder_id.partner_id, newcomer)

    @mute_logger("odoo.models")
    def test_staff_cannot_backdate_the_trash(self):
        # File Center users may trash, not delete: a backdated trash date would
        # have the purge cron delete for good at its next run
        file_a = self.file_a.with_user(self.staff)
        file_a.action_trash()
        long_ago = fields.Datetime.now() - timedelta(days=400)
        with self.assertRaises(AccessError):
            file_a.write({"trash_date": long_ago})
        folder = self.env["reseller.folder"].create(
            {"name": "Empty", "parent_id": self.root_a.id}
        )
        folder.with_user(self.staff).action_trash()
        with self.assertRaises(AccessError):
            folder.with_user(self.staff).write({"trash_date": long_ago})
        self.env["reseller.file"]._cron_purge_trash()
        self.assertTrue(self.file_a.exists() and folder.exists())
        # trash and restore still work for staff
        file_a.action_restore()
        folder.with_user(self.staff).action_restore()
        self.assertTrue(self.file_a.active and folder.active)
        self.assertFalse(self.file_a.trash_date or folder.trash_date)

    def test_download_log(self):
        Log = self.env["reseller.file.download"]
        log = Log.with_user(self.portal_a)._reseller_log(self.file_a)
        self.assertEqual(log.user_id, self.portal_a)
        self.assertEqual(log.partner_id, self.client_a)
        self.assertEqual(self.file_a.with_user(self.staff).download_ids, log)
