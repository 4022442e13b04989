import json
import time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class BillingCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accountant of AccountTestInvoicingCommon is also the billing manager.
        cls.env.user.groups_id |= cls.env.ref(
            "reseller_billing.group_reseller_billing_manager"
        )
        cls.gateway = cls.env["reseller.billing.gateway"].create(
            {
                "name": "Test Sandbox",
                "code": "test_sandbox",
                "provider": "sandbox",
                "journal_id": cls.company_data["default_journal_bank"].id,
                "company_id": cls.env.company.id,
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "ERP subscription",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.client_a = cls.env["res.partner"].create(
            {"name": "Client A", "is_company": True, "email": "a@client.example"}
        )
        cls.client_b = cls.env["res.partner"].create(
            {"name": "Client B", "is_company": True, "email": "b@client.example"}
        )
        cls.contract_a = cls._make_contract(cls.client_a, 150.0)
        cls.contract_b = cls._make_contract(cls.client_b, 90.0)

    @classmethod
    def _make_contract(cls, partner, amount, state="active"):
        contract = cls.env["reseller.contract"].create(
            {
                "partner_id": partner.id,
                "product_id": cls.service.id,
                "amount": amount,
                "billing_day": 5,
                "date_start": "2026-01-01",
                "gateway_id": cls.gateway.id,
            }
        )
        if state == "active":
            contract.action_activate()
        return contract

    def _signed(self, payload, gateway=None, timestamp=None):
        gateway = gateway or self.gateway
        raw_body = json.dumps(payload).encode()
        timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
        return raw_body, gateway._sign(raw_body, timestamp), timestamp

    def _payment_payload(self, slip, event_id="evt-1", amount=None):
        return {
            "event_id": event_id,
            "type": "payment.confirmed",
            "slip_reference": slip.external_id,
            "amount": slip.amount if amount is None else amount,
            "paid_date": "2026-03-10",
        }

    def _settle_queued(self):
        """Run the settlement cron's batch, as the scheduler would."""
        return self.env["reseller.webhook.event"]._cron_settle_events()
