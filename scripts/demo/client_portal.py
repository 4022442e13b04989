"""client_portal demo: contract-gated quotations in the clients' portal.

- the office's settings: signed contract required, contact e-mail, login lock at 5;
- for the first client, a sent quotation with per-line notes, installments and a
  generated contract to sign: log in as its portal user and upload, then approve;
- for the second client, a quotation already signed and approved, shown as APR in
  Sales, for staff to confirm.

Idempotent: quotations are found by their customer reference before being created.
Portal users get no expiry date, so the demo logins keep working.
"""

from odoo.fields import Command

TERM_NAME = "Entrada + 2 parcelas (0/30/60 dias)"
PRODUCTS = [
    ("DEMO-CP-IMPL", "Implantação do sistema", 4500.0),
    ("DEMO-CP-LIC", "Licença mensal do ERP (12 meses)", 3588.0),
    ("DEMO-CP-TREIN", "Treinamento da equipe (8 horas)", 1200.0),
]
NOTES = [
    "Inclui migração dos cadastros de clientes e produtos.",
    "Reajuste anual pelo IPCA.",
    "Turma de até 6 pessoas, nas instalações do cliente.",
]
# A stand-in for the client's scanned, signed contract.
SIGNED_SCAN = b"%PDF-1.4\n% Contrato assinado (demonstracao)\n%%EOF\n"


def load(env, demo):
    company = demo["company"]
    company.write(
        {
            "portal_require_signed_contract": True,
            "portal_contract_max_size_mb": 10,
            "portal_max_failed_logins": 5,
            "portal_contact_email": company.email or "contato@contabilidade.example",
        }
    )
    term = _payment_term(env)
    products = _products(env)
    clients = demo["clients"]
    staff = demo["staff_user"]

    to_sign = _quotation(env, clients[0], staff, term, products, "DEMO-PORTAL-1")
    if not to_sign.contract_attachment_id:
        to_sign._generate_contract_document()

    approved = _quotation(env, clients[1], staff, term, products, "DEMO-PORTAL-2")
    if approved.portal_approval_state in ("to_sign", "rejected"):
        approved._portal_store_signed_contract(
            "contrato-assinado.pdf", SIGNED_SCAN, clients[1]
        )
    if approved.portal_approval_state == "signed":
        approved._portal_approve(clients[1], "127.0.0.1")


def _payment_term(env):
    term = env["account.payment.term"].search([("name", "=", TERM_NAME)], limit=1)
    if term:
        return term
    return env["account.payment.term"].create(
        {
            "name": TERM_NAME,
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 40, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 30, "nb_days": 30}),
                Command.create({"value": "percent", "value_amount": 30, "nb_days": 60}),
            ],
        }
    )


def _products(env):
    products = env["product.product"]
    for code, name, price in PRODUCTS:
        product = env["product.product"].search([("default_code", "=", code)], limit=1)
        if not product:
            product = env["product.product"].create(
                {
                    "default_code": code,
                    "name": name,
                    "type": "service",
                    "list_price": price,
                    "taxes_id": [Command.clear()],
                }
            )
        products |= product
    return products


def _quotation(env, client, staff, term, products, reference):
    order = env["sale.order"].search([("client_order_ref", "=", reference)], limit=1)
    if order:
        return order
    order = env["sale.order"].create(
        {
            "partner_id": client.id,
            "user_id": staff.id,
            "client_order_ref": reference,
            "payment_term_id": term.id,
            "require_signed_contract": True,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "price_unit": product.list_price,
                        "portal_note": note,
                    }
                )
                for product, note in zip(products, NOTES, strict=True)
            ],
        }
    )
    order.message_subscribe(partner_ids=client.ids)
    order.write({"state": "sent"})
    return order
