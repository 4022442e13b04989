"""Demo for accounting_share: the first client's books, shared and published.

"Emitente Teste LTDA" gets its own company (generic chart, BRL) with a few posted
entries over the last three months, is linked to its client partner, shares every
report, and last month's reports are published. Idempotent: the company is found by
name, and the entries and publications are only made once.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from scripts.demo import (
    accounting_share_guias,
    accounting_share_intake,
    accounting_share_obligations,
)

DEMO_REF = "accounting_share_demo"


def _company(env, name, staff_user):
    company = env["res.company"].search([("name", "=", name)], limit=1)
    if not company:
        company = env["res.company"].create(
            {
                "name": name,
                "currency_id": env.ref("base.BRL").id,
                "country_id": env.ref("base.br").id,
            }
        )
    if not env["account.account"].search_count(
        [("company_ids", "in", company.ids)], limit=1
    ):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
    users = staff_user | env.ref("base.user_admin")
    users.write({"company_ids": [Command.link(company.id)]})
    return company


def _account(env, company, account_type):
    return env["account.account"].search(
        [("company_ids", "in", company.ids), ("account_type", "=", account_type)],
        limit=1,
    )


def _entries(env, company):
    if env["account.move"].search_count(
        [("company_id", "=", company.id), ("ref", "=", DEMO_REF)], limit=1
    ):
        return
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "general")], limit=1
    )
    cash = _account(env, company, "asset_cash")
    revenue = _account(env, company, "income")
    expense = _account(env, company, "expense")
    equity = _account(env, company, "equity")
    receivable = _account(env, company, "asset_receivable")
    payable = _account(env, company, "liability_payable")
    today = fields.Date.context_today(env["account.move"])
    first_month = today.replace(day=1) - relativedelta(months=3)
    rows = [(first_month, cash, equity, 50000.0)]
    for month in range(3):
        day = first_month + relativedelta(months=month, days=9)
        rows += [
            (day, receivable, revenue, 18000.0 + 1500 * month),
            (day + relativedelta(days=5), cash, receivable, 15000.0),
            (day + relativedelta(days=7), expense, payable, 9000.0 + 700 * month),
            (day + relativedelta(days=12), payable, cash, 8000.0),
        ]
    moves = env["account.move"].create(
        [
            {
                "move_type": "entry",
                "date": date,
                "ref": DEMO_REF,
                "journal_id": journal.id,
                "company_id": company.id,
                "line_ids": [
                    Command.create({"account_id": debit.id, "debit": amount}),
                    Command.create({"account_id": credit.id, "credit": amount}),
                ],
            }
            for date, debit, credit, amount in rows
        ]
    )
    moves.action_post()


def load(env, demo):
    client = demo["clients"][:1]
    if not client:
        return
    company = _company(env, client.name, demo["staff_user"])
    _entries(env, company)
    client.write(
        {
            "shared_company_id": company.id,
            "accounting_share_documents": True,
            "accounting_share_invoices": True,
            "accounting_share_taxes": True,
            "accounting_share_treasury": True,
            "accounting_share_profit_loss": True,
            "accounting_share_balance_sheet": True,
            "accounting_share_general_ledger": True,
            "accounting_share_ratios": True,
            "accounting_share_publication_mode": "automatic",
            "accounting_share_publish_day": 1,
        }
    )
    # The scheduled publication of last month, run once now.
    env["accounting.share.publication"]._cron_publish_automatic()
    accounting_share_obligations.load(env, demo)
    accounting_share_intake.load(env, demo)
    accounting_share_guias.load(env, demo)
