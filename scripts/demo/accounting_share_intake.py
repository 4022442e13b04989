"""Demo for the guia intake: one upload of this month's DAS, read and left for review.

Each demo client gets a (valid, fictitious) CNPJ when it has none; one PDF holds
the three clients' DAS (the second client's on two pages) and a DARF of a company
that is no client, so that the visitor sees the split, the proposals and one
unmatched line. The upload stays "To Review": confirming and sending it is the
visitor's to try. Idempotent: the upload is found by name.
"""

import io

from dateutil.relativedelta import relativedelta
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo import fields

from odoo.addons.accounting_share.tools.guia_text import _check_digit

INTAKE_NAME = "Demo: DAS do mês"
# Roots of fictitious CNPJs (branch 0001), one per demo client, plus a stranger's.
CNPJ_ROOTS = (12345678, 23456789, 34567890)
STRANGER_ROOT = 98765432
MONTHS = (
    "Janeiro",
    "Fevereiro",
    "Março",
    "Abril",
    "Maio",
    "Junho",
    "Julho",
    "Agosto",
    "Setembro",
    "Outubro",
    "Novembro",
    "Dezembro",
)


def _cnpj(root):
    digits = f"{root:08d}0001"
    weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    digits += _check_digit(digits, weights)
    digits += _check_digit(digits, [6, *weights])
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


def _draw_lines(pdf, lines):
    pdf.setFont("Helvetica", 10)
    for offset, text in enumerate(lines):
        pdf.drawString(40, 800 - 15 * offset, text)
    pdf.showPage()


def _guias_pdf(clients, period, due):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    period_label = f"{MONTHS[period.month - 1]}/{period.year}"
    due_label = f"{due:%d/%m/%Y}"
    for index, client in enumerate(clients):
        amount = f"{(index + 1) * 431},{(index * 17) % 100:02d}"
        _draw_lines(
            pdf,
            (
                "Documento de Arrecadação do Simples Nacional",
                "CNPJ                      Razão Social",
                f"{client.vat}        {client.name}",
                "Período de Apuração     Data de Vencimento     Número do Documento",
                f"{period_label}     {due_label}     07.20.{index:05d}.1234567-8",
                "Valor Total do Documento",
                amount,
            ),
        )
        if index == 1:
            _draw_lines(pdf, ("Instruções de pagamento: pague pelo PIX ou no banco.",))
    _draw_lines(
        pdf,
        (
            "Documento de Arrecadação de Receitas Federais - DARF",
            f"02 PERÍODO DE APURAÇÃO  {period:%d/%m/%Y}",
            f"03 NÚMERO DO CPF OU CNPJ  {_cnpj(STRANGER_ROOT)}",
            f"06 DATA DE VENCIMENTO  {due_label}",
            "10 VALOR TOTAL  87,10",
        ),
    )
    pdf.save()
    return buffer.getvalue()


def load(env, demo):
    clients = demo["clients"]
    staff = demo["staff_user"]
    intake_model = env["accounting.share.intake"]
    if not clients or intake_model.search([("name", "=", INTAKE_NAME)], limit=1):
        return
    for client, root in zip(clients, CNPJ_ROOTS, strict=False):
        if not client.vat:
            client.vat = _cnpj(root)
    today = fields.Date.context_today(intake_model)
    period = today.replace(day=1) - relativedelta(months=1)
    due = today.replace(day=20)
    content = _guias_pdf(clients[: len(CNPJ_ROOTS)], period, due)
    intake = intake_model.with_user(staff).create({"name": INTAKE_NAME})
    intake.attachment_ids = (
        env["ir.attachment"]
        .with_user(staff)
        .create(
            {
                "name": f"das_{period:%Y_%m}.pdf",
                "raw": content,
                "res_model": intake._name,
                "res_id": intake.id,
            }
        )
    )
    intake.action_read_files()
