from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class AccountingShareCommon(AccountTestInvoicingCommon):
    """A client company with a small, hand-checked set of entries.

    All in March 2024 unless said otherwise (figures in the tests):
    - 2023-03-15 revenue 200 received in cash (previous year);
    - 2024-01-01 capital 10,000 paid in cash;
    - 2024-01-10 fixed asset 6,000 bought with a long-term loan;
    - 2024-03-05 customer invoice 1,000 + 15% tax, due 2024-04-15;
    - 2024-03-10 vendor bill 400 (cost of revenue) + 15% tax, due 2024-03-20;
    - 2024-03-20 operating expense 300 paid in cash;
    - 2024-03-25 other income 50 received in cash;
    - a draft 999 expense and company 2's entries, which must never count.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test environment's user (accountman) sets up the clients: linking their
        # companies is an Accounting Share administrator's job.
        cls.env.ref(
            "accounting_share.group_accounting_share_manager"
        ).sudo().users += cls.env.user
        cls.company = cls.company_data["company"]
        cls.company_data_2 = cls.setup_other_company(name="Company C")
        cls.company_c = cls.company_data_2["company"]
        cls.report_model = cls.env["accounting.share.report"]

        cls._setup_accounts()
        cls._setup_entries()
        cls._setup_clients()
        cls._setup_users()

    @classmethod
    def _setup_accounts(cls):
        account_model = cls.env["account.account"]

        def new_account(code, name, account_type, company=cls.company):
            return account_model.create(
                {
                    "code": code,
                    "name": name,
                    "account_type": account_type,
                    "company_ids": [Command.set(company.ids)],
                }
            )

        cls.account_cash = cls.company_data["default_journal_bank"].default_account_id
        cls.account_equity = new_account("SH301", "Capital", "equity")
        cls.account_fixed = new_account("SH121", "Machines", "asset_fixed")
        cls.account_loan = new_account("SH221", "Bank loan", "liability_non_current")
        cls.account_revenue = cls.company_data["default_account_revenue"]
        cls.account_cost = new_account("SH501", "Goods sold", "expense_direct_cost")
        cls.account_expense = cls.company_data["default_account_expense"]
        cls.account_other_income = new_account("SH701", "Interest", "income_other")
        cls.account_tax_sale = cls.company_data["default_account_tax_sale"]
        cls.account_tax_purchase = cls.company_data["default_account_tax_purchase"]

    @classmethod
    def _setup_entries(cls):
        cls._misc_entry("2023-03-15", cls.account_cash, cls.account_revenue, 200)
        cls._misc_entry("2024-01-01", cls.account_cash, cls.account_equity, 10000)
        cls._misc_entry("2024-01-10", cls.account_fixed, cls.account_loan, 6000)
        cls.customer_invoice = cls._invoice(
            "out_invoice", "2024-03-05", "2024-04-15", cls.account_revenue, 1000
        )
        cls.vendor_bill = cls._invoice(
            "in_invoice", "2024-03-10", "2024-03-20", cls.account_cost, 400
        )
        cls._misc_entry("2024-03-20", cls.account_expense, cls.account_cash, 300)
        cls._misc_entry("2024-03-25", cls.account_cash, cls.account_other_income, 50)
        cls._misc_entry(
            "2024-03-15", cls.account_expense, cls.account_cash, 999, post=False
        )
        cls._misc_entry(
            "2024-03-15",
            cls.company_data_2["default_journal_bank"].default_account_id,
            cls.company_data_2["default_account_revenue"],
            77777,
            company_data=cls.company_data_2,
        )

    @classmethod
    def _setup_clients(cls):
        # The office's clients and their portal users.
        partner_model = cls.env["res.partner"]
        cls.client_a = partner_model.create(
            {
                "name": "Client A Ltda",
                "is_company": True,
                "shared_company_id": cls.company.id,
                "accounting_share_profit_loss": True,
                "accounting_share_balance_sheet": True,
                "accounting_share_ratios": True,
                "accounting_share_taxes": True,
                "accounting_share_treasury": True,
                "accounting_share_documents": True,
            }
        )
        cls.client_b = partner_model.create(
            {
                "name": "Client B SA",
                "is_company": True,
                "shared_company_id": cls.company_c.id,
                "accounting_share_profit_loss": True,
                "accounting_share_invoices": False,
            }
        )

    @classmethod
    def _setup_users(cls):
        cls.portal_a = cls._portal_user("portal_a", cls.client_a)
        cls.portal_a_colleague = cls._portal_user("portal_a2", cls.client_a)
        cls.portal_b = cls._portal_user("portal_b", cls.client_b)
        cls.manager = new_test_user(
            cls.env,
            login="share_manager",
            groups="base.group_user,base.group_partner_manager,"
            "account.group_account_user,accounting_share.group_accounting_share_manager",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_c).ids)],
        )
        cls.staff = new_test_user(
            cls.env,
            login="share_staff",
            groups="base.group_user,account.group_account_user,"
            "accounting_share.group_accounting_share_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _portal_user(cls, login, client):
        contact = cls.env["res.partner"].create(
            {"name": f"Contact {login}", "parent_id": client.id, "email": login}
        )
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=contact.id,
        )

    @classmethod
    def _misc_entry(cls, date, debit_account, credit_account, amount, **kwargs):
        company_data = kwargs.get("company_data", cls.company_data)
        move = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date,
                "journal_id": company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Debit",
                            "account_id": debit_account.id,
                            "debit": amount,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Credit",
                            "account_id": credit_account.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        if kwargs.get("post", True):
            move.action_post()
        return move

    @classmethod
    def _invoice(cls, move_type, date, due_date, account, amount):
        tax = (
            cls.company_data["default_tax_sale"]
            if move_type == "out_invoice"
            else cls.company_data["default_tax_purchase"]
        )
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": cls.partner_a.id,
                "invoice_date": date,
                "date": date,
                "invoice_payment_term_id": False,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Line",
                            "account_id": account.id,
                            "price_unit": amount,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _compute(self, report_type, date_from="2024-03-01", date_to="2024-03-31"):
        return self.report_model._get_report_data(
            self.company,
            report_type,
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )

    def _new_publication(self, report_type="profit_loss", client=None, **values):
        client = client or self.client_a
        return (
            self.env["accounting.share.publication"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": client.id,
                    "report_type": report_type,
                    "date_from": "2024-03-01",
                    "date_to": "2024-03-31",
                    **values,
                }
            )
        )
