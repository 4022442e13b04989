"""Portal messages carried in the session, never in the URL.

A message in the URL (`?error=...`) lets anyone craft a link that shows the
client any text on the office's own page. A controller calls `flash()` before it
redirects; the next portal page shows the message once (models/ir_qweb.py,
views/portal_templates.xml).
"""

from odoo.http import request

SESSION_KEY = "reseller_flash"
LEVELS = ("success", "info", "warning", "danger")
MAX_MESSAGES = 5


def flash(message, level="info"):
    """Show `message` on the next portal page this session renders."""
    if level not in LEVELS:
        raise ValueError(f"unknown flash level {level!r}")
    messages = list(request.session.get(SESSION_KEY) or [])
    messages.append({"level": level, "message": str(message)})
    request.session[SESSION_KEY] = messages[-MAX_MESSAGES:]


def pop_flashes():
    """The pending messages, removed from the session."""
    if not request or SESSION_KEY not in request.session:
        return []
    return request.session.pop(SESSION_KEY) or []
