"""What is not the user's answers 404, never 403.

`CustomerPortal._document_check_access` raises AccessError for a record that
exists but is not the user's, and MissingError for one that does not exist: a
403 for the first would tell a client that another client's record exists.
Every portal route of the suite reaches its records through this one helper.
"""

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError


def document_or_404(portal, model_name, document_id, access_token=None):
    """The record in sudo, checked as the user (or the token); else NotFound."""
    try:
        return portal._document_check_access(
            model_name, document_id, access_token=access_token
        )
    except (AccessError, MissingError) as error:
        raise NotFound() from error
