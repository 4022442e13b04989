from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

PURGE_BATCH_SIZE = 500
# What the stored content is, read from the attachment: the values a caller
# gives are ignored.
CONTENT_DESCRIPTION_FIELDS = ("file_size", "checksum", "mimetype")


class ResellerFile(models.Model):
    _name = "reseller.file"
    _description = "File Center File"
    _inherit = (
        "portal.mixin",
        "reseller.files.trash.mixin",
        "reseller.protected.fields.mixin",
        "reseller.file.storage",
        "reseller.file.certificate",
        "reseller.file.versioning",
    )
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    folder_id = fields.Many2one(
        "reseller.folder",
        required=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        related="folder_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(related="folder_id.company_id", store=True, index=True)
    attachment_id = fields.Many2one(
        "ir.attachment",
        required=True,
        readonly=True,
        ondelete="restrict",
        copy=False,
    )
    mimetype = fields.Char(string="Type", readonly=True)
    file_size = fields.Integer(string="Size (bytes)", readonly=True)
    file_size_human = fields.Char(string="Size", compute="_compute_file_size_human")
    checksum = fields.Char(readonly=True)
    comment = fields.Text()
    uploaded_by_id = fields.Many2one(
        "res.users",
        string="Uploaded by",
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    uploaded_by_client = fields.Boolean(
        compute="_compute_uploaded_by_client", store=True
    )
    download_ids = fields.One2many(
        "reseller.file.download", "file_id", string="Downloads"
    )
    extension = fields.Char(compute="_compute_extension")

    def _get_protected_fields(self):
        # Set by the File Center when the content is stored: the size, checksum
        # and type describe it, and the uploader may comment on and delete it
        # from the portal.
        return super()._get_protected_fields() | {
            "checksum",
            "file_size",
            "mimetype",
            "uploaded_by_id",
            "version",
            "upload_date",
        }

    def _compute_access_url(self):
        # a file is opened in the portal by downloading it
        for record in self:
            record.access_url = record._get_portal_route("download")

    @api.depends("file_size")
    def _compute_file_size_human(self):
        for record in self:
            size = float(record.file_size or 0)
            for unit in ("B", "KB", "MB", "GB"):
                if size < 1024 or unit == "GB":
                    record.file_size_human = (
                        f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
                    )
                    break
                size /= 1024

    @api.depends("uploaded_by_id.share")
    def _compute_uploaded_by_client(self):
        for record in self:
            record.uploaded_by_client = record.uploaded_by_id.share

    @api.depends("name")
    def _compute_extension(self):
        for record in self:
            stem, dot, extension = (record.name or "").rpartition(".")
            record.extension = extension.lower() if dot and stem else ""

    @api.model_create_multi
    def create(self, vals_list):
        # one name check for every way in: portal, back end and RPC
        self.env["reseller.folder"]._reseller_check_names(
            [vals.get("name") for vals in vals_list]
        )
        # sudo: reading the stored size and type of the content being filed
        attachments_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .browse(
                [
                    vals["attachment_id"]
                    for vals in vals_list
                    if vals.get("attachment_id")
                ]
            )
        )
        if self.env.su:
            self._reseller_fill_content_description(vals_list, attachments_sudo)
        else:
            self._reseller_check_attachments_free(attachments_sudo)
            vals_list = [
                {k: v for k, v in vals.items() if k not in CONTENT_DESCRIPTION_FIELDS}
                for vals in vals_list
            ]
        files = super().create(vals_list)
        if not self.env.su:
            files._reseller_describe_content()
        files._reseller_make_names_unique()
        files._reseller_bind_attachments()
        for folder, folder_files in files.grouped("folder_id").items():
            folder._reseller_notify_new_files(folder_files)
        return files

    def write(self, vals):
        if "name" in vals:
            self.env["reseller.folder"]._reseller_check_names([vals["name"]])
        if not self.env.su:
            self._reseller_check_attachment_kept(vals)
            if "comment" in vals:
                self._reseller_check_comment_author()
            if vals.get("folder_id"):
                self._reseller_check_move_target(vals["folder_id"])
        res = super().write(vals)
        if "name" in vals:
            # the download name follows the file name
            for record_sudo in self.sudo():
                record_sudo.attachment_id.name = record_sudo.name
        if "name" in vals or vals.get("folder_id") or vals.get("active"):
            self._reseller_make_names_unique()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_from_trash(self):
        if self.filtered("active") and not self.env.context.get("reseller_purge"):
            raise UserError(
                _("Move files to the trash first; they are deleted from there.")
            )

    def action_trash(self):
        """Move files to the trash, from which staff restore them for 30 days."""
        self.check_access("write")
        self._reseller_write_trashed()
        return True

    def action_restore(self):
        self.check_access("write")
        self._reseller_check_restorable()
        # a restored file brings its folder chain back, so it can be reached
        folders = self.with_context(active_test=False).folder_id.search(
            [("id", "parent_of", self.folder_id.ids), ("active", "=", False)]
        )
        if folders:
            folders._reseller_make_sibling_names_unique()
            folders._reseller_write_restored()
        # write renames what an active sibling took meanwhile
        self._reseller_write_restored()
        return True

    def action_download(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.access_url, "target": "self"}

    # ------------------------------------------------------------------
    # Rules of the File Center, for every way in
    # ------------------------------------------------------------------

    @api.model
    def _reseller_check_attachments_free(self, attachments_sudo):
        """Only fresh uploads of the user may become files: an attachment of
        another record (an invoice, another client's file) is never taken over."""
        for attachment_sudo in attachments_sudo:
            if attachment_sudo.create_uid != self.env.user or (
                attachment_sudo.res_model not in (False, "reseller.folder")
            ):
                raise AccessError(
                    _(
                        "The attachment %(name)s cannot be filed here.",
                        name=attachment_sudo.name,
                    )
                )

    @api.model
    def _reseller_check_attachment_kept(self, vals):
        """A file keeps its content: pointed at another attachment, its download
        route (which reads with sudo) would serve that attachment, whatever it
        belongs to."""
        if "attachment_id" in vals:
            raise AccessError(_("The content of a file cannot be changed."))

    def _reseller_check_move_target(self, folder_id):
        # record rules are checked on the file before the move only: the target
        # folder must be one the user may work in (not another company's)
        self.env["reseller.folder"].browse(folder_id).check_access("write")

    def _reseller_check_comment_author(self):
        """A comment is its uploader's note on the file, for staff and clients."""
        for record in self:
            if not record._reseller_is_own_upload():
                raise UserError(
                    _(
                        "Only the person who uploaded %(name)s may comment on it.",
                        name=record.name,
                    )
                )

    def _reseller_check_trash_by_uploader(self):
        """From the portal, a client deletes only what it uploaded itself."""
        for record in self:
            if not record._reseller_is_own_upload():
                raise UserError(
                    _("You can only delete the files you uploaded yourself.")
                )

    def _reseller_is_own_upload(self):
        self.ensure_one()
        return self.uploaded_by_id == self.env.user

    # ------------------------------------------------------------------
    # Portal actions: called by the portal controller on a record it checked
    # ------------------------------------------------------------------

    def _get_portal_route(self, action):
        """The portal route of this file for `action` (download, comment, delete)."""
        self.ensure_one()
        return f"/my/files/file/{self.id}/{action}"

    def _portal_comment(self, text):
        """Save the comment a client typed in the portal on one of its uploads."""
        self.ensure_one()
        self._reseller_check_comment_author()
        # sudo: portal users have no write right on files; the rule above is
        # the one that decides
        self.sudo().comment = (text or "").strip() or False
        return True

    def _portal_trash(self):
        """Move one of the client's own uploads to the staff's trash."""
        self.ensure_one()
        self._reseller_check_trash_by_uploader()
        self._reseller_write_trashed()
        return True

    # ------------------------------------------------------------------
    # Content and names
    # ------------------------------------------------------------------

    def _reseller_make_names_unique(self):
        """Rename active files whose name an active sibling holds: `name (2)`…

        The rule of uploads, applied the same way to files created, renamed,
        moved or restored. One query for the names of all the folders involved,
        so a restored folder of thousands of files stays cheap.
        """
        files = self.filtered("active")
        if not files:
            return
        # sudo: names of siblings the user may not read still clash
        siblings_sudo = self.sudo().search_fetch(
            [
                ("folder_id", "in", files.folder_id.ids),
                ("active", "=", True),
                ("id", "not in", files.ids),
            ],
            ["name", "folder_id"],
        )
        taken = defaultdict(set)
        for sibling_sudo in siblings_sudo:
            taken[sibling_sudo.folder_id.id].add(sibling_sudo.name)
        for record in files:
            folder_taken = taken[record.folder_id.id]
            name = self.env["reseller.folder"]._reseller_unique_name(
                record.name, folder_taken
            )
            folder_taken.add(name)
            if name != record.name:
                # sudo: the File Center renames; the user chose the name
                record.sudo().name = name

    def _reseller_bind_attachments(self):
        """Link each attachment to its file, so its access follows the file's."""
        # sudo: attachments are internal storage of the File Center
        for record in self.sudo():
            if (
                record.attachment_id.res_model != self._name
                or record.attachment_id.res_id != record.id
            ):
                record.attachment_id.write(
                    {"res_model": self._name, "res_id": record.id}
                )

    # ------------------------------------------------------------------
    # Trash purge (cron)
    # ------------------------------------------------------------------

    @api.model
    def _cron_purge_trash(self, batch_size=PURGE_BATCH_SIZE):
        """Delete one batch of what stayed in the trash past the window.

        The scheduler commits each batch and calls again while work remains
        (ir.cron._notify_progress), so a long purge never holds locks for long
        and a crash keeps the work already done.
        """
        domain = self._reseller_get_purge_domain()
        files = self.with_context(active_test=False, reseller_purge=True)
        batch = files.search(domain, limit=batch_size)
        batch.unlink()
        done = len(batch)
        Folder = self.env["reseller.folder"].with_context(
            active_test=False, reseller_purge=True
        )
        # folders once their files are gone (a file's folder is restricted),
        # leaves first, so that no folder is deleted before its children
        while done < batch_size and not files.search_count(domain, limit=1):
            leaves = Folder.search(
                domain + [("child_ids", "=", False)], limit=batch_size - done
            )
            if not leaves:
                break
            leaves.unlink()
            done += len(leaves)
        remaining = files.search_count(domain) + Folder.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining
