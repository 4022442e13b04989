from odoo import http
from odoo.http import request

# What the sandbox bank may tell the payer after Pay: the page shows the message
# of a known code only, never text taken from the URL.
SANDBOX_RESULT_CODES = ("confirmed", "refused")


class ResellerBillingSandboxController(http.Controller):
    """The public page of the sandbox gateway's simulated bank (demo and tests)."""

    def _frontend_not_found(self):
        # Rendered, not raised: a NotFound raised on a frontend page makes Odoo
        # look the raw URL up as an attachment, NUL byte included (a 500).
        return request.render("http_routing.404", status=404)

    def _sandbox_slip_sudo(self, reference):
        # Elevated: the visitor is anonymous; the unguessable reference, checked
        # for its shape before any query, is the access right.
        return (
            request.env["reseller.billing.gateway"].sudo()._sandbox_find_slip(reference)
        )

    @http.route(
        "/reseller_billing/sandbox/<string:reference>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def sandbox_page(self, reference, result=None, **kwargs):
        slip_sudo = self._sandbox_slip_sudo(reference)
        if not slip_sudo:
            return self._frontend_not_found()
        return request.render(
            "reseller_billing.sandbox_pay_page",
            {
                "slip": slip_sudo,
                "result": result if result in SANDBOX_RESULT_CODES else None,
            },
        )

    @http.route(
        "/reseller_billing/sandbox/<string:reference>/pay",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def sandbox_pay(self, reference, **kwargs):
        slip_sudo = self._sandbox_slip_sudo(reference)
        if not slip_sudo:
            return request.not_found()
        method = "pix" if kwargs.get("method") == "pix" else "boleto"
        result = slip_sudo.gateway_id._sandbox_pay(slip_sudo, method=method)
        code = "confirmed" if result.status == 200 else "refused"
        return request.redirect(f"/reseller_billing/sandbox/{reference}?result={code}")
