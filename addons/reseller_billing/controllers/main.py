import logging

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class ResellerBillingController(http.Controller):
    @http.route(
        "/reseller_billing/webhook/<string:gateway_code>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def webhook(self, gateway_code, **kwargs):
        """Payment notifications from a gateway, authenticated by HMAC signature."""
        headers = request.httprequest.headers
        # The caller is anonymous until the signature over the raw body is checked
        # inside _handle_webhook; only then does it touch slips and payments.
        gateway_model_sudo = request.env["reseller.billing.gateway"].sudo()
        result = gateway_model_sudo._handle_webhook(
            gateway_code,
            request.httprequest.get_data(),
            headers.get("X-Signature"),
            headers.get("X-Timestamp"),
        )
        return request.make_json_response(
            {"message": result.message}, status=result.status
        )

    def _sandbox_slip_sudo(self, reference):
        # The sandbox reference is a random 20-hex-digit token given only to the
        # slip's client: knowing it is the access right, as with a portal token.
        slip_sudo = (
            request.env["reseller.payment.slip"]
            .sudo()
            .search(
                [
                    ("external_id", "=", reference),
                    ("gateway_id.provider", "=", "sandbox"),
                    # An archived sandbox no longer takes payments.
                    ("gateway_id.active", "=", True),
                ],
                limit=1,
            )
        )
        if not slip_sudo:
            raise NotFound()
        return slip_sudo

    @http.route(
        "/reseller_billing/sandbox/<string:reference>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def sandbox_page(self, reference, **kwargs):
        slip_sudo = self._sandbox_slip_sudo(reference)
        return request.render(
            "reseller_billing.sandbox_pay_page",
            {"slip": slip_sudo, "result": kwargs.get("result")},
        )

    @http.route(
        "/reseller_billing/sandbox/<string:reference>/pay",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def sandbox_pay(self, reference, **kwargs):
        slip_sudo = self._sandbox_slip_sudo(reference)
        result = slip_sudo.gateway_id._sandbox_pay(slip_sudo)
        return request.redirect(
            f"/reseller_billing/sandbox/{reference}?result={result.status}"
        )
