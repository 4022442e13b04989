import secrets

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessDenied, AccessError


class PortalPasswordDenied(AccessDenied):
    """A wrong password for a user under the portal login policy.

    Same message as Odoo's AccessDenied, so the login page still says
    "Wrong login/password"; the type only tells _login to count the failure.
    """

    def __init__(self, user_id):
        super().__init__()
        self.portal_user_id = user_id


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_access_expiry = fields.Date(
        copy=False,
        help="Last day this portal user may log in. Empty: no expiry.",
    )
    portal_access_expired = fields.Boolean(
        compute="_compute_portal_access_expired",
        store=True,
        copy=False,
        help="Set once the expiry date has passed; ends the open portal sessions.",
    )
    portal_failed_login_count = fields.Integer(
        string="Consecutive Failed Logins", copy=False, readonly=True
    )
    portal_locked = fields.Boolean(
        string="Portal Login Locked",
        copy=False,
        readonly=True,
        help="Set after too many failed logins; staff must unlock the account.",
    )
    portal_locked_date = fields.Datetime(string="Locked On", copy=False, readonly=True)

    @api.depends("portal_access_expiry")
    def _compute_portal_access_expired(self):
        today = fields.Date.today()
        for user in self:
            expiry = user.portal_access_expiry
            user.portal_access_expired = bool(expiry and expiry < today)

    # EXTENDS base
    def _get_session_token_fields(self):
        # Locking an account, or its access expiring, also ends the sessions already
        # open with it.
        return super()._get_session_token_fields() | {
            "portal_locked",
            "portal_access_expired",
        }

    # EXTENDS base
    def _get_invalidation_fields(self):
        # The expiry date drives portal_access_expired, part of the session token.
        return super()._get_invalidation_fields() | {"portal_access_expiry"}

    # EXTENDS base
    def _check_credentials(self, credential, env):
        # Like Odoo, check the environment's user: callers such as the portal's
        # account deactivation call this on an empty recordset.
        user = self.env.user
        policy_applies = user._is_under_portal_login_policy()
        try:
            auth_info = super()._check_credentials(credential, env)
        except AccessDenied as error:
            if policy_applies and credential.get("type") == "password":
                raise PortalPasswordDenied(user.id) from error
            raise
        # Only now, with the right password: telling a guesser that an account
        # is locked or expired would confirm that the login exists.
        if policy_applies:
            user._check_portal_login_allowed()
            user._reset_portal_failed_logins()
        return auth_info

    # EXTENDS base
    @classmethod
    def _login(cls, db, credential, user_agent_env):
        try:
            return super()._login(db, credential, user_agent_env)
        except PortalPasswordDenied as error:
            cls._register_portal_failed_login_apart(error.portal_user_id)
            raise
        except AccessDenied:
            cls._verify_dummy_password_apart(credential)
            raise

    @classmethod
    def _verify_dummy_password_apart(cls, credential):
        # Odoo answers an unknown login without hashing anything, so the answer
        # comes faster than for a known login with a wrong password: hash once
        # here too, so that timing does not tell which logins exist.
        if credential.get("type") != "password" or not credential.get("password"):
            return
        with cls.pool.cursor() as cr:
            users = api.Environment(cr, SUPERUSER_ID, {})[cls._name]
            login_domain = users._get_login_domain(credential.get("login") or "")
            if users.search_count(login_domain, limit=1):
                return
            context = users._crypt_context()
            context.verify(credential["password"], users._get_dummy_password_hash())

    @api.model
    @tools.ormcache()
    def _get_dummy_password_hash(self):
        return self._crypt_context().hash(secrets.token_urlsafe(16))

    # EXTENDS base
    @classmethod
    def check(cls, db, uid, passwd):
        # XML-RPC and JSON-RPC calls send the password with every call and never go
        # through _login: without this, they would guess passwords uncounted.
        try:
            return super().check(db, uid, passwd)
        except PortalPasswordDenied as error:
            cls._register_portal_failed_login_apart(error.portal_user_id)
            raise

    @classmethod
    def _register_portal_failed_login_apart(cls, user_id):
        # The failed call's transaction is rolled back: count the failure in a
        # transaction of its own so that it survives, as Odoo's cooldown does.
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env[cls._name]._register_portal_failed_login(user_id)

    def action_portal_unlock(self):
        self._check_portal_login_manager()
        self._portal_unlock()
        return True

    def _check_portal_login_manager(self):
        user = self.env.user
        if not any(
            user.has_group(group)
            for group in (
                "base.group_erp_manager",
                "base.group_partner_manager",
                "sales_team.group_sale_manager",
            )
        ):
            raise AccessError(
                _("Only staff who manage contacts can unlock portal accounts.")
            )

    def _portal_unlock(self):
        # Contact managers unlock portal logins without the right to edit users.
        users_sudo = self.sudo().filtered("share")
        users_sudo.write(
            {
                "portal_locked": False,
                "portal_locked_date": False,
                "portal_failed_login_count": 0,
            }
        )

    def _is_under_portal_login_policy(self):
        """Only portal users: internal users keep Odoo's IP cooldown alone."""
        self.ensure_one()
        # Read before login, when the user may not read itself yet.
        user_sudo = self.sudo()
        return user_sudo.share and not user_sudo._is_public()

    def _check_portal_login_allowed(self):
        self.ensure_one()
        # Read before login, when the user may not read itself yet.
        user_sudo = self.sudo()
        lang_env = user_sudo.with_context(lang=user_sudo.lang).env
        if user_sudo.portal_locked:
            raise AccessDenied(
                lang_env._(
                    "Your portal account is locked after too many failed logins. "
                    "Please contact the office to unlock it."
                )
            )
        expiry = user_sudo.portal_access_expiry
        if expiry and expiry < fields.Date.context_today(user_sudo):
            raise AccessDenied(
                lang_env._(
                    "Your portal access expired on %(date)s. "
                    "Please contact the office to renew it.",
                    date=fields.Date.to_string(expiry),
                )
            )

    def _reset_portal_failed_logins(self):
        self.ensure_one()
        # The user logging in may not write on its own record.
        user_sudo = self.sudo()
        if user_sudo.portal_failed_login_count:
            user_sudo.portal_failed_login_count = 0

    @api.model
    def _register_portal_failed_login(self, user_id):
        """Count one failed login and lock the user at the company's limit."""
        # One atomic increment, so that concurrent failures are all counted.
        self.env.cr.execute(
            """
            UPDATE res_users
               SET portal_failed_login_count =
                   COALESCE(portal_failed_login_count, 0) + 1
             WHERE id = %s
         RETURNING portal_failed_login_count
            """,
            [user_id],
        )
        row = self.env.cr.fetchone()
        user = self.browse(user_id)
        user.invalidate_recordset(["portal_failed_login_count"])
        if not row:
            return
        max_failures = user.company_id.portal_max_failed_logins
        if max_failures and row[0] >= max_failures and not user.portal_locked:
            user.write(
                {"portal_locked": True, "portal_locked_date": fields.Datetime.now()}
            )

    @api.model
    def _cron_expire_portal_access(self):
        """Flag the logins whose expiry date passed, which ends their sessions."""
        users = self.search(self._get_portal_access_to_expire_domain())
        users.portal_access_expired = True

    @api.model
    def _get_portal_access_to_expire_domain(self):
        return [
            ("share", "=", True),
            ("portal_access_expired", "=", False),
            ("portal_access_expiry", "<", fields.Date.today()),
        ]
