"""The suite's demo data: an accounting office, its staff and three client companies.

Runs inside `odoo shell` (see scripts/run.sh) and is idempotent: records are found by
login or name before anything is created, so `make run` can be repeated.
Each addon may add its own demo in scripts/demo/<addon>.py, with a `load(env, demo)`
function that receives the records created here.
"""

OFFICE_NAME = "Contabilidade Exemplo Ltda"
STAFF = {
    "login": "staff@contabilidade.example",
    "password": "staff",
    "name": "Ana Souza",
}
CLIENTS = [
    {
        "ref": "DEMO-CLI-001",
        "company": "Emitente Teste LTDA",
        "vat": "",
        "city": "São Paulo",
        "contact": "Carlos Pereira",
        "login": "emitente@cliente.example",
        "password": "portal",
    },
    {
        "ref": "DEMO-CLI-002",
        "company": "Padaria Aurora ME",
        "vat": "",
        "city": "Belo Horizonte",
        "contact": "Marta Lima",
        "login": "aurora@cliente.example",
        "password": "portal",
    },
    {
        "ref": "DEMO-CLI-003",
        "company": "Construtora Horizonte S.A.",
        "vat": "",
        "city": "Curitiba",
        "contact": "João Ribeiro",
        "login": "horizonte@cliente.example",
        "password": "portal",
    },
]
# Groups given to the staff user when the module that defines them is installed.
STAFF_GROUPS = [
    "base.group_user",
    "base.group_partner_manager",
    "account.group_account_manager",
    "sales_team.group_sale_manager",
    "reseller_files.group_reseller_files_manager",
    "reseller_billing.group_reseller_billing_manager",
    "accounting_share.group_accounting_share_manager",
]


def prepare_company(env):
    """Before the addons install: the office's name and languages."""
    env.ref("base.main_company").name = OFFICE_NAME
    env["res.lang"]._activate_lang("pt_BR")
    env["res.lang"]._activate_lang("en_US")


def load(env):
    company = env.ref("base.main_company")
    brazil = env.ref("base.br")
    brl = env.ref("base.BRL")
    brl.active = True
    # The generic chart sets USD at install; BRL is allowed while no entry exists.
    has_entries = env["account.move.line"].search_count(
        [("company_id", "=", company.id)], limit=1
    )
    if company.currency_id != brl and not has_entries:
        company.currency_id = brl
    if "product.pricelist" in env:
        # Pricelists created at install took the currency the company had then.
        env["product.pricelist"].search(
            [("company_id", "in", (company.id, False)), ("currency_id", "!=", brl.id)]
        ).currency_id = brl
    company.write(
        {
            "name": OFFICE_NAME,
            "country_id": brazil.id,
            "email": "contato@contabilidade.example",
            "phone": "+55 11 4000-0000",
            "city": "São Paulo",
        }
    )
    env.ref("base.user_admin").write({"lang": "pt_BR", "tz": "America/Sao_Paulo"})
    groups = [env.ref(xmlid, raise_if_not_found=False) for xmlid in STAFF_GROUPS]
    staff = _user(env, STAFF, [g.id for g in groups if g])
    portal_group = env.ref("base.group_portal")
    clients = env["res.partner"]
    portal_users = env["res.users"]
    for spec in CLIENTS:
        # By reference, not name: a client's own res.company (accounting_share)
        # has a partner of the same name.
        client = env["res.partner"].search([("ref", "=", spec["ref"])], limit=1)
        if not client:
            client = env["res.partner"].create(
                {
                    "ref": spec["ref"],
                    "name": spec["company"],
                    "is_company": True,
                    "country_id": brazil.id,
                    "city": spec["city"],
                    "email": spec["login"],
                    "lang": "pt_BR",
                }
            )
        contact = env["res.partner"].search(
            [("name", "=", spec["contact"]), ("parent_id", "=", client.id)], limit=1
        )
        if not contact:
            contact = env["res.partner"].create(
                {
                    "name": spec["contact"],
                    "parent_id": client.id,
                    "email": spec["login"],
                    "lang": "pt_BR",
                }
            )
        user = _user(
            env,
            {
                "login": spec["login"],
                "password": spec["password"],
                "name": spec["contact"],
            },
            [portal_group.id],
            partner=contact,
        )
        clients |= client
        portal_users |= user
    return {
        "company": company,
        "staff_user": staff,
        "clients": clients,
        "portal_users": portal_users,
    }


def _user(env, spec, group_ids, partner=None):
    users = env["res.users"].with_context(active_test=False)
    user = users.search([("login", "=", spec["login"])], limit=1)
    values = {
        "name": spec["name"],
        "login": spec["login"],
        "email": spec["login"],
        "password": spec["password"],
        "lang": "pt_BR",
        "tz": "America/Sao_Paulo",
        "active": True,
        "groups_id": [(6, 0, group_ids)],
    }
    if partner:
        values["partner_id"] = partner.id
    if user:
        values.pop("partner_id", None)
        user.write(values)
        return user
    return users.with_context(no_reset_password=True).create(values)
