from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestPortalRules(ResellerFilesCase):
    def test_comment_only_by_uploader(self):
        file = self.root_a.with_user(self.staff)._reseller_add_file("c.txt", b"c")
        self.assertEqual(file.uploaded_by_id, self.staff)
        file.with_user(self.staff).comment = "For the annual return"
        self.assertEqual(file.comment, "For the annual return")
        with self.assertRaisesRegex(UserError, "Only"):
            file.with_user(self.manager).comment = "Not mine"

    def _as_checked_by_the_portal(self, record, user):
        # what the portal controller holds after _document_check_access: the
        # record elevated, still acting as the user
        return record.with_user(user).sudo()

    def test_portal_create_subfolder(self):
        root = self._as_checked_by_the_portal(self.root_a, self.portal_a)
        created = root._portal_create_subfolder("  Payroll ")
        self.assertEqual(created.name, "Payroll")
        self.assertEqual(created.parent_id, self.root_a)
        self.assertEqual(created.partner_id, self.client_a)
        self.assertEqual(created.create_uid, self.portal_a)
        # one duplicate-name rule, the model's, for the portal too
        with self.assertRaisesRegex(ValidationError, "already exists"):
            root._portal_create_subfolder("Payroll")
        with self.assertRaisesRegex(ValidationError, "path separator"):
            root._portal_create_subfolder("../up")
        # created as the client: the record rules decide where
        office = self._as_checked_by_the_portal(self.root_a.parent_id, self.portal_a)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            office._portal_create_subfolder("Intruder")
        self.assertFalse(
            self.env["reseller.folder"].search([("name", "in", ["../up", "Intruder"])])
        )

    def test_portal_comment_only_by_the_uploader(self):
        own = self._as_checked_by_the_portal(
            self.root_a, self.portal_a
        )._reseller_add_file("mine.txt", b"m")
        self._as_checked_by_the_portal(own, self.portal_a)._portal_comment(
            " Folha de março "
        )
        self.assertEqual(own.comment, "Folha de março")
        # elevated, a colleague of the same company is still not the uploader
        colleague = self._as_checked_by_the_portal(own, self.portal_a2)
        with self.assertRaisesRegex(UserError, "Only the person who uploaded mine.txt"):
            colleague._portal_comment("nope")
        office_file = self.root_a.with_user(self.staff)._reseller_add_file(
            "office.txt", b"o"
        )
        client = self._as_checked_by_the_portal(office_file, self.portal_a)
        with self.assertRaisesRegex(UserError, "Only the person who uploaded"):
            client._portal_comment("x")
        self.assertEqual(own.comment, "Folha de março")
        self.assertFalse(office_file.comment)
        # an empty comment clears it
        self._as_checked_by_the_portal(own, self.portal_a)._portal_comment("  ")
        self.assertFalse(own.comment)

    def test_portal_trash_only_own_uploads(self):
        own = self._as_checked_by_the_portal(
            self.root_a, self.portal_a
        )._reseller_add_file("del.txt", b"d")
        office_file = self.root_a.with_user(self.staff)._reseller_add_file(
            "office.txt", b"o"
        )
        for record, user in ((own, self.portal_a2), (office_file, self.portal_a)):
            with self.assertRaisesRegex(
                UserError, "only delete the files you uploaded"
            ):
                self._as_checked_by_the_portal(record, user)._portal_trash()
        self.assertTrue(own.active and office_file.active)
        self._as_checked_by_the_portal(own, self.portal_a)._portal_trash()
        # in the staff's trash, restorable
        self.assertFalse(own.active)
        self.assertTrue(own.trash_date)
        own.with_user(self.staff).action_restore()
        self.assertTrue(own.active)
