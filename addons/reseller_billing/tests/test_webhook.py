import json
import time
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import BillingCommon


class SimulatedCrash(Exception):
    pass


class WebhookCase(BillingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls.contract_a._create_invoices(3, 2026)
        cls.slip = cls.move.reseller_slip_id

    def _post(self, raw_body, signature=None, timestamp=None, code="test_sandbox"):
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Signature"] = signature
        if timestamp is not None:
            headers["X-Timestamp"] = timestamp
        return self.url_open(
            f"/reseller_billing/webhook/{code}", data=raw_body, headers=headers
        )

    def _payments(self):
        return self.env["account.payment"].search(
            [("partner_id", "=", self.client_a.id)]
        )

    def assertUnchanged(self):
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        self.assertEqual(self.move.reseller_billing_state, "awaiting_payment")
        self.assertFalse(self._payments())
        self.assertFalse(self.env["reseller.webhook.event"].search([]))


@tagged("post_install", "-at_install")
class TestWebhook(WebhookCase):
    def test_full_payment_pays_and_reconciles(self):
        response = self._post(*self._signed(self._payment_payload(self.slip)))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["message"], "queued")
        self.env.invalidate_all()
        # Acknowledged at once; staff see the payment received, not yet booked.
        self.assertEqual(self.slip.state, "settling")
        self.assertEqual(self.move.reseller_billing_state, "payment_received")
        self.assertFalse(self._payments())
        event = self.slip.event_ids
        self.assertRecordValues(event, [{"state": "queued", "result": "queued"}])
        self.assertEqual(self._settle_queued(), event)
        self.env.invalidate_all()
        payment = self._payments()
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.amount, 150.0)
        self.assertEqual(payment.journal_id, self.gateway.journal_id)
        self.assertEqual(str(payment.date), "2026-03-10")
        self.assertIn(self.move.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.move.reseller_billing_state, "paid")
        self.assertRecordValues(
            self.slip,
            [{"state": "paid", "paid_amount": 150.0, "payment_id": payment.id}],
        )
        self.assertEqual(str(self.slip.paid_date), "2026-03-10")
        self.assertTrue(self.move.line_ids.filtered("reconciled"))
        self.assertRecordValues(
            event, [{"state": "done", "result": "paid", "source": "webhook"}]
        )
        self.assertTrue(event.settled_at)
        # Nothing left: a second run books nothing.
        self.assertFalse(self._settle_queued())
        self.assertEqual(len(self._payments()), 1)

    def test_webhook_triggers_the_settlement_cron(self):
        cron = self.env.ref("reseller_billing.ir_cron_reseller_settle_payments")
        triggers = self.env["ir.cron.trigger"].sudo()
        before = triggers.search_count([("cron_id", "=", cron.id)])
        self.gateway.sudo()._sandbox_pay(self.slip)
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1)
        # A second payment of the slip queues nothing, so it wakes nobody.
        raw_body, signature, timestamp = self._signed(
            self._payment_payload(self.slip, "evt-again")
        )
        result = self.gateway.sudo()._handle_webhook(
            self.gateway.code, raw_body, signature, timestamp
        )
        self.assertEqual(result.message, "payment already received")
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1)

    def test_replayed_event_changes_nothing(self):
        signed = self._signed(self._payment_payload(self.slip))
        self.assertEqual(self._post(*signed).status_code, 200)
        replay = self._post(*signed)
        self.assertEqual(replay.status_code, 200)
        self.assertEqual(replay.json()["message"], "duplicate event")
        self._settle_queued()
        after = self._post(*signed)
        self.assertEqual(after.json()["message"], "duplicate event")
        self._settle_queued()
        self.env.invalidate_all()
        self.assertEqual(len(self._payments()), 1)
        self.assertEqual(len(self.env["reseller.webhook.event"].search([])), 1)

    def test_second_event_for_a_paid_slip_adds_no_payment(self):
        self._post(*self._signed(self._payment_payload(self.slip, "evt-1")))
        other = self._post(*self._signed(self._payment_payload(self.slip, "evt-2")))
        self.assertEqual(other.status_code, 200)
        self.assertEqual(other.json()["message"], "payment already received")
        self._settle_queued()
        third = self._post(*self._signed(self._payment_payload(self.slip, "evt-3")))
        self.assertEqual(third.json()["message"], "slip already paid")
        self._settle_queued()
        self.assertEqual(len(self._payments()), 1)
        self.assertEqual(
            sorted(self.slip.event_ids.mapped("result")),
            ["paid", "payment already received", "slip already paid"],
        )

    def test_cron_books_a_batch_one_payment_per_invoice(self):
        move_b = self.contract_b._create_invoices(3, 2026)
        slip_b = move_b.reseller_slip_id
        for slip in (self.slip, slip_b):
            self._post(*self._signed(self._payment_payload(slip, f"evt-{slip.id}")))
        settled = self._settle_queued()
        self.assertEqual(len(settled), 2)
        self.env.invalidate_all()
        payments = self.env["account.payment"].search(
            [("partner_id", "in", (self.client_a + self.client_b).ids)]
        )
        self.assertEqual(sorted(payments.mapped("amount")), [90.0, 150.0])
        self.assertEqual(self.slip.payment_id.partner_id, self.client_a)
        self.assertEqual(slip_b.payment_id.partner_id, self.client_b)
        self.assertEqual(self.slip.payment_id.amount, 150.0)
        self.assertEqual(move_b.reseller_billing_state, "paid")

    @mute_logger("odoo.addons.reseller_billing.models.reseller_webhook_event")
    def test_crash_mid_batch_then_resume_books_each_once(self):
        move_b = self.contract_b._create_invoices(3, 2026)
        slip_b = move_b.reseller_slip_id
        for slip in (self.slip, slip_b):
            self._post(*self._signed(self._payment_payload(slip, f"evt-{slip.id}")))
        slip_class = type(self.env["reseller.payment.slip"])
        original = slip_class._record_payment
        calls = []

        def record_then_crash(slip, *args, **kwargs):
            calls.append(slip.id)
            if len(calls) == 2:
                # The first invoice's payment is booked; the worker dies.
                raise SimulatedCrash("power cut")
            return original(slip, *args, **kwargs)

        with (
            patch.object(slip_class, "_record_payment", record_then_crash),
            self.assertRaises(SimulatedCrash),
            self.env.cr.savepoint(),
        ):
            self._settle_queued()
        self.env.invalidate_all()
        self.assertFalse(
            self.env["account.payment"]
            .search([])
            .filtered(lambda p: p.partner_id in self.client_a + self.client_b)
        )
        events = (self.slip | slip_b).event_ids
        self.assertEqual(set(events.mapped("state")), {"queued"})
        self.assertEqual(set((self.slip | slip_b).mapped("state")), {"settling"})
        # The next run resumes the batch and books each invoice once.
        self.assertEqual(self._settle_queued(), events.sorted("id"))
        self.env.invalidate_all()
        payments = self.env["account.payment"].search(
            [("partner_id", "in", (self.client_a + self.client_b).ids)]
        )
        self.assertEqual(len(payments), 2)
        self.assertEqual(set((self.slip | slip_b).mapped("state")), {"paid"})

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_missing_signature_is_401(self):
        raw_body, _signature, timestamp = self._signed(self._payment_payload(self.slip))
        self.assertEqual(self._post(raw_body, None, timestamp).status_code, 401)
        raw_body, signature, _timestamp = self._signed(self._payment_payload(self.slip))
        self.assertEqual(self._post(raw_body, signature, None).status_code, 401)
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_bad_signature_is_403(self):
        raw_body, signature, timestamp = self._signed(self._payment_payload(self.slip))
        tampered = raw_body.replace(b"150.0", b"1.0")
        self.assertEqual(self._post(tampered, signature, timestamp).status_code, 403)
        self.assertEqual(
            self._post(raw_body, "sha256=" + "0" * 64, timestamp).status_code, 403
        )
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_timestamp_outside_window_is_403(self):
        old = int(time.time()) - 301
        response = self._post(
            *self._signed(self._payment_payload(self.slip), timestamp=old)
        )
        self.assertEqual(response.status_code, 403)
        future = int(time.time()) + 400
        response = self._post(
            *self._signed(self._payment_payload(self.slip), timestamp=future)
        )
        self.assertEqual(response.status_code, 403)
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_unknown_slip_is_404(self):
        payload = self._payment_payload(self.slip)
        payload["slip_reference"] = "SBXDOESNOTEXIST"
        response = self._post(*self._signed(payload))
        self.assertEqual(response.status_code, 404)
        self.assertUnchanged()

    def test_unknown_gateway_is_404(self):
        response = self._post(
            *self._signed(self._payment_payload(self.slip)), code="nowhere"
        )
        self.assertEqual(response.status_code, 404)
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_malformed_body_is_400(self):
        raw_body = b"not json"
        timestamp = str(int(time.time()))
        response = self._post(
            raw_body, self.gateway._sign(raw_body, timestamp), timestamp
        )
        self.assertEqual(response.status_code, 400)
        self.assertUnchanged()

    def test_partial_amount_is_flagged_not_paid(self):
        response = self._post(
            *self._signed(self._payment_payload(self.slip, amount=100.0))
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["message"], "queued")
        self._settle_queued()
        self.env.invalidate_all()
        self.assertEqual(self.slip.event_ids.result, "amount mismatch recorded")
        self.assertRecordValues(
            self.slip,
            [{"state": "registered", "amount_mismatch": True, "paid_amount": 100.0}],
        )
        self.assertEqual(self.move.payment_state, "not_paid")
        self.assertEqual(self.move.reseller_billing_state, "awaiting_payment")
        self.assertTrue(self.move.activity_ids)
        self.assertFalse(self._payments())

    def test_excess_amount_is_flagged_not_paid(self):
        self._post(*self._signed(self._payment_payload(self.slip, amount=200.0)))
        self._settle_queued()
        self.env.invalidate_all()
        self.assertTrue(self.slip.amount_mismatch)
        self.assertEqual(self.slip.paid_amount, 200.0)
        self.assertNotEqual(self.move.reseller_billing_state, "paid")

    def test_archived_sandbox_takes_no_payment(self):
        """Once the sandbox is switched off, its public page and Pay refuse."""
        url = f"/reseller_billing/sandbox/{self.slip.external_id}"
        page = self.url_open(url)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        self.gateway.active = False
        self.assertEqual(self.url_open(url).status_code, 404)
        paid = self.url_open(url + "/pay", data={"csrf_token": csrf})
        self.assertEqual(paid.status_code, 404)
        self.env.invalidate_all()
        self.assertNotEqual(self.move.reseller_billing_state, "paid")
        self.assertFalse(self.env["reseller.webhook.event"].search([]))

    def test_shipped_sandbox_is_archived(self):
        sandbox = self.env.ref(
            "reseller_billing.reseller_billing_gateway_sandbox"
        ).sudo()
        self.assertFalse(sandbox.active)

    def test_sandbox_page_and_pay_button(self):
        url = f"/reseller_billing/sandbox/{self.slip.external_id}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.slip.digitable_line, page.text)
        self.assertIn("o_reseller_sandbox_pay", page.text)
        self.assertEqual(self.url_open(url + "X").status_code, 404)
        # The Pay button: a form POST with the CSRF token of the page.
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        paid = self.url_open(url + "/pay", data={"csrf_token": csrf})
        self.assertEqual(paid.status_code, 200)
        self.assertIn("o_reseller_sandbox_result", paid.text)
        self._settle_queued()
        self.env.invalidate_all()
        self.assertEqual(self.move.reseller_billing_state, "paid")
        event = self.env["reseller.webhook.event"].search([])
        self.assertEqual(
            json.loads(event.payload)["slip_reference"], self.slip.external_id
        )


