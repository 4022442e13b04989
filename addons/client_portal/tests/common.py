import base64

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.sale.tests.common import SaleCommon

PDF_CONTENT = (
    b"%PDF-1.4\n% signed contract scan\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
)


class ClientPortalCommon(SaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "portal_require_signed_contract": True,
                "portal_contract_max_size_mb": 1,
                "portal_contact_email": "office@office.example",
            }
        )
        cls._create_clients_and_users()
        cls._create_payment_term()
        cls.quotation = cls._create_quotation(cls.client_a, line_count=2)

    @classmethod
    def _create_clients_and_users(cls):
        cls.client_a = cls.env["res.partner"].create(
            {"name": "Client A Ltd", "is_company": True, "email": "a@client.example"}
        )
        cls.client_b = cls.env["res.partner"].create(
            {"name": "Client B Ltd", "is_company": True, "email": "b@client.example"}
        )
        cls.portal_user_a = new_test_user(
            cls.env,
            login="cp_portal_a",
            groups="base.group_portal",
            name="Alice Client",
            email="alice@client.example",
        )
        cls.portal_user_a.partner_id.parent_id = cls.client_a
        cls.portal_user_b = new_test_user(
            cls.env,
            login="cp_portal_b",
            groups="base.group_portal",
            name="Bob Other",
            email="bob@client.example",
        )
        cls.portal_user_b.partner_id.parent_id = cls.client_b
        cls.salesman = new_test_user(
            cls.env,
            login="cp_salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Sales",
            email="sam@office.example",
        )

    @classmethod
    def _create_payment_term(cls):
        cls.payment_term = cls.env["account.payment.term"].create(
            {
                "name": "30% now, 70% in 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 30, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 70, "nb_days": 30}
                    ),
                ],
            }
        )

    @classmethod
    def _create_quotation(cls, partner, line_count=2, **values):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.salesman.id,
                "payment_term_id": cls.payment_term.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.service_product.id,
                            "product_uom_qty": 1 + index,
                            "price_unit": 100.0,
                            "portal_note": f"Installed on site, visit {index + 1}",
                        }
                    )
                    for index in range(line_count)
                ],
                **values,
            }
        )
        order.message_subscribe(partner_ids=partner.ids)
        return order

    @staticmethod
    def _b64(content):
        return base64.b64encode(content).decode()

    def _upload_signed_contract_document(
        self, order=None, content=PDF_CONTENT, filename="scan.pdf", partner=None
    ):
        """The step the portal runs once `_document_check_access` let the client
        reach the order: the client's partner sends the file."""
        order = order or self.quotation
        partner = partner or self.portal_user_a.partner_id
        return order._portal_store_signed_contract(filename, content, partner)

    def _approve_as_client(self, order=None, partner=None):
        """The step the portal runs when the client presses Approve."""
        order = order or self.quotation
        partner = partner or self.portal_user_a.partner_id
        return order._portal_approve(partner, "127.0.0.1")
