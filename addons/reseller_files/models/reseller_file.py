import hashlib
import io
import logging
import mimetypes
import os
import tempfile
from collections import defaultdict
from datetime import timedelta

from cryptography.hazmat.primitives.serialization import pkcs12

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.reseller_guard.tools import check_entry_name

from .reseller_folder import TRASH_RETENTION_DAYS

_logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_MB = 512
CHUNK_SIZE = 1024 * 1024
# Types a browser could run if served inline: stored as opaque bytes.
ACTIVE_MIMETYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}
# Shipped in data/ir_config_parameter_data.xml too; admins edit it in Settings.
# Programs, installers, scripts and shortcuts that run when a client opens them
# (double-click on Windows or macOS, or a server that executes them), and disk
# images that mount and hide such programs. HTML and SVG stay allowed: offices
# exchange HTML reports (accounting_share sends them), and the File Center
# stores them as text/plain and serves them only as downloads, never inline.
DEFAULT_BLOCKED_EXTENSIONS = (
    "exe, com, bat, cmd, msi, msp, mst, scr, pif, cpl, dll, sys, ocx, drv, "
    "vbs, vbe, js, jse, jar, wsf, wsh, wsc, ps1, psm1, psd1, hta, lnk, url, "
    "scf, inf, reg, chm, msc, gadget, application, appx, msix, appref-ms, "
    "sh, bash, csh, ksh, command, app, apk, deb, rpm, dmg, pkg, iso, img, vhd, "
    "vhdx, php, phtml, asp, aspx, jsp, cgi, py, pyw, pl, rb"
)
BLOCKED_EXTENSIONS_PARAM = "reseller_files.blocked_extensions"
# Sniffing reads this much of the content: enough for every signature
# odoo.tools.mimetypes knows, without loading a large file.
SNIFF_SIZE = 4096
ZIP_SIGNATURE = b"PK\x03\x04"
# Types the content cannot tell apart from others: the name's extension does.
GENERIC_MIMETYPES = {"application/octet-stream", "text/plain", "application/zip"}
PURGE_BATCH_SIZE = 500
CERTIFICATE_EXTENSIONS = (".pfx", ".p12")
CERTIFICATE_REMINDER_DAYS = 30
# Set by the File Center when the content is stored, never by hand: pointing
# attachment_id at another attachment would serve it through the file's download
# route (read with sudo), whatever the attachment belongs to.
STORAGE_FIELDS = (
    "attachment_id",
    "checksum",
    "file_size",
    "mimetype",
    "uploaded_by_id",
)


