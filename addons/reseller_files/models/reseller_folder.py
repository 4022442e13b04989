from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.reseller_guard.tools import check_entry_name

TRASH_RETENTION_DAYS = 30


class ResellerFolder(models.Model):
    _name = "reseller.folder"
    _description = "File Center Folder"
    _inherit = "mail.thread"
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
    trash_date = fields.Datetime(readonly=True, copy=False)
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

    @api.model
    def _reseller_check_names(self, names):
        """Refuse unsafe names, before they reach any query (see create, write)."""
        for name in names:
            check_entry_name(self.env, name)

    @api.model
    def _reseller_check_sibling_names(self, entries, exclude_ids=()):
        """Refuse a name already used by an active sibling, with a clear message.

        `entries` are (parent id, company id, name); one query for the batch
        (backfills create thousands of folders). The database index
        reseller_folder_sibling_name_uniq backs this up against races.
        """
        seen = set()
        for entry in entries:
            if entry in seen:
                self._reseller_raise_duplicate_name(entry)
            seen.add(entry)
        if not entries:
            return
        parent_ids = list({parent_id for parent_id, _company, _name in entries})
        domain = [
            ("name", "in", list({name for _parent, _company, name in entries})),
            ("id", "not in", list(exclude_ids)),
        ]
        if False in parent_ids:
            domain += [
                "|",
                ("parent_id", "in", [pid for pid in parent_ids if pid]),
                ("parent_id", "=", False),
            ]
        else:
            domain += [("parent_id", "in", parent_ids)]
        # sudo: names of siblings the user may not see still clash in the index
        existing_sudo = self.sudo().search_fetch(
            domain, ["name", "parent_id", "company_id"]
        )
        taken = {
            (folder.parent_id.id or False, folder.company_id.id, folder.name)
            for folder in existing_sudo
        }
        for entry in entries:
            if entry in taken:
                self._reseller_raise_duplicate_name(entry)

    @api.model
    def _reseller_raise_duplicate_name(self, entry):
        parent_id, _company_id, name = entry
        raise ValidationError(
            _(
                "A folder named %(name)s already exists in %(parent)s.",
                name=name,
                parent=self.sudo().browse(parent_id).name or _("the top level"),
            )
        )

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
                # Client trees are made by the File Center itself (see
                # res.partner._reseller_create_root_folders); a folder's client
                # always comes from its parent.
                if vals.pop("is_client_root", False) or vals.pop("partner_id", False):
                    raise AccessError(_("Client folders are created with the client."))
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
        self._reseller_check_sibling_names(
            [
                (
                    vals.get("parent_id") or False,
                    vals.get("company_id") or self.env.company.id,
                    vals.get("name"),
                )
                for vals in vals_list
                if vals.get("active", True)
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ("partner_id" in vals or "is_client_root" in vals):
            raise AccessError(_("The client of a folder comes from its tree."))
        if not self.env.su and "trash_date" in vals:
            # a backdated trash date would have the cron purge the subtree at once
            raise AccessError(_("Only the File Center dates what goes to the trash."))
        if "name" in vals:
            self._reseller_check_names([vals["name"]])
        if "name" in vals or "parent_id" in vals or vals.get("active"):
            self._reseller_check_sibling_names(
                [
                    (
                        vals.get("parent_id", folder.parent_id.id) or False,
                        folder.company_id.id,
                        vals.get("name", folder.name),
                    )
                    for folder in self
                    if vals.get("active", folder.active)
                ],
                exclude_ids=self.ids,
            )
        if "parent_id" in vals and vals["parent_id"]:
            new_parent = self.browse(vals["parent_id"])
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
        return super().write(vals)

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
        # sudo: access was checked above; trash dates are the File Center's
        to_restore.sudo().write({"active": True, "trash_date": False})
        files._reseller_restore()
        return True

    def _reseller_check_restorable(self):
        limit = fields.Datetime.now() - timedelta(days=TRASH_RETENTION_DAYS)
        for record in self:
            if record.active:
                raise UserError(
                    _("%(name)s is not in the trash.", name=record.display_name)
                )
            if record.trash_date and record.trash_date < limit:
                raise UserError(
                    _(
                        "%(name)s has been in the trash for more than %(days)s days "
                        "and can no longer be restored.",
                        name=record.display_name,
                        days=TRASH_RETENTION_DAYS,
                    )
                )

    def _reseller_make_sibling_names_unique(self):
        """Rename folders about to come back whose name an active sibling took.

        One query for the whole batch (a restored subtree can be large).
        """
        parent_domain = [("parent_id", "in", self.parent_id.ids)]
        if not all(folder.parent_id for folder in self):
            parent_domain = ["|", ("parent_id", "=", False), *parent_domain]
        siblings = self.with_context(active_test=False).search_fetch(
            [
                *parent_domain,
                ("active", "=", True),
                ("id", "not in", self.ids),
            ],
            ["name", "parent_id", "company_id"],
        )
        taken = defaultdict(set)
        for sibling in siblings:
            taken[sibling.parent_id.id, sibling.company_id.id].add(sibling.name)
        for folder in self:
            folder_taken = taken[folder.parent_id.id, folder.company_id.id]
            name = folder._reseller_unique_name(folder.name, folder_taken)
            folder_taken.add(name)
            if name != folder.name:
                folder.name = name

    @api.model
    def _reseller_unique_name(self, name, taken_names):
        """`name`, or `name (2)`, `name (3)`… (before the extension) when taken."""
        taken = set(taken_names)
        if name not in taken:
            return name
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = name, "", ""
        counter = 2
        while True:
            candidate = f"{stem} ({counter}){dot}{extension}"
            if candidate not in taken:
                return candidate
            counter += 1

    def _reseller_subtree_content(self):
        folders = self.search([("id", "child_of", self.ids)])
        files = self.env["reseller.file"].search([("folder_id", "in", folders.ids)])
        return {"folders": folders, "files": files}

    def _reseller_trash_subtree(self):
        content = self._reseller_subtree_content()
        now = fields.Datetime.now()
        # sudo: the content was searched with the user's rights and callers
        # checked write access; trash dates are the File Center's (see write)
        content["files"].sudo().write({"active": False, "trash_date": now})
        content["folders"].sudo().write({"active": False, "trash_date": now})

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

        Validation runs on every entry before anything is stored, so a bad entry
        leaves no partial record. The uploader is the current user, even when the
        caller elevated the environment.
        """
        self.ensure_one()
        # sudo: the caller checked access to this folder; the attachment and the
        # file record are created by the File Center on the user's behalf.
        files_sudo = self.env["reseller.file"].sudo()
        files_sudo._reseller_check_upload_entries(entries)
        taken = (
            self.env["reseller.file"]
            .sudo()
            .search([("folder_id", "=", self.id)])
            .mapped("name")
        )
        vals_list = []
        for name, content, _declared_mimetype in entries:
            unique_name = self._reseller_unique_name(name, taken)
            taken.append(unique_name)
            # the type is sniffed from the content, never the declared one
            attachment_sudo, real_mimetype = files_sudo._reseller_store_content(
                unique_name, content
            )
            vals_list.append(
                {
                    "name": unique_name,
                    "folder_id": self.id,
                    "attachment_id": attachment_sudo.id,
                    "mimetype": real_mimetype,
                    "comment": comment or False,
                    "uploaded_by_id": self.env.uid,
                }
            )
        new_files_sudo = files_sudo.create(vals_list)
        return new_files_sudo.sudo(self.env.su)

    def _reseller_add_files_from_attachments(self, attachments):
        """Turn attachments uploaded in the back end into files of this folder."""
        self.ensure_one()
        taken = (
            self.env["reseller.file"]
            .search([("folder_id", "=", self.id)])
            .mapped("name")
        )
        attachments_sudo = attachments.sudo()
        self.env["reseller.file"]._reseller_check_upload_entries(
            [(att.name, att.file_size, att.mimetype) for att in attachments_sudo],
            sizes_only=True,
        )
        vals_list = []
        for attachment_sudo in attachments_sudo:
            unique_name = self._reseller_unique_name(attachment_sudo.name, taken)
            taken.append(unique_name)
            vals_list.append(
                {
                    "name": unique_name,
                    "folder_id": self.id,
                    "attachment_id": attachment_sudo.id,
                    "uploaded_by_id": self.env.uid,
                }
            )
        return self.env["reseller.file"].create(vals_list)

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

    def _reseller_notify_new_files(self, files):
        """Tell the other side about new files: client from office, staff from
        client."""
        self.ensure_one()
        if not self.partner_id or not files:
            return
        names = ", ".join(files.mapped("name"))
        uploader = self.env.user
        # sudo: the uploader (possibly a portal user) posts in the folder's chatter
        # through the File Center, not through its own rights on mail.
        folder_sudo = self.sudo()
        if uploader.share:
            responsible = self.partner_id.user_id.partner_id
            folder_sudo.message_post(
                body=_(
                    "%(user)s uploaded new files: %(names)s",
                    user=uploader.name,
                    names=names,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=responsible.ids,
                author_id=uploader.partner_id.id,
            )
        else:
            client_users_sudo = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        # not child_of: a company filed under this client (a
                        # subsidiary, itself a client) cannot open this tree
                        ("partner_id.commercial_partner_id", "=", self.partner_id.id),
                        ("share", "=", True),
                    ]
                )
            )
            if client_users_sudo:
                folder_sudo.message_notify(
                    partner_ids=client_users_sudo.partner_id.ids,
                    subject=_("New files from %(office)s", office=self.company_id.name),
                    body=Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
                    % (
                        _(
                            "New files are available in your folder %(folder)s: "
                            "%(names)s",
                            folder=self.name,
                            names=names,
                        ),
                        f"{self.get_base_url()}/my/files/{self.id}",
                        _("Open the folder"),
                    ),
                    author_id=uploader.partner_id.id,
                )

    def _reseller_notify_certificates(self, files):
        self.ensure_one()
        lines = ", ".join(
            self.env._(
                "%(name)s (expires on %(date)s)",
                name=file.name,
                date=file.certificate_expiry_date,
            )
            for file in files
        )
        responsible = self.partner_id.user_id.partner_id
        # sudo: the reminder is posted by the cron on behalf of the File Center
        self.sudo().message_post(
            body=_("Digital certificates expire soon: %(lines)s", lines=lines),
            subtype_xmlid="mail.mt_comment",
            partner_ids=responsible.ids,
        )
