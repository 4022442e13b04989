"""New versions of a file: same name, comments and history, new content."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResellerFileVersioning(models.AbstractModel):
    _name = "reseller.file.versioning"
    _description = "File Center File Versions"

    version = fields.Integer(default=1, readonly=True, copy=False)
    version_ids = fields.One2many(
        "reseller.file.version", "file_id", string="Earlier Versions"
    )
    upload_date = fields.Datetime(
        string="Uploaded on", readonly=True, default=fields.Datetime.now
    )

    def action_upload_new_version(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Upload a New Version"),
            "res_model": "reseller.file.version.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_file_id": self.id},
        }

    def _reseller_add_version(self, content, name=None):
        """Store `content` as the new current version of this file.

        The content it replaces becomes a `reseller.file.version` keeping its
        attachment, uploader and date. The upload policy checks the content as
        for any upload, under the file's own name.
        """
        self.ensure_one()
        if not self.active:
            raise UserError(_("A file in the trash gets no new version."))
        if name and name != self.name:
            raise UserError(
                _(
                    "A new version of %(name)s must have the same name.",
                    name=self.name,
                )
            )
        # sudo: the caller checked access to the file; the File Center stores
        # the content and keeps the history on the user's behalf
        self_sudo = self.sudo()
        self_sudo._reseller_check_uploads([(self.name, content)])
        attachment_sudo, real_mimetype = self_sudo._reseller_store_content(
            self.name, content
        )
        self._reseller_archive_current_version()
        self_sudo.write(
            {
                "attachment_id": attachment_sudo.id,
                "version": self_sudo.version + 1,
                "mimetype": real_mimetype,
                "file_size": attachment_sudo.file_size,
                "checksum": attachment_sudo.checksum,
                "uploaded_by_id": self.env.uid,
                "upload_date": fields.Datetime.now(),
            }
        )
        self_sudo._reseller_bind_attachments()
        self_sudo.folder_id._reseller_notify_new_files(self_sudo)
        return self

    def _reseller_archive_current_version(self):
        self.ensure_one()
        self_sudo = self.sudo()
        self.env["reseller.file.version"].sudo().create(
            {
                "file_id": self_sudo.id,
                "version": self_sudo.version,
                "name": self_sudo.name,
                "attachment_id": self_sudo.attachment_id.id,
                "mimetype": self_sudo.mimetype,
                "file_size": self_sudo.file_size,
                "uploaded_by_id": self_sudo.uploaded_by_id.id,
                "upload_date": self_sudo.upload_date or self_sudo.create_date,
            }
        )

    @api.model
    def _reseller_upload_or_version(self, folder, entries):
        """Upload `entries` to `folder`; one named as a file of the folder
        becomes that file's new version."""
        existing = {
            file.name: file
            for file in self.search(
                [("folder_id", "=", folder.id), ("name", "in", [e[0] for e in entries])]
            )
        }
        new_entries = [entry for entry in entries if entry[0] not in existing]
        files = self.browse()
        if new_entries:
            files = folder._reseller_add_files(new_entries)
        for name, content, _mimetype in entries:
            if name in existing:
                files |= existing[name]._reseller_add_version(content)
        return files

    def _portal_new_version(self, content):
        """A new version the client uploads to one of its tree's files."""
        self.ensure_one()
        return self._reseller_add_version(content)
