"""Demo data for reseller_billing: contracts, this month's invoices and their slips.

Idempotent: the service is found by name, contracts by client, invoices by contract and
period (the module itself never invoices a contract twice for a month).
"""

from odoo import fields

SERVICE_NAME = "Assinatura ERP (mensal)"
# client index in demo["clients"] -> (monthly amount, activate?)
CONTRACTS = [(189.90, True), (129.90, True), (249.90, False)]
BILLING_DAY = 5


def _service(env, company):
    product = env["product.product"].search([("name", "=", SERVICE_NAME)], limit=1)
    if not product:
        product = env["product.product"].create(
            {
                "name": SERVICE_NAME,
                "type": "service",
                "list_price": 189.90,
                "taxes_id": False,
                "company_id": False,
            }
        )
    return product


def _gateway(env, company):
    gateway = env.ref("reseller_billing.reseller_billing_gateway_sandbox")
    # Shipped archived (it takes payments from a public page); the demo wants it.
    values = {"company_id": company.id, "active": True}
    if not gateway.journal_id or gateway.journal_id.company_id != company:
        journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        values["journal_id"] = journal.id
    gateway.write(values)
    return gateway


def load(env, demo):
    company = demo["company"]
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    service = _service(env, company)
    gateway = _gateway(env, company)
    Contract = env["reseller.contract"].with_company(company)
    today = fields.Date.context_today(Contract)
    contracts = Contract.browse()
    for client, (amount, activate) in zip(demo["clients"], CONTRACTS, strict=False):
        contract = Contract.search([("partner_id", "=", client.id)], limit=1)
        if not contract:
            contract = Contract.create(
                {
                    "partner_id": client.id,
                    "product_id": service.id,
                    "amount": amount,
                    # The run waits for the billing day (an invoice is never
                    # dated ahead): early in the month the demo bills today, so
                    # that this month's invoices exist, dated today at the latest.
                    "billing_day": min(BILLING_DAY, today.day),
                    "date_start": today.replace(day=1),
                    "gateway_id": gateway.id,
                    "company_id": company.id,
                    "description": "Assinatura do sistema de gestão",
                }
            )
            if activate:
                contract.action_activate()
        contracts |= contract
    # This month's invoices for the active contracts, with their sandbox slips.
    Contract._run_recurring_invoicing(today.month, today.year)
    active = contracts.filtered(lambda c: c.state == "active")
    # The first client has already paid, through the sandbox bank.
    first_slip = active[:1].invoice_ids.reseller_slip_id
    if first_slip.state == "registered":
        gateway._sandbox_pay(first_slip)
    # The billing e-mails go as the cron sends them: each invoice gets its
    # official PDF (a paid one too), so the portal never shows it as PROFORMA.
    Move = env["account.move"]
    while Move._cron_send_billing_mails():
        pass
