from datetime import date, datetime, time, timedelta

from pytz import timezone

from .common import AccountingShareCommon

# Brazil's national holidays of 2026 (the ones the tests cross).
HOLIDAYS_2026 = [
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 21),
    date(2026, 5, 1),
    date(2026, 6, 4),
    date(2026, 9, 7),
    date(2026, 10, 12),
    date(2026, 11, 2),
    date(2026, 11, 20),
    date(2026, 12, 25),
]


class ObligationCommon(AccountingShareCommon):
    """Client A and B, a client with neither company nor portal user, obligations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work_calendar = cls.company.resource_calendar_id
        cls.work_calendar.tz = "America/Sao_Paulo"
        cls._add_holidays(cls.work_calendar, HOLIDAYS_2026)
        cls.client_c = cls.env["res.partner"].create(
            {"name": "Client C Without Portal", "is_company": True}
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Obligations",
                "privacy_visibility": "employees",
                "company_id": cls.company.id,
            }
        )
        # Only this test's obligations take part in the generation.
        cls.env["accounting.share.obligation"].sudo().search([]).active = False
        cls.das = cls._obligation("DAS", due_day=20)
        cls.fgts = cls._obligation("FGTS", due_day=20, business_day_rule="anticipate")

    @classmethod
    def _add_holidays(cls, work_calendar, days):
        tz = timezone(work_calendar.tz)
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": f"Holiday {day}",
                    "calendar_id": work_calendar.id,
                    "date_from": tz.localize(datetime.combine(day, time.min))
                    .astimezone(timezone("UTC"))
                    .replace(tzinfo=None),
                    "date_to": tz.localize(
                        datetime.combine(day + timedelta(days=1), time.min)
                    )
                    .astimezone(timezone("UTC"))
                    .replace(tzinfo=None)
                    - timedelta(seconds=1),
                }
                for day in days
            ]
        )

    @classmethod
    def _obligation(cls, code, **values):
        return cls.env["accounting.share.obligation"].create(
            {
                "name": code,
                "code": code,
                "company_id": cls.company.id,
                "project_id": cls.project.id,
                "partner_ids": [
                    (6, 0, (cls.client_a | cls.client_b | cls.client_c).ids)
                ],
                **values,
            }
        )

    @classmethod
    def _tasks(cls, obligations=None):
        return (
            cls.env["project.task"]
            .sudo()
            .with_context(active_test=False)
            .search([("obligation_id", "in", (obligations or cls.das | cls.fgts).ids)])
        )
