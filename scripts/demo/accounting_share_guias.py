"""Demo for accounting_share's guias (called by accounting_share.py).

A month of guias for each demo client (DAS, FGTS, ISS and DARF of the current
month, as small PDFs drawn with reportlab), sent to their portals, each with its
chained receipt. The client's first portal user then opens some of them, through
the same read-recording method as the portal's download, so that the demo shows
guias read, read after their due date, unread and past due, and unread near their
due date (which the reminder run e-mails). Idempotent: a guia is
found by client and name before it is made.
"""

import io
from datetime import timedelta

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo import fields

# (code, title, due in days from the demo's day, amount, opened by the client)
GUIAS = (
    ("DAS", "DAS - Simples Nacional", 8, 1843.27, True),
    ("FGTS", "FGTS Digital", 2, 912.40, False),
    ("ISS", "ISS municipal", -4, 356.10, True),
    ("DARF", "DARF - IRRF 0561", -2, 488.95, False),
)


def _guia_pdf(client, title, period, due_date, amount):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 780, title)
    pdf.setFont("Helvetica", 11)
    lines = (
        f"Contribuinte: {client.name}",
        f"CNPJ: {client.vat or '-'}",
        f"Período de apuração: {period}",
        f"Data de vencimento: {due_date.strftime('%d/%m/%Y')}",
        f"Valor total: R$ {amount:,.2f}".replace(",", "X")
        .replace(".", ",")
        .replace("X", "."),
    )
    for index, line in enumerate(lines):
        pdf.drawString(60, 740 - 20 * index, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _send_guias(env, client, today):
    """The month's guias of one client, made and sent once."""
    dispatch_model = env["accounting.share.dispatch"]
    month_start = today.replace(day=1)
    period = month_start.strftime("%m/%Y")
    known = set(
        dispatch_model.search(
            [("partner_id", "=", client.id), ("document_type", "=", "guia")]
        ).mapped("name")
    )
    values = []
    for code, title, due_in_days, amount, _read in GUIAS:
        name = f"{code} {period}"
        if name in known:
            continue
        due_date = today + timedelta(days=due_in_days)
        attachment = env["ir.attachment"].create(
            {
                "name": f"{code}-{month_start.strftime('%Y-%m')}.pdf",
                "raw": _guia_pdf(client, title, period, due_date, amount),
                "mimetype": "application/pdf",
            }
        )
        values.append(
            {
                "name": name,
                "partner_id": client.id,
                "document_type": "guia",
                "res_model": "ir.attachment",
                "res_id": attachment.id,
                "period": period,
                "due_date": due_date,
                "amount": amount,
            }
        )
    dispatches = dispatch_model.create(values)
    dispatches._send()
    return dispatches


def _read_some(env, portal_user, dispatches):
    """The client's user opens the guias marked as opened."""
    by_code = {dispatch.name.split()[0]: dispatch for dispatch in dispatches}
    dispatch_model = env["accounting.share.dispatch"].with_user(portal_user)
    for code, _title, _day, _amount, read in GUIAS:
        dispatch = by_code.get(code)
        if not read or not dispatch or dispatch.state != "sent":
            continue
        dispatch_model._accounting_share_record_reads(
            dispatch.file_id, ip="203.0.113.10"
        )


def load(env, demo):
    today = fields.Date.context_today(env["res.partner"])
    for client in demo["clients"]:
        portal_user = demo["portal_users"].filtered(
            lambda user, client=client: user.commercial_partner_id == client
        )[:1]
        if not portal_user:
            continue
        dispatches = _send_guias(env, client, today)
        if dispatches:
            _read_some(env, portal_user, dispatches)
    # One reminder run, as the daily scheduled action would.
    env["accounting.share.dispatch"]._cron_send_guia_reminders()
