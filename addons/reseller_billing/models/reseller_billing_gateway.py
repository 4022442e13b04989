import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# Seconds a webhook's X-Timestamp may differ from our clock.
TIMESTAMP_WINDOW = 300
# What a gateway code may be: it travels in the webhook URL, so anything else
# (a NUL byte, an undecodable byte, a megabyte) is refused before any query.
GATEWAY_CODE_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# Longest identifier (event id, slip reference, type) a payload may carry.
EVENT_TEXT_MAX = 255
# How a slip can be paid: the boleto's barcode or its PIX code ("bolepix").
PAYMENT_METHODS = ("boleto", "pix")


def _default_secret():
    return secrets.token_hex(32)


def _is_clean_text(value, max_length):
    """A non-empty string PostgreSQL can store and a log can show as it is."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= max_length
        and "\x00" not in value
        and value.isprintable()
    )


class WebhookResult:
    """What the webhook answers: an HTTP status and a short JSON message."""

    def __init__(self, status, message, event=None):
        self.status = status
        self.message = message
        # The event recorded by this delivery, if any (queued or not).
        self.event = event

    def __repr__(self):
        return f"WebhookResult({self.status}, {self.message!r})"


class ResellerBillingGateway(models.Model):
    """A payment gateway that registers slips and confirms payments by webhook.

    A provider is one class in one file that ``_inherit``s this model, adds its
    value to ``provider`` (``selection_add``, the one place it is registered) and
    overrides, for its own records only, ``_register_slips`` and, when it needs
    them, ``_cancel_slips`` and ``_parse_event``, as Odoo's payment providers do:
    ``if self.provider != "mine": return super()...``.
    """

    _name = "reseller.billing.gateway"
    _description = "Payment Gateway"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Identifies the gateway in its webhook URL: "
        "/reseller_billing/webhook/<code>.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    provider = fields.Selection([], required=True)
    secret = fields.Char(
        string="Webhook Secret",
        required=True,
        copy=False,
        default=lambda self: _default_secret(),
        groups="reseller_billing.group_reseller_billing_manager",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Payment Journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="Journal of the payments created when the gateway confirms a slip.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    pix_key = fields.Char(
        string="PIX Key",
        help="The company's PIX key (CNPJ, e-mail, phone or random key) the "
        "gateway puts in every slip's PIX code.",
    )
    webhook_url = fields.Char(compute="_compute_webhook_url")

    _sql_constraints = (
        ("code_uniq", "UNIQUE(code)", "The gateway code must be unique."),
    )

    @api.constrains("code")
    def _check_code(self):
        for gateway in self:
            if not GATEWAY_CODE_PATTERN.fullmatch(gateway.code or ""):
                raise ValidationError(
                    _(
                        "The gateway code %(code)s must be 1 to 64 letters, digits, "
                        "dots, dashes or underscores: it is part of the webhook URL.",
                        code=gateway.code,
                    )
                )

    @api.depends("code")
    def _compute_webhook_url(self):
        base_url = self.get_base_url()
        for gateway in self:
            gateway.webhook_url = f"{base_url}/reseller_billing/webhook/{gateway.code}"

    # ------------------------------------------------------------------
    # What each provider overrides for its own gateways
    # ------------------------------------------------------------------
    def _register_slips(self, slips):
        """Register the slips with the gateway: reference, barcode, payment URL."""
        self.ensure_one()
        raise UserError(
            _(
                "Gateway %(name)s cannot register payment slips.",
                name=self.name,
            )
        )

    def _fetch_slip_statuses(self, slips):
        """Ask the gateway, in as few calls as it allows, how the slips stand.

        Returns ``{external_id: event}`` for the slips the gateway reports paid,
        each event shaped as ``_parse_event`` returns it. Providers without a
        status API return nothing, and their slips wait for the webhook.
        """
        self.ensure_one()
        return {}

    def _cancel_slips(self, slips):
        """Tell the gateway the slips are no longer payable (nothing by default)."""
        self.ensure_one()

    def _parse_event(self, payload):
        """Normalise a webhook payload: event id, type, slip reference, amount, date.

        Providers with another payload shape override this for their gateways.
        """
        self.ensure_one()
        return {
            "event_id": str(payload["event_id"]),
            "event_type": str(payload["type"]),
            "slip_reference": str(payload["slip_reference"]),
            "amount": float(payload.get("amount") or 0.0),
            "paid_date": payload.get("paid_date"),
            "method": payload.get("method") or "boleto",
        }

    def _check_event(self, event):
        """Refuse, before anything is written, values a payment cannot carry.

        A bad date or amount in a signed payload would otherwise fail deep in the
        payment wizard with a 500, which gateways retry forever.
        """
        for key in ("event_id", "event_type", "slip_reference"):
            if not _is_clean_text(event[key], EVENT_TEXT_MAX):
                raise ValueError(f"invalid {key}")
        if event.get("method", "boleto") not in PAYMENT_METHODS:
            raise ValueError("invalid method")
        amount = float(event["amount"])
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(f"invalid amount {amount}")
        event["amount"] = amount
        if event.get("paid_date"):
            event["paid_date"] = fields.Date.to_date(event["paid_date"])
        return event

    # ------------------------------------------------------------------
    # Webhook
    # ------------------------------------------------------------------
    def _sign(self, raw_body, timestamp):
        """Sign ``timestamp + "." + body``, as Stripe does.

        The timestamp is under the signature, so a delivery refused as stale
        cannot be revived by giving it a fresh X-Timestamp.
        """
        self.ensure_one()
        # The secret is readable by managers only; signing is done for the webhook.
        secret_sudo = self.sudo().secret
        signed_payload = str(timestamp).encode(errors="replace") + b"." + raw_body
        digest = hmac.new(
            secret_sudo.encode(), signed_payload, hashlib.sha256
        ).hexdigest()
        return f"sha256={digest}"

    def _check_authentication(self, raw_body, signature, timestamp):
        self.ensure_one()
        if not signature or not timestamp:
            return WebhookResult(401, "missing signature or timestamp")
        # Bytes: compare_digest raises TypeError on a non-ASCII str header.
        expected = self._sign(raw_body, timestamp).encode()
        if not hmac.compare_digest(expected, signature.encode(errors="replace")):
            return WebhookResult(403, "bad signature")
        try:
            skew = abs(time.time() - int(timestamp))
        except (ValueError, OverflowError):
            return WebhookResult(403, "bad timestamp")
        if skew > TIMESTAMP_WINDOW:
            return WebhookResult(403, "timestamp outside the window")
        return None

    @api.model
    def _find_by_code(self, code):
        """The gateway of a webhook URL; none for a code no gateway can have."""
        if not isinstance(code, str) or not GATEWAY_CODE_PATTERN.fullmatch(code):
            return self.browse()
        return self.search([("code", "=", code)], limit=1)

    @api.model
    def _handle_webhook(self, code, raw_body, signature, timestamp):
        """Authenticate, deduplicate and apply one gateway notification.

        Called as superuser by the public controller: nothing here trusts the
        caller before the HMAC signature has been checked.
        """
        gateway = self._find_by_code(code)
        if not gateway:
            return WebhookResult(404, "unknown gateway")
        failure = gateway._check_authentication(raw_body, signature, timestamp)
        if failure:
            _logger.warning("Webhook for %s refused: %s", code, failure.message)
            return failure
        try:
            event = gateway._check_event(gateway._parse_event(json.loads(raw_body)))
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            # RecursionError: deeply nested JSON; OverflowError: a huge amount.
            return WebhookResult(400, "malformed payload")
        slip = gateway._find_event_slip(event)
        if not slip:
            return WebhookResult(404, "unknown slip")
        # Payments are booked in the slip's company, not the anonymous caller's.
        slip = slip.with_company(slip.company_id)
        return gateway.with_company(slip.company_id)._process_event(
            event, slip, raw_body
        )

    def _find_event_slip(self, event):
        """The slip of this gateway that an authenticated event is about."""
        self.ensure_one()
        slip = self.env["reseller.payment.slip"].search(
            [
                ("gateway_id", "=", self.id),
                ("external_id", "=", event["slip_reference"]),
            ],
            limit=1,
        )
        if not slip:
            _logger.warning(
                "Webhook %s for unknown slip %s",
                event["event_id"],
                event["slip_reference"],
            )
        return slip

    def _process_event(self, event, slip, raw_body, source="webhook"):
        """Record the event once and queue its payment; a duplicate does nothing.

        The webhook, the reconciliation and staff all come through here: under
        the slip's row lock, the first payment confirmation of a slip awaiting
        payment is queued and the slip marked "being settled"; any later one
        (a duplicate, the other of boleto and PIX) finds it so and books
        nothing. The payment itself is booked by ``reseller.webhook.event``'s
        ``_settle``: for a webhook, by the settlement cron, triggered here, so
        that the gateway gets its answer at once; the reconciliation and staff
        settle what they queued themselves, in the same way.

        A webhook that finds the slip locked by another delivery in flight (a
        duplicate sent at once, or the other payment method) is answered 409
        at once, and the gateway delivers it again later, as gateways do for any
        answer but 2xx. Waiting for the lock would leave this transaction on a
        snapshot older than the other's commit: it would end in a serialization
        failure that Odoo retries only after a random sleep of up to 2 s, which
        holds one of the server's few workers idle. The reconciliation and
        staff, who are not in an HTTP worker, wait.
        """
        self.ensure_one()
        if not slip._lock_for_settlement(wait=source != "webhook"):
            return WebhookResult(409, "slip busy, retry later")
        outcome = self._event_outcome(event, slip)
        event = dict(
            event, paid_date=event.get("paid_date") or fields.Date.context_today(self)
        )
        event_record = self.env["reseller.webhook.event"]._record(
            self, event, slip, raw_body, source=source, result=outcome
        )
        if not event_record:
            return WebhookResult(200, "duplicate event")
        if outcome == "queued":
            # Not tracked in the chatter: the event log says it, and the final
            # "Paid" is tracked by the settlement.
            slip.with_context(mail_notrack=True).write({"state": "settling"})
            if source == "webhook":
                event_record._trigger_settlement()
        return WebhookResult(200, outcome, event=event_record)

    def _event_outcome(self, event, slip):
        """What an event does to its slip: "queued" for the payment to book."""
        if event["event_type"] != "payment.confirmed":
            return "ignored event type"
        if slip.state == "paid":
            return "slip already paid"
        if slip.state == "settling":
            return "payment already received"
        if slip.state != "registered":
            return "slip not awaiting payment"
        return "queued"