@tagged("post_install", "-at_install")
class TestWebhookHardening(WebhookCase):
    """Malformed input answers 400 or 404, never 500, and changes nothing."""

    # NUL byte, invalid UTF-8, a huge integer, a negative and a non-numeric id.
    BAD_PARAMETERS = ("a%00b", "%FF%FE", "9" * 5000, "-1", "abc")

    def _assert_no_500(self, response, allowed=(400, 404)):
        self.assertIn(response.status_code, allowed, response.url)

    @mute_logger("odoo.http", "werkzeug")
    def test_every_route_refuses_bad_path_parameters(self):
        signed = self._signed(self._payment_payload(self.slip))
        # A real session token, so that Pay reaches the controller's own checks.
        page = self.url_open(f"/reseller_billing/sandbox/{self.slip.external_id}")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        for bad in self.BAD_PARAMETERS:
            # reseller_guard refuses a NUL byte anywhere with a 400
            allowed = (400,) if "%00" in bad else (404,)
            with self.subTest(parameter=bad[:20]):
                self._assert_no_500(self._post(*signed, code=bad), allowed=allowed)
                sandbox = f"/reseller_billing/sandbox/{bad}"
                self._assert_no_500(self.url_open(sandbox), allowed=allowed)
                pay = self.url_open(sandbox + "/pay", data={"csrf_token": csrf})
                self._assert_no_500(pay, allowed=allowed)
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_deeply_nested_json_is_400(self):
        raw_body = b"[" * 50000 + b"]" * 50000
        timestamp = str(int(time.time()))
        response = self._post(
            raw_body, self.gateway._sign(raw_body, timestamp), timestamp
        )
        self.assertEqual(response.status_code, 400)
        self.assertUnchanged()

    def test_signed_payload_values_a_query_cannot_take_are_400(self):
        for key, value in (
            ("event_id", "evt\x00nul"),
            ("slip_reference", self.slip.external_id + "\x00"),
            ("event_id", "e" * 10000),
            ("amount", 10**400),
            ("type", ""),
        ):
            with self.subTest(key=key, value=str(value)[:20]):
                payload = self._payment_payload(self.slip)
                payload[key] = value
                self.assertEqual(self._post(*self._signed(payload)).status_code, 400)
        self.assertUnchanged()

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_stale_delivery_is_refused_again_when_re_stamped(self):
        stale = int(time.time()) - 3600
        raw_body, signature, timestamp = self._signed(
            self._payment_payload(self.slip), timestamp=stale
        )
        first = self._post(raw_body, signature, timestamp)
        self.assertEqual(first.status_code, 403)
        # The same delivery, only X-Timestamp changed to now.
        restamped = self._post(raw_body, signature, str(int(time.time())))
        self.assertEqual(restamped.status_code, 403)
        self.assertEqual(restamped.json()["message"], "bad signature")
        self.assertUnchanged()

    def test_timestamp_is_under_the_signature(self):
        raw_body = b"{}"
        self.assertNotEqual(
            self.gateway._sign(raw_body, "1000"), self.gateway._sign(raw_body, "1001")
        )

    def test_sandbox_page_shows_messages_by_code_only(self):
        url = f"/reseller_billing/sandbox/{self.slip.external_id}"
        crafted = self.url_open(url + "?result=Call+0800-FAKE+to+pay")
        self.assertEqual(crafted.status_code, 200)
        self.assertNotIn("0800-FAKE", crafted.text)
        self.assertNotIn("o_reseller_sandbox_result", crafted.text)
        for code, css in (("confirmed", "alert-success"), ("refused", "alert-danger")):
            page = self.url_open(f"{url}?result={code}")
            self.assertIn("o_reseller_sandbox_result", page.text)
            self.assertIn(css, page.text)
        refused = self.url_open(url + "?result=refused")
        self.assertIn("The office refused the notification.", refused.text)
        bad = self.url_open(url + "?result=%FF%FE")
        self.assertEqual(bad.status_code, 200)
        self.assertNotIn("o_reseller_sandbox_result", bad.text)

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_bad_date_or_amount_in_a_signed_payload_is_400(self):
        """Not a 500 that the gateway retries forever, and nothing recorded."""
        for key, value in (
            ("paid_date", "2026-13-45"),
            ("paid_date", 20260310),
            ("amount", float("nan")),
            ("amount", -150.0),
        ):
            with self.subTest(key=key, value=value):
                payload = self._payment_payload(self.slip, event_id=f"bad-{key}")
                payload[key] = value
                raw_body, signature, timestamp = self._signed(payload)
                response = self.url_open(
                    f"/reseller_billing/webhook/{self.gateway.code}",
                    data=raw_body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Signature": signature,
                        "X-Timestamp": timestamp,
                    },
                )
                self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        self.assertFalse(self.slip.paid_amount)
        self.assertFalse(self.env["reseller.webhook.event"].search([]))

    @mute_logger("odoo.addons.reseller_billing.models.reseller_billing_gateway")
    def test_hostile_signature_or_timestamp_header_is_refused_not_500(self):
        payload = self._payment_payload(self.slip, event_id="hostile")
        raw_body, signature, timestamp = self._signed(payload)
        for headers in (
            {"X-Signature": "sha256=\u00e9t\u00e9", "X-Timestamp": timestamp},
            {"X-Signature": signature, "X-Timestamp": "9" * 4000},
        ):
            with self.subTest(headers=headers):
                response = self.url_open(
                    f"/reseller_billing/webhook/{self.gateway.code}",
                    data=raw_body,
                    headers={"Content-Type": "application/json", **headers},
                )
                self.assertIn(response.status_code, (401, 403))
        self.env.invalidate_all()
        self.assertEqual(self.slip.state, "registered")
        self.assertFalse(self.env["reseller.webhook.event"].search([]))

    def test_gateway_code_must_fit_a_url(self):
        for code in ("bad/code", "x" * 65, "pt_BR c\u00f3digo"):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                self.gateway.copy({"code": code})
