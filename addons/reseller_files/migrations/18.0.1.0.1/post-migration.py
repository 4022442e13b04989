from odoo import SUPERUSER_ID, api

OLD_PARAM = "reseller_files.blocked_extensions"
SUITE_PARAM = "reseller_guard.blocked_extensions"


def move_blocked_extensions(env):
    """The File Center's own blocked-extension list becomes the suite's one list.

    An admin's list (anything not blank) replaces the suite's default; a blank
    one leaves the default reseller_guard ships. The old parameter, now read by
    nothing, is removed.
    """
    params_sudo = env["ir.config_parameter"].sudo()
    old_param_sudo = params_sudo.search([("key", "=", OLD_PARAM)])
    value = (old_param_sudo.value or "").strip()
    if value:
        params_sudo.set_param(SUITE_PARAM, value)
    old_param_sudo.unlink()


def migrate(cr, version):
    if not version:
        return
    move_blocked_extensions(api.Environment(cr, SUPERUSER_ID, {}))
