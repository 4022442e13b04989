import json
import re
import secrets
import time
import uuid
from datetime import date

from odoo import api, fields, models

from ..tools import build_pix_payload

# Boleto due-date factor: days since 1997-10-07, restarting at 1000 after 9999
# (FEBRABAN rule, the first restart was on 2025-02-22).
FACTOR_BASE = date(1997, 10, 7)
SANDBOX_BANK = "001"
# The sandbox's PIX key when the gateway has none (an e-mail key).
SANDBOX_PIX_KEY = "pix@sandbox.example"
# The shape of every sandbox reference ("SBX" and 20 hex digits): a URL that
# cannot hold one is refused before it reaches a query.
SANDBOX_REFERENCE_PATTERN = re.compile(r"SBX[0-9A-F]{20}")


def _mod10(digits):
    total = 0
    for position, digit in enumerate(reversed(digits)):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def _mod11(digits):
    total = sum(
        int(digit) * (2 + position % 8)
        for position, digit in enumerate(reversed(digits))
    )
    check = 11 - total % 11
    return "1" if check in (0, 1, 10, 11) else str(check)


def boleto_codes(due_date, amount, free_field):
    """Return (barcode, digitable line) of a boleto, FEBRABAN layout."""
    factor = ((due_date - FACTOR_BASE).days - 1000) % 9000 + 1000
    value = f"{factor:04d}{round(amount * 100):010d}"
    head = SANDBOX_BANK + "9"
    check = _mod11(head + value + free_field)
    barcode = head + check + value + free_field
    field1 = head + free_field[:5]
    field2 = free_field[5:15]
    field3 = free_field[15:25]
    field1 += _mod10(field1)
    field2 += _mod10(field2)
    field3 += _mod10(field3)
    line = (
        f"{field1[:5]}.{field1[5:]} {field2[:5]}.{field2[5:]} "
        f"{field3[:5]}.{field3[5:]} {check} {value}"
    )
    return barcode, line


class ResellerBillingGateway(models.Model):
    """The sandbox gateway: a bank simulated inside Odoo, for demos and tests.

    It registers slips locally and pays them from a public page by sending itself
    the signed webhook a real bank would send (see ``controllers/sandbox.py``).
    """

    _inherit = "reseller.billing.gateway"

    provider = fields.Selection(
        selection_add=[("sandbox", "Sandbox")], ondelete={"sandbox": "cascade"}
    )

    def _register_slips(self, slips):
        # EXTENDS reseller_billing: registered locally, as a bank would, with a
        # reference, a barcode and a public page that pays the slip.
        if self.provider != "sandbox":
            return super()._register_slips(slips)
        base_url = self.get_base_url()
        company = self.company_id
        for slip in slips:
            reference = "SBX" + secrets.token_hex(10).upper()
            free_field = f"{slip.id:013d}{int(reference[3:9], 16) % 10**12:012d}"
            barcode, line = boleto_codes(
                slip.date_due or fields.Date.context_today(slip),
                slip.amount,
                free_field,
            )
            slip.write(
                {
                    "external_id": reference,
                    "barcode": barcode,
                    "digitable_line": line,
                    "pix_code": build_pix_payload(
                        self.pix_key or SANDBOX_PIX_KEY,
                        company.name,
                        company.city or "SAO PAULO",
                        slip.amount,
                        reference,
                    ),
                    "payment_url": f"{base_url}/reseller_billing/sandbox/{reference}",
                    "state": "registered",
                }
            )

    @api.model
    def _sandbox_find_slip(self, reference):
        """The payable slip of a sandbox reference, or none.

        The reference is a random token given only to the slip's client: knowing
        it is the access right, as with a portal token.
        """
        if not isinstance(reference, str) or not SANDBOX_REFERENCE_PATTERN.fullmatch(
            reference
        ):
            return self.env["reseller.payment.slip"]
        return self.env["reseller.payment.slip"].search(
            [
                ("external_id", "=", reference),
                ("gateway_id.provider", "=", "sandbox"),
                # An archived sandbox no longer takes payments.
                ("gateway_id.active", "=", True),
            ],
            limit=1,
        )

    def _sandbox_pay(self, slip, amount=None, method="boleto", deliver=True):
        """Take a payment at the sandbox bank, then send the signed webhook.

        ``deliver=False`` plays a lost webhook: the bank has the money, the
        office has heard nothing, and only the reconciliation can find out.
        """
        self.ensure_one()
        paid_date = fields.Date.context_today(self)
        amount = slip.amount if amount is None else amount
        self.env["reseller.billing.sandbox.charge"].create(
            {
                "gateway_id": self.id,
                "reference": slip.external_id,
                "amount": amount,
                "method": method,
                "paid_date": paid_date,
                "webhook_delivered": deliver,
            }
        )
        if not deliver:
            return None
        payload = {
            "event_id": str(uuid.uuid4()),
            "type": "payment.confirmed",
            "slip_reference": slip.external_id,
            "amount": amount,
            "paid_date": fields.Date.to_string(paid_date),
            "method": method,
        }
        raw_body = json.dumps(payload).encode()
        timestamp = str(int(time.time()))
        return self._handle_webhook(
            self.code, raw_body, self._sign(raw_body, timestamp), timestamp
        )

    def _fetch_slip_statuses(self, slips):
        # EXTENDS reseller_billing: the sandbox's status API, one query for the
        # whole batch, answered from the bank's ledger only.
        if self.provider != "sandbox":
            return super()._fetch_slip_statuses(slips)
        charges = self.env["reseller.billing.sandbox.charge"].search_read(
            [
                ("gateway_id", "=", self.id),
                ("reference", "in", slips.mapped("external_id")),
            ],
            ["reference", "amount", "method", "paid_date"],
        )
        return {
            charge["reference"]: {
                "event_id": f"status-{charge['id']}",
                "event_type": "payment.confirmed",
                "slip_reference": charge["reference"],
                "amount": charge["amount"],
                "paid_date": charge["paid_date"],
                "method": charge["method"],
            }
            for charge in charges
        }
