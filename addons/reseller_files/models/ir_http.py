import re

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import _, models
from odoo.http import request

from odoo.addons.reseller_guard.tools import flash

UPLOAD_PATH_RE = re.compile(r"^/my/files/(\d+)/upload/?$")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        # EXTENDS base
        # werkzeug refuses an upload over the route's max_content_length while
        # parsing the form, before the controller runs: the client would get a
        # bare 413 page instead of the portal's own message.
        if isinstance(exception, RequestEntityTooLarge):
            match = UPLOAD_PATH_RE.match(request.httprequest.path)
            if match and request.env.user and not request.env.user._is_public():
                return cls._reseller_upload_too_large(int(match.group(1)))
        return super()._handle_error(exception)

    @classmethod
    def _reseller_upload_too_large(cls, folder_id):
        """Back to the folder, with the limit named in a flashed message."""
        max_size = request.env["reseller.file"]._reseller_max_upload_size()
        # formatted outside _(): the extraction of translatable terms cannot
        # read an f-string among the arguments
        limit = f"{max_size / (1024 * 1024):.6g}"
        flash(
            _(
                "The upload is larger than the limit of %(limit)s MB per file. "
                "Send large files one at a time.",
                limit=limit,
            ),
            "danger",
        )
        # error responses skip post_dispatch, where the session is saved
        request._save_session()
        # the folder page itself answers 404 for a folder that is not the user's
        return request.redirect(
            request.env["reseller.folder"].browse(folder_id).access_url
        )
