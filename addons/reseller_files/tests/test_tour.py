from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestResellerFilesTour(HttpCase):
    def test_portal_tour(self):
        company = self.env["res.partner"].create(
            {"name": "Tour Client Ltda", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Tina Tour", "parent_id": company.id, "email": "t@t.example"}
        )
        user = new_test_user(
            self.env,
            login="tour_client",
            password="tour_client_pwd",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        self.start_tour("/my", "reseller_files_portal_tour", login="tour_client")
        folder = self.env["reseller.folder"].search(
            [("name", "=", "Tour folder"), ("partner_id", "=", company.id)]
        )
        self.assertEqual(folder.parent_id, company.reseller_folder_id)
        file = folder.file_ids
        self.assertEqual(file.name, "tour-notes.txt")
        self.assertEqual(file.uploaded_by_id, user)
        self.assertEqual(file.comment, "Meeting notes")
        self.assertEqual(file.attachment_id.raw, b"hello from the tour")
        self.assertEqual(file.download_ids.user_id, user)

    def test_backend_tour(self):
        new_test_user(
            self.env,
            login="tour_staff",
            password="tour_staff_pwd",
            groups="base.group_user,reseller_files.group_reseller_files_user",
        )
        client = self.env["res.partner"].create(
            {"name": "Backend Tour Client", "is_company": True}
        )
        client._reseller_get_root_folder()._reseller_add_file(
            "backend-tour.pdf", b"%PDF tour"
        )
        self.start_tour(
            "/odoo/action-reseller_files.reseller_file_action",
            "reseller_files_backend_tour",
            login="tour_staff",
        )


@tagged("post_install", "-at_install")
class TestResellerFilesRequestTour(HttpCase):
    def _tour_clients(self):
        """Two clients tagged "Tour tag", the first with a portal user."""
        new_test_user(
            self.env,
            login="tour_staff",
            password="tour_staff_pwd",
            groups="base.group_user,reseller_files.group_reseller_files_user",
        )
        tag = self.env["res.partner.category"].create({"name": "Tour tag"})
        Partner = self.env["res.partner"]
        clients = Partner.create(
            [
                {"name": name, "is_company": True, "category_id": [(6, 0, tag.ids)]}
                for name in ("Tour Client One", "Tour Client Two")
            ]
        )
        contact = Partner.create(
            {"name": "Tom Tour", "parent_id": clients[0].id, "email": "t@o.example"}
        )
        new_test_user(
            self.env,
            login="tour_client",
            password="tour_client_pwd",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        return clients

    def test_bulk_request_upload_fulfilled_tour(self):
        clients = self._tour_clients()
        self.start_tour(
            "/odoo/action-reseller_files.reseller_file_request_action",
            "reseller_files_request_bulk_tour",
            login="tour_staff",
        )
        requests = self.env["reseller.file.request"].search(
            [("name", "=", "Balancete tour")]
        )
        self.assertEqual(requests.partner_id, clients)
        self.start_tour(
            "/my", "reseller_files_request_portal_tour", login="tour_client"
        )
        fulfilled = requests.filtered(lambda r: r.partner_id == clients[0])
        self.assertEqual(fulfilled.state, "fulfilled")
        self.start_tour(
            f"/odoo/action-reseller_files.reseller_file_request_action/{fulfilled.id}",
            "reseller_files_request_fulfilled_tour",
            login="tour_staff",
        )
