"""Realistic guias, drawn with reportlab as the fiscal software prints them."""

import io
import zipfile

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.accounting_share.tools.guia_text import _check_digit


def make_cnpj(base):
    """A valid CNPJ (formatted) from 8 digits of root: branch 0001."""
    digits = f"{base:08d}0001"
    weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    digits += _check_digit(digits, weights)
    digits += _check_digit(digits, [6, *weights])
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


def make_cpf(base):
    digits = f"{base:09d}"
    digits += _check_digit(digits, range(10, 1, -1))
    digits += _check_digit(digits, range(11, 1, -1))
    return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"


def draw_das(pdf, cnpj, name, period="Março/2024", due="22/04/2024", amount="1.234,56"):
    """One DAS page: the Simples Nacional's table layout, labels above values."""
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(40, 800, "Documento de Arrecadação do Simples Nacional")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(40, 780, "CNPJ                      Razão Social")
    pdf.drawString(40, 768, f"{cnpj}        {name}")
    pdf.drawString(
        40, 745, "Período de Apuração     Data de Vencimento     Número do Documento"
    )
    pdf.drawString(
        40, 733, f"{period}              {due}             07.20.24092.1234567-8"
    )
    pdf.drawString(40, 710, "Pagar este documento até")
    pdf.drawString(40, 698, due)
    pdf.drawString(40, 675, "Valor Total do Documento")
    pdf.drawString(40, 663, amount)
    pdf.drawString(40, 640, "85800000012 3 34560328240 1 92072024092 0 12345678001 6")
    pdf.showPage()


def draw_darf(
    pdf, taxpayer_id, name, period="31/03/2024", due="20/04/2024", amount="98,70"
):
    """One DARF page: numbered fields, label and value on one line."""
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(40, 800, "MINISTÉRIO DA FAZENDA - Receita Federal do Brasil")
    pdf.drawString(40, 785, "Documento de Arrecadação de Receitas Federais - DARF")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(40, 760, f"01 NOME / TELEFONE  {name}")
    pdf.drawString(40, 745, f"02 PERÍODO DE APURAÇÃO  {period}")
    pdf.drawString(40, 730, f"03 NÚMERO DO CPF OU CNPJ  {taxpayer_id}")
    pdf.drawString(40, 715, "04 CÓDIGO DA RECEITA  0190")
    pdf.drawString(40, 700, f"06 DATA DE VENCIMENTO  {due}")
    pdf.drawString(40, 685, f"07 VALOR DO PRINCIPAL  {amount}")
    pdf.drawString(40, 670, f"10 VALOR TOTAL  {amount}")
    pdf.showPage()


def draw_continuation(pdf, text="Instruções de pagamento (continuação)"):
    """A second page of a guia that prints no CNPJ."""
    pdf.setFont("Helvetica", 9)
    pdf.drawString(40, 800, text)
    pdf.drawString(
        40, 785, "Pague em qualquer banco ou pelo PIX até a data de vencimento."
    )
    pdf.showPage()


def draw_scan(pdf):
    """A scanned page: a picture, no text."""
    image = Image.new("L", (200, 280), color=235)
    for x in range(20, 180):
        image.putpixel((x, 40), 0)
    pdf.drawImage(ImageReader(image), 40, 400, width=400, height=560)
    pdf.showPage()


def build_pdf(*pages):
    """pages: (draw function, args...) tuples."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for draw, *args in pages:
        draw(pdf, *args)
    pdf.save()
    return buffer.getvalue()


def build_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


class IntakeCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.staff = new_test_user(
            cls.env,
            login="intake_staff",
            groups="base.group_user,accounting_share.group_accounting_share_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.cnpj_a = make_cnpj(11222333)
        cls.cnpj_b = make_cnpj(44555666)
        cls.cnpj_c = make_cnpj(77888999)
        cls.cpf_d = make_cpf(529982247)
        cls.client_a = cls._client("Padaria Aurora ME", cls.cnpj_a)
        cls.client_b = cls._client("Construtora Horizonte SA", cls.cnpj_b)
        cls.client_c = cls._client("Emitente Teste LTDA", cls.cnpj_c.replace(".", ""))
        cls.client_d = cls._client("Maria da Silva", cls.cpf_d, is_company=False)
        cls.document_type_das = cls.env.ref(
            "accounting_share.accounting_share_document_type_das"
        )
        cls.document_type_darf = cls.env.ref(
            "accounting_share.accounting_share_document_type_darf"
        )

    @classmethod
    def _client(cls, name, vat, is_company=True, portal=True):
        client = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": is_company,
                "vat": vat,
                "reseller_is_client": True,
            }
        )
        if portal:
            contact = cls.env["res.partner"].create(
                {
                    "name": f"Contact {name}",
                    "parent_id": client.id,
                    "email": f"{client.id}@x.example",
                }
            )
            new_test_user(
                cls.env,
                login=f"intake_portal_{client.id}",
                groups="base.group_portal",
                partner_id=contact.id,
            )
        return client

    def _intake(self, *files, user=None):
        """An upload of (name, bytes) files, read as staff."""
        user = user or self.staff
        intake = (
            self.env["accounting.share.intake"]
            .with_user(user)
            .create({"name": "Março"})
        )
        intake.attachment_ids = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": intake._name,
                        "res_id": intake.id,
                    }
                    for name, content in files
                ]
            )
        )
        intake.action_read_files()
        return intake

    def _send_all(self, intake, batch_size=50):
        intake.action_confirm()
        intake.action_send()
        intake_model = self.env["accounting.share.intake"]
        while intake_model._cron_send_confirmed(batch_size=batch_size):
            pass
