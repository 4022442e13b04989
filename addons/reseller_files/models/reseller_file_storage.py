"""Where the File Center keeps the content of its files.

The upload rules themselves (names, the suite's blocked extensions, empty
files, the type read from the content, active content) are the suite's one
upload policy, `reseller.upload.policy` in reseller_guard. The File Center adds
its own size limit (`reseller_files.max_upload_size_mb`), and streams large
uploads to the filestore without holding them in memory.
"""

import hashlib
import os
import tempfile

from odoo import api, models

from odoo.addons.reseller_guard.models.upload_policy import SNIFF_SIZE

DEFAULT_MAX_UPLOAD_MB = 512
MAX_UPLOAD_SIZE_PARAM = "reseller_files.max_upload_size_mb"
CHUNK_SIZE = 1024 * 1024


class ResellerFileStorage(models.AbstractModel):
    _name = "reseller.file.storage"
    _description = "File Center Content Storage"

    @api.model
    def _reseller_max_upload_size(self):
        """The size limit in bytes (`reseller_files.max_upload_size_mb`)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(MAX_UPLOAD_SIZE_PARAM, DEFAULT_MAX_UPLOAD_MB)
        )
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            return DEFAULT_MAX_UPLOAD_MB * 1024 * 1024

    @api.model
    def _reseller_check_uploads(self, entries):
        """Refuse the whole batch when one entry is bad, before storing anything.

        `entries` hold (name, content): bytes, a seekable stream, or the size in
        bytes. Names are checked first, with the ValidationError every name of
        the File Center gets; then the suite's upload policy, with the File
        Center's own size limit.
        """
        self.env["reseller.folder"]._reseller_check_names(
            [name for name, _content in entries]
        )
        self.env["reseller.upload.policy"]._check_uploads(
            entries, max_size=self._reseller_max_upload_size()
        )

    @api.model
    def _reseller_attachment_mimetype(self, attachment_sudo):
        """Sniff an attachment uploaded elsewhere (back end, RPC): its stored
        type becomes the safe one; returns the real type."""
        if attachment_sudo.store_fname:
            path = attachment_sudo._full_path(attachment_sudo.store_fname)
            with open(path, "rb") as content:
                head = content.read(SNIFF_SIZE)
        else:
            head = (attachment_sudo.raw or b"")[:SNIFF_SIZE]
        real, stored = self.env["reseller.upload.policy"]._safe_mimetype(
            attachment_sudo.name, head
        )
        if attachment_sudo.mimetype != stored:
            attachment_sudo.mimetype = stored
        return real

    @api.model
    def _reseller_store_content(self, name, content):
        """(ir.attachment in the filestore holding `content`, real mimetype).

        Streams are copied to the filestore chunk by chunk, so a large upload is
        never held whole in memory. Other storages (db, S3 modules) get bytes.
        """
        Attachment = self.env["ir.attachment"].sudo()
        policy = self.env["reseller.upload.policy"]
        if isinstance(content, bytes | bytearray):
            real, stored = policy._safe_mimetype(name, content[:SNIFF_SIZE])
            attachment = Attachment.create(
                {"name": name, "raw": bytes(content), "mimetype": stored}
            )
            return attachment, real
        head = content.read(SNIFF_SIZE)
        real, stored = policy._safe_mimetype(name, head)
        if Attachment._storage() != "file":
            data = head + content.read()
            attachment = Attachment.create(
                {"name": name, "raw": data, "mimetype": stored}
            )
            return attachment, real
        fname, size, checksum = self._reseller_stream_to_filestore(name, head, content)
        attachment = Attachment.create({"name": name, "mimetype": stored})
        attachment._reseller_set_filestore_location(fname, size, checksum, stored)
        return attachment, real

    @api.model
    def _reseller_stream_to_filestore(self, name, head, stream):
        """(filestore name, size, checksum) of the stream, copied chunk by chunk.

        The size is checked while copying: a stream may not tell it beforehand.
        """
        Attachment = self.env["ir.attachment"].sudo()
        policy = self.env["reseller.upload.policy"]
        max_size = self._reseller_max_upload_size()
        sha = hashlib.sha1()
        size = 0
        filestore = Attachment._filestore()
        os.makedirs(filestore, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=filestore, delete=False) as tmp:
            try:
                chunk = head
                while chunk:
                    size += len(chunk)
                    policy._check_size(name, size, max_size)
                    sha.update(chunk)
                    tmp.write(chunk)
                    chunk = stream.read(CHUNK_SIZE)
                policy._check_size(name, size, max_size)
            except BaseException:
                tmp.close()
                os.unlink(tmp.name)
                raise
        checksum = sha.hexdigest()
        fname = f"{checksum[:2]}/{checksum}"
        full_path = Attachment._full_path(fname)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        if os.path.exists(full_path):
            os.unlink(tmp.name)
        else:
            os.replace(tmp.name, full_path)
            # garbage-collected if the transaction is rolled back
            Attachment._mark_for_gc(fname)
        return fname, size, checksum

    # ------------------------------------------------------------------
    # Files from uploads (self is reseller.file, which inherits this model)
    # ------------------------------------------------------------------

    @api.model
    def _reseller_create_uploads(self, folder, entries, comment=None):
        """Files of `folder` from (name, bytes|stream) entries, uploaded by the
        current user. Every entry is checked before anything is stored, so a bad
        entry leaves no partial record."""
        # sudo: the caller checked access to the folder; the attachments and
        # the files are created by the File Center on the user's behalf
        files_sudo = self.sudo()
        files_sudo._reseller_check_uploads(entries)
        taken = files_sudo.search([("folder_id", "=", folder.id)]).mapped("name")
        vals_list = []
        for name, content in entries:
            unique_name = folder._reseller_unique_name(name, taken)
            taken.append(unique_name)
            # the type is sniffed from the content, never the declared one
            attachment_sudo, real_mimetype = files_sudo._reseller_store_content(
                unique_name, content
            )
            vals_list.append(
                {
                    "name": unique_name,
                    "folder_id": folder.id,
                    "attachment_id": attachment_sudo.id,
                    "mimetype": real_mimetype,
                    "comment": comment or False,
                    "uploaded_by_id": self.env.uid,
                }
            )
        return files_sudo.create(vals_list).sudo(self.env.su)

    @api.model
    def _reseller_create_from_attachments(self, folder, attachments):
        """Files of `folder` from attachments uploaded in the back end."""
        taken = self.search([("folder_id", "=", folder.id)]).mapped("name")
        attachments_sudo = attachments.sudo()
        self._reseller_check_uploads(
            [(attachment.name, attachment.file_size) for attachment in attachments_sudo]
        )
        vals_list = []
        for attachment_sudo in attachments_sudo:
            unique_name = folder._reseller_unique_name(attachment_sudo.name, taken)
            taken.append(unique_name)
            vals_list.append(
                {
                    "name": unique_name,
                    "folder_id": folder.id,
                    "attachment_id": attachment_sudo.id,
                    "uploaded_by_id": self.env.uid,
                }
            )
        return self.create(vals_list)

    @api.model
    def _reseller_fill_content_description(self, vals_list, attachments_sudo):
        """Size, checksum and type of the stored content, unless the File
        Center's own code gave them (the type it sniffed at upload)."""
        by_id = {attachment.id: attachment for attachment in attachments_sudo}
        for vals in vals_list:
            attachment_sudo = by_id.get(vals.get("attachment_id"))
            if attachment_sudo:
                vals.setdefault("file_size", attachment_sudo.file_size)
                vals.setdefault("checksum", attachment_sudo.checksum)
                vals.setdefault("mimetype", attachment_sudo.mimetype)

    def _reseller_describe_content(self):
        """Describe the content of files filed from the back end or over RPC:
        its size, checksum and the type sniffed from it."""
        # sudo: these fields are the File Center's (see _get_protected_fields)
        for record_sudo in self.sudo():
            attachment_sudo = record_sudo.attachment_id
            record_sudo.write(
                {
                    "file_size": attachment_sudo.file_size,
                    "checksum": attachment_sudo.checksum,
                    "mimetype": self._reseller_attachment_mimetype(attachment_sudo),
                }
            )
