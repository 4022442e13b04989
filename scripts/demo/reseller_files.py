"""Demo data of the File Center: a few folders and files per client.

Idempotent: folders are found by name and files by name in their folder before
anything is created, so `make run` can be repeated.
"""

import io
from datetime import date, timedelta

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
    _load_requests(env, demo)


def _load_requests(env, demo):
    """A monthly "Extratos bancários" template on the demo clients; for the
    first client, one request fulfilled and one late."""
    template = _demo_template(env)
    template.partner_ids = [(6, 0, demo["clients"].ids)]
    client, portal_user = demo["clients"][:1], demo["portal_users"][:1]
    Request = env["reseller.file.request"].with_user(demo["staff_user"])
    requests = Request.browse()
    for name, due, period in _past_periods(Request, template):
        found = Request.search(
            [
                ("template_id", "=", template.id),
                ("partner_id", "=", client.id),
                ("period", "=", period),
            ]
        )
        requests |= found or Request.create(
            {
                "name": name,
                "partner_id": client.id,
                "due_date": due,
                "template_id": template.id,
                "period": period,
            }
        )
    # the older one fulfilled by the client; the last one stays late
    fulfilled = requests[:1]
    if fulfilled.state == "open":
        fulfilled.with_user(portal_user).sudo()._portal_upload(
            [("Extrato bancário.csv", b"Data;Valor\n01/09/2026;100,00\n", None)]
        )


def _demo_template(env):
    Template = env["reseller.file.request.template"]
    template = Template.search([("name", "=", "Extratos bancários")], limit=1)
    return template or Template.create(
        {
            "name": "Extratos bancários",
            "instructions": "Envie os extratos de todas as contas do mês anterior.",
            "day_of_month": 1,
            "due_day": 5,
        }
    )


def _past_periods(Request, template):
    """(name, due date, period) of the two months before this one."""
    today = date.today()
    last_month = today.replace(day=1) - timedelta(days=1)
    month_before = last_month.replace(day=1) - timedelta(days=1)
    specs = []
    for month, due in (
        (month_before, today - timedelta(days=40)),
        (last_month, today - timedelta(days=10)),
    ):
        period = Request._reseller_period_of(month)
        specs.append((f"{template.name} {period}", due, period))
    return specs
