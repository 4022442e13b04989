"""Demo data of the File Center: a few folders and files per client.

Idempotent: folders are found by name and files by name in their folder before
anything is created, so `make run` can be repeated.
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def _pdf(title, lines):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 780, title)
    pdf.setFont("Helvetica", 11)
    for index, line in enumerate(lines):
        pdf.drawString(60, 740 - index * 18, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _add_once(folder, name, content, mimetype=None, user=None):
    existing = folder.env["reseller.file"].search(
        [("folder_id", "=", folder.id), ("name", "=", name)], limit=1
    )
    if existing:
        return existing
    if user:
        # uploaded as the client itself, so the tree shows both directions
        folder = folder.with_user(user).sudo()
    return folder._reseller_add_file(name, content, mimetype)


def load(env, demo):
    company = demo["company"]
    office_root = env["reseller.folder"]._reseller_get_office_root(company)
    if office_root.name != company.name:
        office_root.name = company.name
    templates = office_root._reseller_get_or_create_child("Modelos do escritório")
    _add_once(
        templates,
        "Checklist de documentos mensais.csv",
        "Documento;Prazo\nExtratos bancários;dia 5\nNotas fiscais de entrada;dia 5\n"
        "Folha de pagamento;dia 10\n".encode(),
        "text/csv",
    )
    staff = demo["staff_user"]
    for client, portal_user in zip(demo["clients"], demo["portal_users"], strict=False):
        if not client.user_id:
            client.user_id = staff
        root = client._reseller_get_root_folder()
        contracts = root._reseller_get_or_create_child("Contratos")
        slips = root._reseller_get_or_create_child("Guias de pagamento")
        from_client = root._reseller_get_or_create_child("Enviados pelo cliente")
        _add_once(
            contracts.with_user(staff),
            "Contrato de prestação de serviços contábeis.pdf",
            _pdf(
                "Contrato de prestação de serviços contábeis",
                [f"Contratante: {client.name}", f"Contratada: {company.name}"],
            ),
            "application/pdf",
        )
        _add_once(
            slips.with_user(staff),
            "DAS competência 10-2026.pdf",
            _pdf("Documento de Arrecadação do Simples Nacional", [client.name]),
            "application/pdf",
        )
        uploaded = _add_once(
            from_client,
            "Extrato bancário outubro.csv",
            "Data;Histórico;Valor\n01/10/2026;Saldo anterior;10.000,00\n".encode(),
            "text/csv",
            user=portal_user,
        )
        if not uploaded.comment:
            uploaded.sudo().comment = "Extrato da conta principal."
