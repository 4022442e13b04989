from odoo import http
from odoo.http import request


class ResellerBillingWebhookController(http.Controller):
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
