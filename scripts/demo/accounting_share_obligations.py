"""Demo for accounting_share's obligations and dossiers (called by accounting_share.py).

Brazil's national holidays for this year and the next on the office's working
calendar, six common obligations on the demo clients with last and this period's
tasks generated (the portal shows this month's due ones), and two dossiers for
Emitente Teste LTDA, one open and one closed.
Idempotent: holidays, obligations, projects and dossiers are found by name.
"""

from datetime import date, datetime, time, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from pytz import timezone

from odoo import fields

# (code, name, due day, business-day rule, document type)
OBLIGATIONS = (
    ("DAS", "DAS - Simples Nacional", 20, "postpone", "guia"),
    ("FGTS", "FGTS Digital", 20, "anticipate", "guia"),
    ("DCTFWEB", "DCTFWeb", 15, "anticipate", "receipt"),
    ("ISS", "ISS municipal", 10, "postpone", "guia"),
    ("FOLHA", "Folha de pagamento", 5, "anticipate", "report"),
    ("EFD", "EFD-Reinf", 15, "anticipate", "receipt"),
)
FIXED_HOLIDAYS = (
    (1, 1, "Confraternização Universal"),
    (4, 21, "Tiradentes"),
    (5, 1, "Dia do Trabalho"),
    (9, 7, "Independência do Brasil"),
    (10, 12, "Nossa Senhora Aparecida"),
    (11, 2, "Finados"),
    (11, 15, "Proclamação da República"),
    (11, 20, "Dia Nacional de Zumbi e da Consciência Negra"),
    (12, 25, "Natal"),
)


def _national_holidays(year):
    days = [(date(year, month, day), name) for month, day, name in FIXED_HOLIDAYS]
    days.append((easter(year) - timedelta(days=2), "Sexta-feira Santa"))
    return days


def _holidays(env, company):
    work_calendar = company.resource_calendar_id
    if not work_calendar.tz or work_calendar.tz == "UTC":
        work_calendar.tz = "America/Sao_Paulo"
    tz, utc = timezone(work_calendar.tz), timezone("UTC")
    this_year = fields.Date.context_today(env["res.company"]).year
    leave_model = env["resource.calendar.leaves"]
    existing = set(
        leave_model.search([("calendar_id", "=", work_calendar.id)]).mapped("name")
    )
    values = []
    for year in (this_year, this_year + 1):
        for day, name in _national_holidays(year):
            label = f"{name} {year}"
            if label in existing:
                continue
            start = tz.localize(datetime.combine(day, time.min)).astimezone(utc)
            values.append(
                {
                    "name": label,
                    "calendar_id": work_calendar.id,
                    "date_from": start.replace(tzinfo=None),
                    "date_to": (start + timedelta(days=1, seconds=-1)).replace(
                        tzinfo=None
                    ),
                }
            )
    leave_model.create(values)


def _project(env, name, company, **values):
    project = env["project.project"].search(
        [("name", "=", name), ("company_id", "=", company.id)], limit=1
    )
    return project or env["project.project"].create(
        {"name": name, "company_id": company.id, **values}
    )


def _obligations(env, company, clients):
    project = _project(env, "Obrigações dos clientes", company)
    obligation_model = env["accounting.share.obligation"].with_context(
        active_test=False
    )
    known = set(
        obligation_model.search([("company_id", "=", company.id)]).mapped("code")
    )
    obligation_model.create(
        [
            {
                "code": code,
                "name": name,
                "due_day": due_day,
                "business_day_rule": rule,
                "document_type": document_type,
                "company_id": company.id,
                "project_id": project.id,
                "partner_ids": [(6, 0, clients.ids)],
            }
            for code, name, due_day, rule, document_type in OBLIGATIONS
            if code not in known
        ]
    )
    # An obligation shows in the month it falls due: last period's tasks are this
    # month's, this period's are next month's. Both are generated.
    today = fields.Date.context_today(obligation_model)
    for day in (today - relativedelta(months=1), today):
        tasks, remaining = obligation_model._generate_tasks(day)
        while tasks and remaining:
            tasks, remaining = obligation_model._generate_tasks(day)


def _dossiers(env, company, client):
    project = _project(env, "Expedientes", company, accounting_share_dossier=True)
    task_model = env["project.task"]
    for name, state in (
        ("Abertura de filial", "01_in_progress"),
        (f"IRPF {fields.Date.context_today(task_model).year - 1}", "1_done"),
    ):
        if not task_model.search_count(
            [("project_id", "=", project.id), ("name", "=", name)], limit=1
        ):
            task_model.create(
                {
                    "name": name,
                    "project_id": project.id,
                    "partner_id": client.id,
                    "state": state,
                }
            )
    client.accounting_share_dossiers = "all"


def load(env, demo):
    company = env.ref("base.main_company")
    clients = demo["clients"]
    if not clients:
        return
    _holidays(env, company)
    _obligations(env, company, clients)
    _dossiers(env, company, clients[:1])
