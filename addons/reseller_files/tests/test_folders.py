from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestFolders(ResellerFilesCase):
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