class ResellerFile(models.Model):
    _name = "reseller.file"
    _description = "File Center File"
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
    trash_date = fields.Datetime(readonly=True, copy=False)
    download_ids = fields.One2many(
        "reseller.file.download", "file_id", string="Downloads"
    )
    extension = fields.Char(compute="_compute_extension")
    is_certificate = fields.Boolean(
        string="A1 Certificate",
        compute="_compute_is_certificate",
        store=True,
        help="A digital certificate (.pfx or .p12) whose expiry is tracked.",
    )
    certificate_expiry_date = fields.Date(
        help="Read from the certificate when it has no password; otherwise staff "
        "enter it. A reminder is sent 30 days before.",
    )
    certificate_reminder_sent = fields.Boolean(readonly=True, copy=False)

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

    @api.depends("name")
    def _compute_is_certificate(self):
        for record in self:
            record.is_certificate = (
                (record.name or "").lower().endswith(CERTIFICATE_EXTENSIONS)
            )

    @api.model_create_multi
    def create(self, vals_list):
        # one name check for every way in: portal, back end and RPC
        self.env["reseller.folder"]._reseller_check_names(
            [vals.get("name") for vals in vals_list]
        )
        attachments = self.env["ir.attachment"].browse(
            [vals["attachment_id"] for vals in vals_list if vals.get("attachment_id")]
        )
        # sudo: reading the stored size and type of the content being filed
        attachments_sudo = attachments.sudo()
        if not self.env.su:
            self._reseller_check_attachments_free(attachments_sudo)
            if any(
                vals.get("uploaded_by_id", self.env.uid) != self.env.uid
                for vals in vals_list
            ):
                raise AccessError(_("Files are uploaded in your own name."))
        by_id = {att.id: att for att in attachments_sudo}
        for vals in vals_list:
            attachment_sudo = by_id.get(vals.get("attachment_id"))
            if attachment_sudo:
                # size and checksum describe the stored content, not the caller
                if not self.env.su:
                    vals.update(
                        file_size=attachment_sudo.file_size,
                        checksum=attachment_sudo.checksum,
                        mimetype=self._reseller_attachment_mimetype(attachment_sudo),
                    )
                vals.setdefault("file_size", attachment_sudo.file_size)
                vals.setdefault("checksum", attachment_sudo.checksum)
                vals.setdefault("mimetype", attachment_sudo.mimetype)
        files = super().create(vals_list)
        files._reseller_make_names_unique()
        files._reseller_bind_attachments()
        files.filtered("is_certificate")._reseller_read_certificate_expiry()
        for folder, folder_files in files.grouped("folder_id").items():
            folder._reseller_notify_new_files(folder_files)
        return files

    def write(self, vals):
        if not self.env.su and set(STORAGE_FIELDS).intersection(vals):
            raise AccessError(
                _("The content and the uploader of a file cannot be changed.")
            )
        if not self.env.su and "trash_date" in vals:
            # a backdated trash date would have the cron delete the file for
            # good at once: a permanent delete for users without unlink rights
            raise AccessError(_("Only the File Center dates what goes to the trash."))
        if "name" in vals:
            self.env["reseller.folder"]._reseller_check_names([vals["name"]])
        if "comment" in vals and not self.env.su:
            self._reseller_check_comment_author()
        if vals.get("folder_id") and not self.env.su:
            # rules are checked on the file before the move only: the target
            # folder must be one the user may work in (not another company's)
            self.env["reseller.folder"].browse(vals["folder_id"]).check_access("write")
        if "certificate_expiry_date" in vals:
            # a new date deserves a new reminder
            vals = dict(vals, certificate_reminder_sent=False)
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
        self._reseller_trash()
        return True

    def action_restore(self):
        self.check_access("write")
        for record in self:
            if record.active:
                raise UserError(
                    _("%(name)s is not in the trash.", name=record.display_name)
                )
        limit = fields.Datetime.now() - timedelta(days=TRASH_RETENTION_DAYS)
        if any(record.trash_date and record.trash_date < limit for record in self):
            raise UserError(
                _(
                    "Files in the trash for more than %(days)s days can no longer "
                    "be restored.",
                    days=TRASH_RETENTION_DAYS,
                )
            )
        # a restored file brings its folder chain back, so it can be reached
        folders = self.with_context(active_test=False).folder_id.search(
            [("id", "parent_of", self.folder_id.ids), ("active", "=", False)]
        )
        if folders:
            folders._reseller_make_sibling_names_unique()
            # sudo: the trash dates are the File Center's (see write)
            folders.sudo().write({"active": True, "trash_date": False})
        self._reseller_restore()
        return True

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/my/files/file/{self.id}/download",
            "target": "self",
        }

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

    def _reseller_check_comment_author(self):
        for record in self:
            if record.uploaded_by_id != self.env.user:
                raise UserError(
                    _(
                        "Only %(user)s, who uploaded %(name)s, may comment on it.",
                        user=record.uploaded_by_id.name,
                        name=record.name,
                    )
                )

    def _reseller_trash(self):
        # sudo: callers checked the user's right to trash these files; the date
        # that starts the retention window is the File Center's (see write)
        self.sudo().write({"active": False, "trash_date": fields.Datetime.now()})

    def _reseller_restore(self):
        """Bring files back, renamed when an active sibling took their name."""
        # sudo: callers checked the user's right to restore (see write); write
        # then renames what clashes (_reseller_make_names_unique)
        self.sudo().write({"active": True, "trash_date": False})

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
    # Upload validation and storage
    # ------------------------------------------------------------------

    @api.model
    def _reseller_max_upload_size(self):
        """The size limit in bytes (`reseller_files.max_upload_size_mb`)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("reseller_files.max_upload_size_mb", DEFAULT_MAX_UPLOAD_MB)
        )
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            return DEFAULT_MAX_UPLOAD_MB * 1024 * 1024

    @api.model
    def _reseller_blocked_extensions(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(BLOCKED_EXTENSIONS_PARAM, "")
        )
        return {
            ext.strip().lower().lstrip(".") for ext in value.split(",") if ext.strip()
        }

    @api.model
    def _reseller_fill_default_blocked_extensions(self):
        """Ship the default blocked list where it is still blank (databases
        installed before it existed); a list an admin chose stays."""
        params_sudo = self.env["ir.config_parameter"].sudo()
        if not (params_sudo.get_param(BLOCKED_EXTENSIONS_PARAM) or "").strip():
            params_sudo.set_param(BLOCKED_EXTENSIONS_PARAM, DEFAULT_BLOCKED_EXTENSIONS)

    @api.model
    def _reseller_check_upload_entries(self, entries, sizes_only=False):
        """Refuse the whole batch when one entry is bad, before storing anything.

        `entries` hold (name, content, mimetype); with `sizes_only` the content
        is the size in bytes.
        """
        if not entries:
            raise UserError(_("Choose at least one file to upload."))
        blocked = self._reseller_blocked_extensions()
        max_size = self._reseller_max_upload_size()
        for name, content, _mimetype in entries:
            check_entry_name(self.env, name)
            # Windows drops trailing dots and spaces when saving: "x.exe. " is
            # an .exe on the client's disk
            stem, dot, extension = name.rstrip(". ").rpartition(".")
            if dot and stem and extension.lower() in blocked:
                raise UserError(
                    _(
                        "Files of type .%(extension)s are not accepted (%(name)s).",
                        extension=extension.lower(),
                        name=name,
                    )
                )
            size = content if sizes_only else self._reseller_content_size(content)
            if size is not None and size == 0:
                raise UserError(_("The file %(name)s is empty.", name=name))
            if size is not None and size > max_size:
                raise UserError(
                    _(
                        "The file %(name)s is larger than the limit of %(limit)s MB.",
                        name=name,
                        limit=max_size // (1024 * 1024),
                    )
                )

    @api.model
    def _reseller_content_size(self, content):
        """Size of bytes or a seekable stream; None when it cannot be told yet."""
        if isinstance(content, bytes | bytearray):
            return len(content)
        try:
            position = content.tell()
            content.seek(0, os.SEEK_END)
            size = content.tell()
            content.seek(position)
            return size
        except (AttributeError, OSError, io.UnsupportedOperation):
            return None

    @api.model
    def _reseller_sniff_mimetype(self, name, head):
        """The type the content shows, whatever type the client declared.

        A zip's directory is at its end, so its head cannot tell an office
        document from a plain zip; such generic types, and content no signature
        matches, take the type of the name's extension.
        """
        head = bytes(head or b"")
        sniffed = (
            "application/zip"
            if head.startswith(ZIP_SIGNATURE)
            else guess_mimetype(head, default="application/octet-stream")
        )
        if sniffed in GENERIC_MIMETYPES:
            return mimetypes.guess_type(name)[0] or sniffed
        return sniffed

    @api.model
    def _reseller_safe_mimetype(self, name, head):
        """(real type shown to users, type stored on the attachment).

        Only the content and the name count, never the type the client
        declared: a made-up type such as application/vnd.x+xml would otherwise
        be served with the file.
        """
        real = self._reseller_sniff_mimetype(name, head)
        extension = name.rpartition(".")[2].lower()
        # any XML type can carry XHTML and its scripts (Odoo's own test in
        # ir.attachment._check_contents); OOXML is a zip, not XML
        xml_like = "xml" in real and "openxmlformats" not in real
        if (
            real in ACTIVE_MIMETYPES
            or xml_like
            or "html" in real
            or extension in ("html", "htm", "svg", "xhtml")
        ):
            # as Odoo does for such uploads by non-admins: served as plain text
            return real, "text/plain"
        return real, real

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
        real, stored = self._reseller_safe_mimetype(attachment_sudo.name, head)
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
        if isinstance(content, bytes | bytearray):
            real, stored = self._reseller_safe_mimetype(name, content[:SNIFF_SIZE])
            attachment = Attachment.create(
                {"name": name, "raw": bytes(content), "mimetype": stored}
            )
            return attachment, real
        head = content.read(SNIFF_SIZE)
        real, stored = self._reseller_safe_mimetype(name, head)
        if Attachment._storage() != "file":
            data = head + content.read()
            attachment = Attachment.create(
                {"name": name, "raw": data, "mimetype": stored}
            )
            return attachment, real
        fname, size, checksum = self._reseller_stream_to_filestore(head, content)
        attachment = Attachment.create({"name": name, "mimetype": stored})
        # ir.attachment.create() drops store_fname; the content is already in
        # place, so only its location is recorded.
        self.env.cr.execute(
            SQL(
                "UPDATE ir_attachment SET store_fname = %s, file_size = %s,"
                " checksum = %s, db_datas = NULL, mimetype = %s WHERE id = %s",
                fname,
                size,
                checksum,
                stored,
                attachment.id,
            )
        )
        attachment.invalidate_recordset(
            ["store_fname", "file_size", "checksum", "db_datas", "mimetype"]
        )
        return attachment, real

    @api.model
    def _reseller_stream_to_filestore(self, head, stream):
        Attachment = self.env["ir.attachment"].sudo()
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
                    if size > max_size:
                        raise UserError(
                            _(
                                "The file is larger than the limit of %(limit)s MB.",
                                limit=max_size // (1024 * 1024),
                            )
                        )
                    sha.update(chunk)
                    tmp.write(chunk)
                    chunk = stream.read(CHUNK_SIZE)
            except BaseException:
                tmp.close()
                os.unlink(tmp.name)
                raise
        if not size:
            os.unlink(tmp.name)
            raise UserError(_("The file is empty."))
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
    # A1 certificates
    # ------------------------------------------------------------------

    def _reseller_read_certificate_expiry(self):
        """Read the expiry of certificates that open without a password."""
        for record in self.filtered(lambda rec: not rec.certificate_expiry_date):
            # sudo: the File Center reads the content it stores
            data = record.sudo().attachment_id.raw
            expiry = self._reseller_certificate_expiry(data)
            if expiry:
                record.certificate_expiry_date = expiry

    @api.model
    def _reseller_certificate_expiry(self, data):
        try:
            _key, certificate, _extra = pkcs12.load_key_and_certificates(data, None)
        except (ValueError, TypeError):
            return False
        if not certificate:
            return False
        expiry = getattr(certificate, "not_valid_after_utc", None)
        return (expiry or certificate.not_valid_after).date()

    @api.model
    def _reseller_get_certificate_reminder_domain(self):
        limit = fields.Date.today() + timedelta(days=CERTIFICATE_REMINDER_DAYS)
        return [
            ("is_certificate", "=", True),
            ("certificate_expiry_date", "!=", False),
            ("certificate_expiry_date", "<=", limit),
            ("certificate_reminder_sent", "=", False),
        ]

    @api.model
    def _cron_certificate_reminders(self):
        """Warn the folder's followers and the client's salesperson, once per
        certificate, when it expires within 30 days."""
        files = self.search(self._reseller_get_certificate_reminder_domain())
        for folder, folder_files in files.grouped("folder_id").items():
            folder._reseller_notify_certificates(folder_files)
        files.write({"certificate_reminder_sent": True})
        return files

    # ------------------------------------------------------------------
    # Trash purge (cron)
    # ------------------------------------------------------------------

    @api.model
    def _reseller_get_purge_domain(self):
        limit = fields.Datetime.now() - timedelta(days=TRASH_RETENTION_DAYS)
        return [("active", "=", False), ("trash_date", "<", limit)]

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
