import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessDenied, AccessError
from odoo.service import security
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

WRONG = "Wrong login/password"
LOCKED = "Your portal account is locked"
EXPIRED = "Your portal access expired"


@tagged("post_install", "-at_install")
class TestLoginPolicy(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's per-IP cooldown would otherwise answer before our per-account
        # lock: every request of the test comes from 127.0.0.1.
        cls.env["ir.config_parameter"].set_param("base.login_cooldown_after", 0)
        cls.env.company.portal_max_failed_logins = 3
        cls.portal_user = new_test_user(
            cls.env, login="cp_login_portal", groups="base.group_portal"
        )
        cls.internal_user = new_test_user(
            cls.env, login="cp_login_internal", groups="base.group_user"
        )
        cls.sale_manager = new_test_user(
            cls.env, login="cp_login_manager", groups="sales_team.group_sale_manager"
        )

    def _web_login(self, login, password):
        """Log in through the real /web/login form, as a browser does."""
        self.opener.cookies.clear()
        page = self.url_open("/web/login")
        csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf_token},
            allow_redirects=False,
        )

    def _rpc_password_refused(self, user, password):
        """Check a password as XML-RPC and JSON-RPC calls do."""
        try:
            security.check(self.env.cr.dbname, user.id, password)
        except AccessDenied:
            return True
        return False

    def assertLoginSucceeds(self, login, password):
        response = self._web_login(login, password)
        self.assertEqual(response.status_code, 303, "a successful login redirects")

    def assertLoginRefused(self, login, password, message):
        response = self._web_login(login, password)
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, response.text)

    @mute_logger("odoo.addons.base.models.res_users")
    def test_portal_user_locked_after_failures_until_unlocked(self):
        user = self.portal_user
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                self.assertLoginRefused(user.login, "wrong", WRONG)
                user.invalidate_recordset()
                self.assertEqual(user.portal_failed_login_count, attempt + 1)
        self.assertTrue(user.portal_locked)
        self.assertTrue(user.portal_locked_date)

        # Even the right password is refused while locked.
        self.assertLoginRefused(user.login, user.login, LOCKED)

        with self.assertRaises(AccessError):
            user.with_user(self.internal_user).action_portal_unlock()
        user.with_user(self.sale_manager).action_portal_unlock()
        self.assertFalse(user.portal_locked)
        self.assertEqual(user.portal_failed_login_count, 0)
        self.assertLoginSucceeds(user.login, user.login)

    @mute_logger("odoo.addons.base.models.res_users")
    def test_rpc_password_guesses_are_counted(self):
        # XML-RPC and JSON-RPC send the password with each call and check it with
        # odoo.service.security.check, never through /web/login. Called directly,
        # and not under assertRaises, whose savepoint would roll the count back.
        user = self.portal_user
        for attempt in range(3):
            self.assertTrue(self._rpc_password_refused(user, "wrong"))
            user.invalidate_recordset()
            self.assertEqual(user.portal_failed_login_count, attempt + 1)
        self.assertTrue(user.portal_locked)
        self.assertTrue(self._rpc_password_refused(user, user.login))
        self.assertLoginRefused(user.login, user.login, LOCKED)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_portal_user_cannot_reset_or_unlock_itself(self):
        user = self.portal_user
        user.sudo().write({"portal_failed_login_count": 2, "portal_locked": True})
        own_record = user.with_user(user)
        for values in (
            {"portal_failed_login_count": 0},
            {"portal_locked": False},
            {"portal_access_expiry": False},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                own_record.write(values)
        with self.assertRaises(AccessError):
            own_record.action_portal_unlock()
        user.invalidate_recordset()
        self.assertTrue(user.portal_locked)
        self.assertEqual(user.portal_failed_login_count, 2)

    @mute_logger("odoo.addons.base.models.res_users")
    def test_counter_resets_on_success(self):
        user = self.portal_user
        self.assertLoginRefused(user.login, "wrong", WRONG)
        self.assertLoginRefused(user.login, "wrong", WRONG)
        user.invalidate_recordset()
        self.assertEqual(user.portal_failed_login_count, 2)
        self.assertLoginSucceeds(user.login, user.login)
        user.invalidate_recordset()
        self.assertEqual(user.portal_failed_login_count, 0)
        self.assertLoginRefused(user.login, "wrong", WRONG)
        self.assertLoginRefused(user.login, "wrong", WRONG)
        user.invalidate_recordset()
        self.assertFalse(user.portal_locked, "only consecutive failures lock")

    @mute_logger("odoo.addons.base.models.res_users")
    def test_internal_users_are_never_locked(self):
        user = self.internal_user
        for _attempt in range(5):
            self.assertLoginRefused(user.login, "wrong", WRONG)
        user.invalidate_recordset()
        self.assertFalse(user.portal_locked)
        self.assertEqual(user.portal_failed_login_count, 0)
        self.assertLoginSucceeds(user.login, user.login)

    @mute_logger("odoo.addons.base.models.res_users")
    def test_access_expiry(self):
        user = self.portal_user
        today = fields.Date.today()
        user.portal_access_expiry = today - timedelta(days=1)
        self.assertLoginRefused(user.login, user.login, EXPIRED)
        user.invalidate_recordset()
        self.assertEqual(user.portal_failed_login_count, 0, "not a wrong password")
        user.portal_access_expiry = today
        self.assertLoginSucceeds(user.login, user.login)

    def _login_page_text(self, login, password):
        """The refusal page, without what differs by design between two
        requests: the CSRF token and the login echoed back in its field."""
        response = self._web_login(login, password)
        self.assertEqual(response.status_code, 200)
        text = re.sub(r"[0-9a-f]{40}o[0-9]+", "CSRF", response.text)
        return text.replace(login, "LOGIN")

    @mute_logger("odoo.addons.base.models.res_users")
    def test_wrong_password_tells_nothing_about_the_account(self):
        locked = new_test_user(
            self.env, login="cp_login_locked", groups="base.group_portal"
        )
        locked.sudo().write({"portal_locked": True})
        expired = new_test_user(
            self.env, login="cp_login_expired", groups="base.group_portal"
        )
        expired.portal_access_expiry = fields.Date.today() - timedelta(days=1)
        unknown_page = self._login_page_text("cp_login_nobody", "wrong")
        self.assertIn(WRONG, unknown_page)
        for user in (locked, expired, self.portal_user):
            with self.subTest(login=user.login):
                page = self._login_page_text(user.login, "wrong")
                self.assertEqual(page, unknown_page)
                self.assertNotIn(LOCKED, page)
                self.assertNotIn(EXPIRED, page)
                user.invalidate_recordset()
                self.assertEqual(user.portal_failed_login_count, 1, "still counted")
        # Only the right password learns why the account is refused.
        self.assertLoginRefused(locked.login, locked.login, LOCKED)
        self.assertLoginRefused(expired.login, expired.login, EXPIRED)
        for user in (locked, expired):
            user.invalidate_recordset()
            self.assertEqual(user.portal_failed_login_count, 1)

    @mute_logger("odoo.addons.base.models.res_users")
    def test_unknown_login_costs_a_password_hash(self):
        # Timing: an unknown login must cost one hash verification, like a known
        # login with a wrong password. Count the verifications passlib makes.
        context = self.env["res.users"]._crypt_context()
        # Odoo may wrap passlib's context; count on passlib's own class.
        passlib_class = type(getattr(context, "__obj__", context))
        calls = []
        for name in ("verify", "verify_and_update"):
            original = getattr(passlib_class, name)

            def counting(ctx, secret, *args, _original=original, **kwargs):
                calls.append(secret)
                return _original(ctx, secret, *args, **kwargs)

            self.patch(passlib_class, name, counting)
        for login in ("cp_login_nobody", self.portal_user.login):
            with self.subTest(login=login):
                calls.clear()
                self.assertLoginRefused(login, "wrong-guess", WRONG)
                self.assertEqual(calls, ["wrong-guess"])

    @mute_logger("odoo.addons.base.models.res_users")
    def test_locked_account_rpc_wrong_password_is_counted_silently(self):
        user = self.portal_user
        user.sudo().write({"portal_locked": True, "portal_failed_login_count": 3})
        with self.assertRaises(AccessDenied) as refusal:
            user.with_user(user)._check_credentials(
                {"type": "password", "login": user.login, "password": "wrong"},
                {"interactive": False},
            )
        self.assertEqual(refusal.exception.args, AccessDenied().args)

    def test_check_credentials_on_empty_recordset(self):
        # The portal's account deactivation checks the password this way.
        users = self.env["res.users"].with_user(self.portal_user)
        credential = {
            "type": "password",
            "login": self.portal_user.login,
            "password": self.portal_user.login,
        }
        auth_info = users._check_credentials(credential, {"interactive": True})
        self.assertEqual(auth_info["uid"], self.portal_user.id)
        with self.assertRaises(AccessDenied):
            users._check_credentials(
                dict(credential, password="wrong"), {"interactive": True}
            )

    def test_expiry_ends_open_sessions(self):
        user = self.portal_user
        self.authenticate(user.login, user.login)
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 200)
        user.portal_access_expiry = fields.Date.today() - timedelta(days=1)
        self.assertTrue(user.portal_access_expired)
        self.env.flush_all()
        response = self.url_open("/my", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_cron_flags_logins_whose_expiry_passed(self):
        user = self.portal_user
        user.portal_access_expiry = fields.Date.today()
        self.assertFalse(user.portal_access_expired)
        # The day passes: the stored flag is only recomputed by the cron.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_users SET portal_access_expiry = %s WHERE id = %s",
            [fields.Date.today() - timedelta(days=1), user.id],
        )
        user.invalidate_recordset()
        self.env["res.users"]._cron_expire_portal_access()
        self.assertTrue(user.portal_access_expired)
        self.assertFalse(self.internal_user.portal_access_expired)
