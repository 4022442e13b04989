from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class ReceiptCommon(TransactionCase):
    """Two clients with portal users (client A has two), and guias to send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env.user)
        cls.staff = new_test_user(
            cls.env,
            login="receipt_staff",
            password="receipt_staff",
            groups="base.group_user,accounting_share.group_accounting_share_user,"
            "reseller_files.group_reseller_files_user",
        )
        partner_model = cls.env["res.partner"]
        cls.client_a = partner_model.create(
            {"name": "Guia Client A", "is_company": True, "vat": "11222333000181"}
        )
        cls.client_b = partner_model.create(
            {"name": "Guia Client B", "is_company": True}
        )
        (cls.client_a | cls.client_b).write({"accounting_share_documents": True})
        cls.portal_a = cls._portal_user("guia_a", cls.client_a)
        cls.portal_a2 = cls._portal_user("guia_a2", cls.client_a)
        cls.portal_b = cls._portal_user("guia_b", cls.client_b)
        for client in (cls.client_a, cls.client_b):
            client._reseller_get_root_folder()

    @classmethod
    def _portal_user(cls, login, client):
        contact = cls.env["res.partner"].create(
            {
                "name": f"Contact {login}",
                "parent_id": client.id,
                "email": f"{login}@x.example",
            }
        )
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=contact.id,
        )

    @classmethod
    def _guia(cls, client, name, due_in_days=10, amount=100.0, send=True):
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{name}.pdf",
                "raw": f"%PDF-1.4 {name}".encode(),
                "mimetype": "application/pdf",
            }
        )
        dispatch = cls.env["accounting.share.dispatch"].create(
            {
                "name": name,
                "partner_id": client.id,
                "document_type": "guia",
                "res_model": "ir.attachment",
                "res_id": attachment.id,
                "period": "2026-11",
                "due_date": cls.today + timedelta(days=due_in_days),
                "amount": amount,
            }
        )
        if send:
            dispatch._send()
        return dispatch
