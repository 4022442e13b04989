from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Databases installed with a blank blocked-extension list get the default
    one; the data record is noupdate, so an admin's own list is never touched."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["reseller.file"]._reseller_fill_default_blocked_extensions()
