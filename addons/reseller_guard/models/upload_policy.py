"""One upload policy for the whole suite.

Every place that takes a file from a user (the file center's portal and back
end, the signed-contract upload, the guia intake) asks this model:
- is the name safe (tools/names.py);
- is the extension blocked (one list, `reseller_guard.blocked_extensions`,
  edited in Settings);
- is the file empty or over the limit the caller passes (each use keeps its own
  size setting: the file center 512 MB, the signed contract 10 MB);
- what is its real type, read from the content, never the one declared;
- is it active content (HTML, SVG, XML, scripts), which a browser would run:
  the caller stores it as text, or refuses it.

What ir.attachment already does is kept: it downgrades active types to
text/plain for users who are not administrators (`_check_contents`); this
policy applies the same rule to everyone, on the type it sniffed itself.
"""

import io
import mimetypes
import os

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from ..tools.names import check_entry_name

BLOCKED_EXTENSIONS_PARAM = "reseller_guard.blocked_extensions"
# Shipped in data/ir_config_parameter_data.xml too (a test keeps both equal).
# Programs, installers, scripts and shortcuts that run when a client opens them,
# disk images that mount and hide such programs, and server-side scripts.
# Certificates (pfx, p12), office files, PDFs, images, XML (NF-e) and zips stay
# allowed: they are what an office exchanges.
DEFAULT_BLOCKED_EXTENSIONS = (
    "exe, com, bat, cmd, msi, msp, mst, scr, pif, cpl, dll, sys, ocx, drv, "
    "vbs, vbe, js, jse, jar, wsf, wsh, wsc, ps1, psm1, psd1, hta, lnk, url, "
    "scf, inf, reg, chm, msc, gadget, application, appx, msix, appref-ms, "
    "sh, bash, csh, ksh, command, app, apk, deb, rpm, dmg, pkg, iso, img, vhd, "
    "vhdx, php, phtml, asp, aspx, jsp, cgi, py, pyw, pl, rb"
)
# Sniffing reads this much of the content: enough for every signature
# odoo.tools.mimetypes knows, without loading a large file.
SNIFF_SIZE = 4096
ZIP_SIGNATURE = b"PK\x03\x04"
# Types the content cannot tell apart from others: the name's extension does.
GENERIC_MIMETYPES = {"application/octet-stream", "text/plain", "application/zip"}
ACTIVE_MIMETYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}
ACTIVE_EXTENSIONS = {"html", "htm", "shtml", "xhtml", "svg", "svgz", "js", "mjs"}
# Markers of markup that a browser runs even under a harmless name or type.
ACTIVE_CONTENT_MARKERS = (b"<html", b"<!doctype html", b"<svg", b"<script")


class UploadRefused(UserError):
    """An upload the policy refuses; `code` names the reason for the portals."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class UploadPolicy(models.AbstractModel):
    _name = "reseller.upload.policy"
    _description = "Upload Policy"

    @api.model
    def _get_blocked_extensions(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(BLOCKED_EXTENSIONS_PARAM, DEFAULT_BLOCKED_EXTENSIONS)
        )
        return {
            ext.strip().lower().lstrip(".") for ext in value.split(",") if ext.strip()
        }

    @api.model
    def _check_uploads(self, entries, max_size=0):
        """Refuse the whole batch when one entry is bad, before storing anything.

        `entries` hold (name, content): bytes, a seekable stream, or the size in
        bytes as an int. `max_size` in bytes, 0 for no limit of the caller's own.
        Raises UploadRefused.
        """
        if not entries:
            raise UploadRefused(_("Choose at least one file to upload."), "no_file")
        blocked = self._get_blocked_extensions()
        for name, content in entries:
            self._check_name(name)
            self._check_extension(name, blocked)
            self._check_size(name, self._content_size(content), max_size)

    @api.model
    def _check_name(self, name):
        try:
            check_entry_name(self.env, name)
        except UserError as error:
            raise UploadRefused(error.args[0], "unsafe_name") from error

    @api.model
    def _check_extension(self, name, blocked):
        # Windows drops trailing dots and spaces when saving: "x.exe. " is an
        # .exe on the client's disk (the name check refuses those already).
        stem, dot, extension = name.rstrip(". ").rpartition(".")
        if dot and stem and extension.lower() in blocked:
            raise UploadRefused(
                _(
                    "Files of type .%(extension)s are not accepted (%(name)s).",
                    extension=extension.lower(),
                    name=name,
                ),
                "forbidden_type",
            )

    @api.model
    def _check_size(self, name, size, max_size):
        if size is not None and size == 0:
            raise UploadRefused(
                _("The file %(name)s is empty.", name=name), "empty_file"
            )
        if size is not None and max_size and size > max_size:
            raise UploadRefused(
                _(
                    "The file %(name)s is larger than the limit of %(limit)s MB.",
                    name=name,
                    limit=f"{max_size / (1024 * 1024):.6g}",
                ),
                "file_too_large",
            )

    @api.model
    def _content_size(self, content):
        """Size of bytes, a seekable stream or a given size; None if unknown."""
        if isinstance(content, int):
            return content
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
    def _sniff_mimetype(self, name, head):
        """The type the content shows, whatever type the client declared.

        A zip's directory is at its end, so its head cannot tell an office
        document from a plain zip; such generic types, and content no signature
        matches, take the type of the name's extension.
        """
        head = bytes(head or b"")[:SNIFF_SIZE]
        sniffed = (
            "application/zip"
            if head.startswith(ZIP_SIGNATURE)
            else guess_mimetype(head, default="application/octet-stream")
        )
        if sniffed in GENERIC_MIMETYPES:
            return mimetypes.guess_type(name)[0] or sniffed
        return sniffed

    @api.model
    def _is_active_content(self, name, head, mimetype=None):
        """True for content a browser would run if it were served inline."""
        mimetype = mimetype or self._sniff_mimetype(name, head)
        extension = name.rpartition(".")[2].lower()
        # any XML type can carry XHTML and its scripts (Odoo's own test in
        # ir.attachment._check_contents); OOXML is a zip, not XML
        xml_like = "xml" in mimetype and "openxmlformats" not in mimetype
        start = bytes(head or b"")[:1024].lstrip().lower()
        return (
            mimetype in ACTIVE_MIMETYPES
            or xml_like
            or "html" in mimetype
            or extension in ACTIVE_EXTENSIONS
            or any(marker in start for marker in ACTIVE_CONTENT_MARKERS)
        )

    @api.model
    def _safe_mimetype(self, name, head):
        """(real type shown to users, type to store on the attachment).

        Active content is stored as text/plain, as Odoo does for such uploads
        by non-administrators, so that no door serves it inline.
        """
        real = self._sniff_mimetype(name, head)
        if self._is_active_content(name, head, real):
            return real, "text/plain"
        return real, real

    @api.model
    def _refuse_active_content(self, name, head):
        """For uploads that must be documents (a signed contract): refuse."""
        if self._is_active_content(name, head):
            raise UploadRefused(
                _("%(name)s is a web page or a script, not a document.", name=name),
                "forbidden_type",
            )
