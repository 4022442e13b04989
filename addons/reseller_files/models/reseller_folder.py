from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL


class ResellerFolder(models.Model):
    _name = "reseller.folder"
    _description = "File Center Folder"
    _inherit = (
        "mail.thread",
        "portal.mixin",
        "reseller.files.trash.mixin",
        "reseller.protected.fields.mixin",
        "reseller.folder.naming",
        "reseller.folder.notification",
        "reseller.folder.zip",
    )
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one(
        "reseller.folder",
        string="Parent Folder",
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("reseller.folder", "parent_id", string="Subfolders")
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    is_client_root = fields.Boolean(
        string="Client Root Folder",
        readonly=True,
        help="The top folder of a client's tree, created with the client.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_partner_id",
        store=True,
        recursive=True,
        index=True,
        readonly=False,
        help="The client whose tree holds this folder; empty for the office's own "
        "folders.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    file_ids = fields.One2many("reseller.file", "folder_id", string="Files")
    file_count = fields.Integer(compute="_compute_counts")
    child_count = fields.Integer(compute="_compute_counts")
    upload_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Upload Files",
        compute="_compute_upload_attachment_ids",
        inverse="_inverse_upload_attachment_ids",
        help="Drop several files here: each becomes a file of this folder.",
    )

    def init(self):
        # Sibling names are unique among the folders that are not in the trash.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS reseller_folder_sibling_name_uniq"
                " ON reseller_folder (COALESCE(parent_id, 0), company_id, name)"
                " WHERE active"
            )
        )

    def _get_protected_fields(self):
        # A client's tree is made by the File Center (res.partner.
        # _reseller_create_root_folders); a folder's client always comes from its
        # parent: set by hand, it would publish the folder to another client.
        return super()._get_protected_fields() | {"partner_id", "is_client_root"}

    def _compute_access_url(self):
        for folder in self:
            folder.access_url = f"/my/files/{folder.id}"

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for folder in self:
            if folder.parent_id:
                folder.complete_name = (
                    f"{folder.parent_id.complete_name} / {folder.name}"
                )
            else:
                folder.complete_name = folder.name

    @api.depends("parent_id.partner_id", "is_client_root")
    def _compute_partner_id(self):
        for folder in self:
            if not folder.is_client_root:
                folder.partner_id = folder.parent_id.partner_id

    def _compute_counts(self):
        file_counts = dict(
            self.env["reseller.file"]._read_group(
                [("folder_id", "in", self.ids)], ["folder_id"], ["__count"]
            )
        )
        child_counts = dict(
            self._read_group(
                [("parent_id", "in", self.ids)], ["parent_id"], ["__count"]
            )
        )
        for folder in self:
            folder.file_count = file_counts.get(folder, 0)
            folder.child_count = child_counts.get(folder, 0)

    def _compute_upload_attachment_ids(self):
        self.upload_attachment_ids = False

    def _inverse_upload_attachment_ids(self):
        for folder in self:
            attachments = folder.upload_attachment_ids
            if attachments:
                folder._reseller_add_files_from_attachments(attachments)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A folder cannot be moved inside itself."))
        for folder in self:
            if folder.is_client_root and folder.parent_id.partner_id:
                raise ValidationError(
                    _(
                        "The folder %(folder)s of a client cannot be moved under "
                        "another client.",
                        folder=folder.name,
                    )
                )
            if folder.parent_id and folder.parent_id.company_id != folder.company_id:
                raise ValidationError(
                    _("A folder and its parent must belong to the same company.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        # names first: an unsafe name (a NUL byte) must not reach a query
        self._reseller_check_names([vals.get("name") for vals in vals_list])
        if not self.env.su:
            for vals in vals_list:
                # an empty client given by a form would stop the client from
                # being computed from the parent (a value is refused, see
                # _get_protected_fields)
                for fname in ("is_client_root", "partner_id"):
                    if fname in vals and not vals[fname]:
                        del vals[fname]
                if vals.get("parent_id"):
                    self.browse(vals["parent_id"]).check_access("read")
                elif self.env.user.share:
                    raise AccessError(
                        _("You can only create folders inside your own folders.")
                    )
        for vals in vals_list:
            if vals.get("parent_id") and "company_id" not in vals:
                parent = self.browse(vals["parent_id"])
                vals["company_id"] = parent.company_id.id
        self._reseller_check_new_sibling_names(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals:
            self._reseller_check_names([vals["name"]])
        if "name" in vals or "parent_id" in vals or vals.get("active"):
            self._reseller_check_changed_sibling_names(vals)
        if vals.get("parent_id"):
            self._reseller_check_move_target(self.browse(vals["parent_id"]))
        return super().write(vals)

    def _reseller_check_move_target(self, new_parent):
        """A client's folder stays in that client's tree."""
        for folder in self:
            if (
                folder.partner_id
                and new_parent.partner_id
                and new_parent.partner_id != folder.partner_id
            ):
                raise ValidationError(
                    _(
                        "The folder %(folder)s belongs to %(client)s and cannot be "
                        "moved under another client.",
                        folder=folder.name,
                        client=folder.partner_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_content(self):
        files_sudo = (
            self.env["reseller.file"]
            .sudo()
            .with_context(active_test=False)
            .search([("folder_id", "child_of", self.ids)], limit=1)
        )
        # sudo: the check must see files in the trash too, whoever deletes.
        if files_sudo and not self.env.context.get("reseller_purge"):
            raise UserError(
                _(
                    "This folder holds files. Move it to the trash instead, and "
                    "confirm that its whole content goes with it."
                )
            )

    def action_open_content(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reseller.folder",
            "res_id": self.id,
            "view_mode": "form",
        }

    def action_trash(self):
        """Move folders to the trash; with content, staff confirm first."""
        self.check_access("write")
        content = self._reseller_subtree_content()
        if content["files"] or content["folders"] - self:
            return {
                "type": "ir.actions.act_window",
                "name": _("Move Folder to Trash"),
                "res_model": "reseller.folder.trash.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_folder_ids": self.ids},
            }
        self._reseller_trash_subtree()
        return True

    def action_restore(self):
        self.check_access("write")
        self._reseller_check_restorable()
        folders = self.with_context(active_test=False)
        to_restore = folders
        for folder in folders:
            subtree = folder.search(
                [
                    ("id", "child_of", folder.id),
                    ("active", "=", False),
                    ("trash_date", "=", folder.trash_date),
                ]
            )
            to_restore |= subtree
            # the ancestors come back too, so the folder can be reached again
            to_restore |= folder.search(
                [("id", "parent_of", folder.id), ("active", "=", False)]
            )
        files = (
            self.env["reseller.file"]
            .with_context(active_test=False)
            .search(
                [
                    ("folder_id", "in", to_restore.ids),
                    ("active", "=", False),
                    ("trash_date", "in", list(set(to_restore.mapped("trash_date")))),
                ]
            )
        )
        to_restore._reseller_make_sibling_names_unique()
        to_restore._reseller_write_restored()
        files._reseller_write_restored()
        return True

    def _reseller_subtree_content(self):
        folders = self.search([("id", "child_of", self.ids)])
        files = self.env["reseller.file"].search([("folder_id", "in", folders.ids)])
        return {"folders": folders, "files": files}

    def _reseller_trash_subtree(self):
        # the content was searched with the user's rights and callers checked
        # write access; one date for all, so that a restore brings it all back
        content = self._reseller_subtree_content()
        now = fields.Datetime.now()
        content["files"]._reseller_write_trashed(now)
        content["folders"]._reseller_write_trashed(now)

    # ------------------------------------------------------------------
    # Business helpers: the contract other modules rely on
    # ------------------------------------------------------------------

    @api.model
    def _reseller_get_office_root(self, company):
        """The office's root folder, named after the company (created if missing)."""
        # sudo: the office root is shared infrastructure of the File Center
        Folder = self.sudo()
        root = Folder.search(
            [
                ("parent_id", "=", False),
                ("company_id", "=", company.id),
                ("partner_id", "=", False),
            ],
            order="id",
            limit=1,
        )
        if not root:
            root = Folder.create(
                {
                    "name": company.partner_id._reseller_folder_name(),
                    "company_id": company.id,
                }
            )
        return root

    def _reseller_get_or_create_child(self, name):
        """The active child folder called `name`, created when missing."""
        self.ensure_one()
        # sudo: called by other modules' flows (e.g. sending documents) for users
        # who may not hold File Center rights; the folder is already trusted.
        self_sudo = self.sudo()
        child_sudo = self_sudo.search(
            [("parent_id", "=", self_sudo.id), ("name", "=", name)], limit=1
        )
        if not child_sudo:
            child_sudo = self_sudo.create({"name": name, "parent_id": self_sudo.id})
        return child_sudo.sudo(self.env.su)

    def _reseller_add_file(self, name, content, mimetype=None):
        """Add a file from raw bytes (or a binary stream) to this folder."""
        self.ensure_one()
        return self._reseller_add_files([(name, content, mimetype)])

    def _reseller_add_files(self, entries, comment=None):
        """Add several files at once; `entries` are (name, bytes|stream, mimetype).

        The declared mimetype is ignored: the type is read from the content.
        Validation runs on every entry before anything is stored, so a bad entry
        leaves no partial record. The uploader is the current user, even when the
        caller elevated the environment.
        """
        self.ensure_one()
        return self.env["reseller.file"]._reseller_create_uploads(
            self, [(name, content) for name, content, _mimetype in entries], comment
        )

    def _reseller_add_files_from_attachments(self, attachments):
        """Turn attachments uploaded in the back end into files of this folder."""
        self.ensure_one()
        return self.env["reseller.file"]._reseller_create_from_attachments(
            self, attachments
        )

    # ------------------------------------------------------------------
    # Portal actions: called by the portal controller on a folder it checked
    # ------------------------------------------------------------------

    def _get_portal_route(self, action):
        """The portal route of this folder for `action` (upload, folder)."""
        self.ensure_one()
        return f"{self.access_url}/{action}"

    def _portal_create_subfolder(self, name):
        """A folder the client creates in this one, created as the client: the
        record rules decide where, and create() checks the name and the
        siblings' names, as for every other way in."""
        self.ensure_one()
        return (
            self.env["reseller.folder"]
            .sudo(False)
            .create({"name": (name or "").strip(), "parent_id": self.id})
        )

    def _portal_upload(self, entries, as_new_versions=False):
        """Files the client uploads to this folder; all or none are stored.

        With `as_new_versions`, an entry named as a file of the folder becomes
        that file's new version instead of a `name (2)` copy.
        """
        self.ensure_one()
        if as_new_versions:
            return self.env["reseller.file"]._reseller_upload_or_version(self, entries)
        return self._reseller_add_files(entries)

    def _reseller_portal_breadcrumb(self, root):
        """Ancestors of this folder from `root` (the client's root folder) down."""
        self.ensure_one()
        ids = [int(part) for part in self.parent_path.split("/") if part]
        if root.id in ids:
            ids = ids[ids.index(root.id) :]
        folders = self.browse(ids)
        # parent_path order, fetched in one query
        folders.fetch(["name"])
        return folders
