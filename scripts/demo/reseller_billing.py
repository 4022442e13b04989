"""Demo data for reseller_billing: contracts, this month's invoices and their slips.

Idempotent: the service is found by name, contracts by client, invoices by contract and
period (the module itself never invoices a contract twice for a month).
"""

from dateutil.relativedelta import relativedelta

from odoo import fields

SERVICE_NAME = "Assinatura ERP (mensal)"
# client index in demo["clients"] -> (monthly amount, activate?)
CONTRACTS = [(189.90, True), (129.90, True), (249.90, False)]
BILLING_DAY = 5
# A plausible IPCA month by month (percent), the latest last: the suite has no
# internet access, so staff type or import the real table.
IPCA_RATES = [
    0.16,
    0.43,
    0.38,
    0.26,
    0.46,
    0.24,
    0.26,
    -0.02,
    0.44,
    0.56,
    0.39,
    0.36,
    0.18,
]


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

    _index_table(env, today)
    contracts.filtered(lambda c: not c.readjustment_index_id).write(
        {
            "readjustment_index_id": env.ref(
                "reseller_billing.reseller_billing_index_ipca"
            ).id,
            "readjustment_month": today.month,
        }
    )
    _suspended_client(env, active[1:2])

    # The billing e-mails go as the cron sends them: each invoice gets its
    # official PDF (a paid one too), so the portal never shows it as PROFORMA.
    Move = env["account.move"]
    while Move._cron_send_billing_mails():
        pass


def _index_table(env, today):
    """IPCA for the last 13 months, entered once (as staff would from a CSV)."""
    ipca = env.ref("reseller_billing.reseller_billing_index_ipca")
    first = today.replace(day=1) - relativedelta(months=len(IPCA_RATES))
    months = [first + relativedelta(months=i) for i in range(len(IPCA_RATES))]
    known = set(
        env["reseller.billing.index.rate"]
        .search([("index_id", "=", ipca.id), ("month", "in", months)])
        .mapped("month")
    )
    env["reseller.billing.index.rate"].create(
        [
            {"index_id": ipca.id, "month": month, "rate": rate}
            for month, rate in zip(months, IPCA_RATES, strict=True)
            if month not in known
        ]
    )


def _suspended_client(env, contract):
    """One client whose slip is overdue past the delay: suspended, as by the cron."""
    slip = contract.invoice_ids.reseller_slip_id.filtered(
        lambda s: s.state == "registered"
    )[:1]
    if contract.state != "active" or not slip:
        return
    delay = contract.company_id.reseller_suspend_after_days or 15
    slip.sudo().date_due = fields.Date.context_today(slip) - relativedelta(
        days=delay + 1
    )
    contract._suspend_for_non_payment()
