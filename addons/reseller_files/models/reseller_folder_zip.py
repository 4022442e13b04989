"""A folder and its subfolders as one zip, streamed.

The entries are read from the database first (one query for the folders, one
for the files, as the user: trashed files and other clients' folders stay
out); the zip is then written chunk by chunk while the response is sent, from
the filestore, so memory stays flat whatever the folder's size.
"""

import zipfile

from odoo import api, models

ZIP_CHUNK_SIZE = 1024 * 1024


class _ZipSink:
    """A write-only stream whose bytes are taken as soon as they are written."""

    def __init__(self):
        self.chunks = []

    def write(self, data):  # pylint: disable=method-required-super
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        return None

    def drain(self):
        data = b"".join(self.chunks)
        self.chunks = []
        return data


def stream_zip(entries):
    """Yield the bytes of a zip of `entries`: (path in the zip, filestore path
    or bytes). Runs after the request's cursor is closed: no ORM here."""
    sink = _ZipSink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname, source in entries:
            with archive.open(arcname, "w", force_zip64=True) as member:
                if isinstance(source, bytes):
                    member.write(source)
                else:
                    with open(source, "rb") as content:
                        while chunk := content.read(ZIP_CHUNK_SIZE):
                            member.write(chunk)
                            yield sink.drain()
            yield sink.drain()
    yield sink.drain()


def safe_zip_part(name):
    """A folder or file name made safe as one part of a path in the zip."""
    cleaned = "".join(
        "_" if char in '/\\:*?"<>|' or ord(char) < 32 else char for char in name
    )
    cleaned = cleaned.strip().lstrip(".").strip()
    return cleaned or "_"


class ResellerFolderZip(models.AbstractModel):
    _name = "reseller.folder.zip"
    _description = "File Center Folder as a Zip"

    def _reseller_zip_name(self):
        self.ensure_one()
        return f"{safe_zip_part(self.name)}.zip"

    def _reseller_zip_entries(self, log_download=False):
        """(path in the zip, filestore path or bytes) of every file of this
        folder and its subfolders the current user may read; with
        `log_download`, each of them is logged as downloaded, in one batch."""
        self.ensure_one()
        folders = self.search_fetch(
            [("id", "child_of", self.id)], ["name", "parent_id"]
        )
        paths = self._reseller_zip_folder_paths(folders)
        files = self.env["reseller.file"].search_fetch(
            [("folder_id", "in", folders.ids)], ["name", "folder_id", "attachment_id"]
        )
        if log_download:
            self.env["reseller.file.download"]._reseller_log(files)
        # sudo: the attachments are the files' own content, read just above
        # with the user's rights
        attachments_sudo = files.attachment_id.sudo()
        attachments_sudo.fetch(["store_fname"])
        entries, taken = [], set()
        for file in files:
            arcname = self._reseller_unique_arcname(
                f"{paths[file.folder_id.id]}/{safe_zip_part(file.name)}", taken
            )
            attachment_sudo = file.attachment_id.sudo()
            if attachment_sudo.store_fname:
                source = attachment_sudo._full_path(attachment_sudo.store_fname)
            else:
                source = attachment_sudo.raw or b""
            entries.append((arcname, source))
        return entries

    def _reseller_zip_folder_paths(self, folders):
        by_id = {folder.id: folder for folder in folders}
        paths = {self.id: safe_zip_part(self.name)}

        def path_of(folder):
            if folder.id not in paths:
                parent = by_id.get(folder.parent_id.id)
                prefix = path_of(parent) if parent else safe_zip_part(self.name)
                paths[folder.id] = f"{prefix}/{safe_zip_part(folder.name)}"
            return paths[folder.id]

        for folder in folders:
            path_of(folder)
        return paths

    @api.model
    def _reseller_unique_arcname(self, arcname, taken):
        candidate, counter = arcname, 2
        while candidate in taken:
            stem, dot, extension = arcname.rpartition(".")
            candidate = (
                f"{stem} ({counter}).{extension}" if dot else f"{arcname} ({counter})"
            )
            counter += 1
        taken.add(candidate)
        return candidate

    def action_download_zip(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/my/files/{self.id}/zip",
            "target": "self",
        }
