from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reseller_guard.tools import document_or_404, flash

from ..models.reseller_folder_zip import stream_zip

# shown in the browser: never HTML, SVG or anything that runs script
PREVIEW_MIMETYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
)


def _uploaded_entries():
    """(name, stream, declared type) of each file the form sent as `files`.

    The declared type is passed along for the record only: the upload policy
    stores the type it reads from the content."""
    return [
        (upload.filename, upload.stream, upload.mimetype)
        for upload in request.httprequest.files.getlist("files")
        if upload.filename
    ]


def _upload_max_content_length(controller):
    """The request size allowed on uploads: the configured limit plus headroom."""
    max_size = request.env["reseller.file"]._reseller_max_upload_size()
    return max_size + 10 * 1024 * 1024


class ResellerFilesPortal(CustomerPortal):
    # EXTENDS portal
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "reseller_file_count" in counters:
            File = request.env["reseller.file"]
            values["reseller_file_count"] = (
                File.search_count(self._reseller_files_domain())
                if File.has_access("read")
                else 0
            )
        return values

    def _reseller_files_domain(self):
        partner = request.env.user.commercial_partner_id
        return [("partner_id", "=", partner.id)]

    def _reseller_client_root(self):
        """The current user's root folder, checked as the user."""
        # sudo: res.partner.reseller_folder_id is a back-end field; the folder it
        # points to is then checked with the user's own rights.
        root_sudo = request.env.user.commercial_partner_id.sudo().reseller_folder_id
        if not root_sudo or not root_sudo.active:
            raise MissingError(_("You have no files yet."))
        return self._reseller_as_user_sudo(
            self._document_check_access("reseller.folder", root_sudo.id)
        )

    def _reseller_folder_sudo(self, folder_id):
        """The folder, checked as the user; 404 for a foreign or trashed one."""
        folder_sudo = document_or_404(self, "reseller.folder", folder_id)
        if not folder_sudo.active:
            raise NotFound()
        return self._reseller_as_user_sudo(folder_sudo)

    def _reseller_file_sudo(self, file_id):
        """The file, checked as the user; 404 for a foreign or trashed one."""
        file_sudo = document_or_404(self, "reseller.file", file_id)
        if not file_sudo.active:
            raise NotFound()
        return self._reseller_as_user_sudo(file_sudo)

    def _reseller_as_user_sudo(self, record_sudo):
        """The checked record, elevated but still acting as the current user.

        _document_check_access returns records of the superuser; uploads,
        comments and logs must name the real user, so the uid is restored.
        """
        return record_sudo.with_user(request.env.user).sudo()

    _reseller_files_per_page = 100

    def _reseller_folder_values(self, folder_sudo, page=1, **kwargs):
        values = self._prepare_portal_layout_values()
        user = request.env.user
        root_sudo = self._reseller_client_root() if user.share else folder_sudo.browse()
        # sudo records were checked by _document_check_access; listing their
        # content as the user keeps the record rules in force.
        folder = folder_sudo.sudo(False)
        subfolders, files, pager = self._reseller_folder_page(folder, page)
        # uploader names, in one query, even if the user cannot read res.users
        uploaders = {file.id: file.sudo().uploaded_by_id.name for file in files}
        # and of their earlier versions, shown in the Info panel
        versions_sudo = files.sudo().version_ids
        uploaders.update({f"v{v.id}": v.uploaded_by_id.name for v in versions_sudo})
        values.update(
            {
                "page_name": "reseller_files",
                "folder": folder,
                "subfolders": subfolders,
                "files": files,
                "pager": pager,
                "uploaders": uploaders,
                "preview_mimetypes": PREVIEW_MIMETYPES,
                "breadcrumb": folder._reseller_portal_breadcrumb(root_sudo)
                if root_sudo
                else folder,
            }
        )
        return values

    def _reseller_folder_page(self, folder, page):
        """One page of the folder: up to a page of subfolders and of files.

        A client root holds a folder per document request, so the subfolders are
        paged like the files, on the same pager: neither list is read whole.
        """
        step = self._reseller_files_per_page
        Folder = request.env["reseller.folder"]
        File = request.env["reseller.file"]
        folder_domain = [("parent_id", "=", folder.id)]
        file_domain = [("folder_id", "=", folder.id)]
        pager = portal_pager(
            url=folder.access_url,
            total=max(
                Folder.search_count(folder_domain), File.search_count(file_domain)
            ),
            page=page,
            step=step,
        )
        subfolders = Folder.search_fetch(
            folder_domain, ["name"], limit=step, offset=pager["offset"]
        )
        files = File.search_fetch(
            file_domain,
            ["name", "mimetype", "file_size", "comment", "uploaded_by_id"],
            order="name, id",
            limit=step,
            offset=pager["offset"],
        )
        return subfolders, files, pager

    @http.route(["/my/files"], type="http", auth="user", website=True)
    def portal_my_files(self, **kwargs):
        try:
            root_sudo = self._reseller_client_root()
        except (AccessError, MissingError):
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "reseller_files", "folder": None})
            return request.render("reseller_files.portal_my_files_empty", values)
        return request.render(
            "reseller_files.portal_my_files",
            self._reseller_folder_values(root_sudo, **kwargs),
        )

    @http.route(
        ["/my/files/<int:folder_id>", "/my/files/<int:folder_id>/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_folder(self, folder_id, page=1, **kwargs):
        folder_sudo = self._reseller_folder_sudo(folder_id)
        return request.render(
            "reseller_files.portal_my_files",
            self._reseller_folder_values(folder_sudo, page=page, **kwargs),
        )

    def _reseller_redirect(self, folder, error=None, success=None):
        """Back to the folder; the message travels in the session, never in the
        URL, so that no crafted link can show the client any text."""
        if error:
            flash(error, "danger")
        if success:
            flash(success, "success")
        return request.redirect(folder.access_url)

    @http.route(
        ["/my/files/<int:folder_id>/upload"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        max_content_length=_upload_max_content_length,
    )
    def portal_my_folder_upload(self, folder_id, **kwargs):
        folder_sudo = self._reseller_folder_sudo(folder_id)
        entries = _uploaded_entries()
        try:
            # a savepoint: a bad file in the batch leaves no partial record
            with request.env.cr.savepoint():
                files = folder_sudo._portal_upload(
                    entries, as_new_versions=bool(kwargs.get("as_new_versions"))
                )
        except (UserError, ValidationError) as error:
            return self._reseller_redirect(folder_sudo, error=error.args[0])
        return self._reseller_redirect(
            folder_sudo,
            success=_("%(count)s file(s) uploaded.", count=len(files)),
        )

    @http.route(
        ["/my/files/<int:folder_id>/folder"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_folder_create(self, folder_id, name="", **kwargs):
        folder_sudo = self._reseller_folder_sudo(folder_id)
        try:
            with request.env.cr.savepoint():
                new_folder = folder_sudo._portal_create_subfolder(name)
        except (UserError, ValidationError) as error:
            return self._reseller_redirect(folder_sudo, error=error.args[0])
        return request.redirect(new_folder.access_url)

    @http.route(["/my/files/file/<int:file_id>/download"], type="http", auth="user")
    def portal_my_file_download(self, file_id, **kwargs):
        file_sudo = self._reseller_file_sudo(file_id)
        request.env["reseller.file.download"]._reseller_log(file_sudo)
        stream = request.env["ir.binary"]._get_stream_from(
            file_sudo.attachment_id,
            "raw",
            filename=file_sudo.name,
            mimetype=file_sudo.attachment_id.mimetype,
        )
        # never inline: HTML or SVG content must not run in the portal's origin
        return stream.get_response(as_attachment=True)

    @http.route(["/my/files/file/<int:file_id>/preview"], type="http", auth="user")
    def portal_my_file_preview(self, file_id, **kwargs):
        """PDFs and images open in the browser; anything else downloads."""
        file_sudo = self._reseller_file_sudo(file_id)
        request.env["reseller.file.download"]._reseller_log(file_sudo)
        inline = file_sudo.mimetype in PREVIEW_MIMETYPES
        stream = request.env["ir.binary"]._get_stream_from(
            file_sudo.attachment_id,
            "raw",
            filename=file_sudo.name,
            # the type sniffed from the content, never the one declared
            mimetype=file_sudo.mimetype if inline else "application/octet-stream",
        )
        response = stream.get_response(as_attachment=not inline)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @http.route(
        ["/my/files/file/<int:file_id>/version/<int:version_id>/download"],
        type="http",
        auth="user",
    )
    def portal_my_file_version_download(self, file_id, version_id, **kwargs):
        file_sudo = self._reseller_file_sudo(file_id)
        version_sudo = file_sudo.version_ids.filtered(lambda v: v.id == version_id)
        if not version_sudo:
            raise NotFound()
        # an earlier version is still the file opened: logged as such
        request.env["reseller.file.download"]._reseller_log(file_sudo)
        stream = request.env["ir.binary"]._get_stream_from(
            version_sudo.attachment_id,
            "raw",
            filename=version_sudo.name,
            mimetype=version_sudo.attachment_id.mimetype,
        )
        return stream.get_response(as_attachment=True)

    @http.route(
        ["/my/files/file/<int:file_id>/version"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        max_content_length=_upload_max_content_length,
    )
    def portal_my_file_new_version(self, file_id, **kwargs):
        file_sudo = self._reseller_file_sudo(file_id)
        upload = request.httprequest.files.get("file")
        if not upload or not upload.filename:
            return self._reseller_redirect(
                file_sudo.folder_id, error=_("Choose the file of the new version.")
            )
        try:
            with request.env.cr.savepoint():
                file_sudo._portal_new_version(upload.stream)
        except (UserError, ValidationError) as error:
            return self._reseller_redirect(file_sudo.folder_id, error=error.args[0])
        return self._reseller_redirect(
            file_sudo.folder_id,
            success=_(
                "%(name)s is now at version %(version)s.",
                name=file_sudo.name,
                version=file_sudo.version,
            ),
        )

    @http.route(["/my/files/<int:folder_id>/zip"], type="http", auth="user")
    def portal_my_folder_zip(self, folder_id, **kwargs):
        """The folder and its subfolders as one zip, streamed."""
        folder_sudo = self._reseller_folder_sudo(folder_id)
        # listed as the user: trashed files and what is not theirs stay out
        folder = folder_sudo.sudo(False)
        entries = folder._reseller_zip_entries(log_download=True)
        return request.make_response(
            stream_zip(entries),
            headers=[
                ("Content-Type", "application/zip"),
                (
                    "Content-Disposition",
                    http.content_disposition(folder._reseller_zip_name()),
                ),
            ],
        )

    @http.route(
        ["/my/files/file/<int:file_id>/comment"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_file_comment(self, file_id, comment="", **kwargs):
        file_sudo = self._reseller_file_sudo(file_id)
        try:
            file_sudo._portal_comment(comment)
        except UserError as error:
            return self._reseller_redirect(file_sudo.folder_id, error=error.args[0])
        return self._reseller_redirect(file_sudo.folder_id, success=_("Comment saved."))

    @http.route(
        ["/my/files/file/<int:file_id>/delete"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_file_delete(self, file_id, **kwargs):
        file_sudo = self._reseller_file_sudo(file_id)
        try:
            file_sudo._portal_trash()
        except UserError as error:
            return self._reseller_redirect(file_sudo.folder_id, error=error.args[0])
        return self._reseller_redirect(
            file_sudo.folder_id,
            success=_("%(name)s was deleted.", name=file_sudo.name),
        )
