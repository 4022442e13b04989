import calendar
from datetime import date, datetime, time, timedelta

import psycopg2
from dateutil.relativedelta import relativedelta
from pytz import timezone

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
# The kind of dispatch that fulfils each kind of obligation: a declaration receipt is
# sent as a plain attachment, a report as its publication.
DISPATCH_TYPE_BY_DOCUMENT_TYPE = {
    "guia": "guia",
    "report": "publication",
    "receipt": "attachment",
}
# One generation at a time per database: a second run finds the lock taken and leaves
# the period to the first (see _acquire_generation_lock).
GENERATION_LOCK_KEY = "accounting_share.obligation.generation"
# Days looked at around a deadline to find business days: wide enough for a target
# of twenty business days before a deadline that moves across long holidays.
BUSINESS_DAY_WINDOW = 60
GENERATION_BATCH_SIZE = 2000


class AccountingShareObligation(models.Model):
    """An obligation the office fulfils for its clients each period (DAS, FGTS...)."""

    _name = "accounting.share.obligation"
    _description = "Client Obligation"
    _order = "sequence, name, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    project_id = fields.Many2one(
        "project.project",
        required=True,
        check_company=True,
        help="The project in which each period's tasks are created.",
    )
    periodicity = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
    )
    due_day = fields.Integer(
        required=True,
        default=20,
        help="Legal due day, in the month after the period. A day the month does not "
        "have (31 in April) is the month's last day.",
    )
    due_month = fields.Integer(
        help="Yearly obligations: the month, of the year after the period, in which "
        "the obligation is due."
    )
    business_day_rule = fields.Selection(
        [("anticipate", "Anticipate"), ("postpone", "Postpone")],
        required=True,
        default="anticipate",
        help="When the legal deadline is not a business day.",
    )
    target_business_days = fields.Integer(
        string="Internal Target (business days)",
        default=2,
        help="The office's own deadline: this many business days before the legal one.",
    )
    document_type = fields.Selection(
        [
            ("guia", "Payment Slip (Guia)"),
            ("report", "Report"),
            ("receipt", "Declaration Receipt"),
        ],
        required=True,
        default="guia",
        help="The document that fulfils the obligation once sent to the client.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients",
        domain=[("is_company", "=", True)],
    )

    _sql_constraints = (
        ("due_day_range", "CHECK(due_day BETWEEN 1 AND 31)", "The due day is 1 to 31."),
        (
            "target_business_days_positive",
            "CHECK(target_business_days >= 0)",
            "The internal target cannot be after the legal deadline.",
        ),
    )

    @api.constrains("periodicity", "due_month")
    def _check_due_month(self):
        for obligation in self:
            if obligation.periodicity == "yearly" and not (
                1 <= obligation.due_month <= 12
            ):
                raise ValidationError(
                    _("A yearly obligation needs a due month, 1 to 12.")
                )

    # ------------------------------------------------------------------
    # Periods and deadlines
    # ------------------------------------------------------------------

    def _get_period_start(self, day):
        """The first day of the period that contains `day`."""
        self.ensure_one()
        months = PERIOD_MONTHS[self.periodicity]
        month = (day.month - 1) // months * months + 1
        return date(day.year, month, 1)

    def _get_nominal_deadline(self, period_start):
        """The legal due date before the business-day rule."""
        self.ensure_one()
        after_period = period_start + relativedelta(
            months=PERIOD_MONTHS[self.periodicity]
        )
        if self.periodicity == "yearly":
            after_period = after_period.replace(month=self.due_month)
        last_day = calendar.monthrange(after_period.year, after_period.month)[1]
        return after_period.replace(day=min(self.due_day, last_day))

    def _get_business_days(self, start, end):
        """The set of business days between two dates, from the company's calendar
        and its public holidays (global `resource.calendar.leaves`)."""
        self.ensure_one()
        work_calendar = self.company_id.resource_calendar_id
        if not work_calendar:
            return {
                start + timedelta(days=offset)
                for offset in range((end - start).days + 1)
                if (start + timedelta(days=offset)).weekday() < 5
            }
        tz = timezone(work_calendar.tz or "UTC")
        intervals = work_calendar._work_intervals_batch(
            tz.localize(datetime.combine(start, time.min)),
            tz.localize(datetime.combine(end, time.max)),
        )[False]
        return {interval[0].date() for interval in intervals}

    def _get_deadlines(self, period_start):
        """(legal deadline, internal target) of the period starting `period_start`."""
        self.ensure_one()
        nominal = self._get_nominal_deadline(period_start)
        window = timedelta(days=BUSINESS_DAY_WINDOW)
        business_days = sorted(
            self._get_business_days(nominal - window, nominal + window)
        )
        if self.business_day_rule == "postpone":
            deadline = next((d for d in business_days if d >= nominal), nominal)
        else:
            deadline = next(
                (d for d in reversed(business_days) if d <= nominal), nominal
            )
        before = [d for d in business_days if d < deadline]
        target = deadline
        if self.target_business_days:
            target = (
                before[-self.target_business_days]
                if len(before) >= self.target_business_days
                else deadline - timedelta(days=self.target_business_days)
            )
        return deadline, target

    # ------------------------------------------------------------------
    # Generation: one task per client, obligation and period
    # ------------------------------------------------------------------

    @api.model
    def _get_generation_domain(self):
        return [("active", "=", True), ("partner_ids", "!=", False)]

    def _get_dispatch_document_type(self):
        """The kind of `accounting.share.dispatch` that fulfils this obligation."""
        self.ensure_one()
        return DISPATCH_TYPE_BY_DOCUMENT_TYPE[self.document_type]

    def _get_existing_keys(self, period_by_obligation):
        """The (obligation id, partner id) pairs that already have their task."""
        groups = (
            self.env["project.task"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("obligation_id", "in", self.ids),
                    (
                        "obligation_period",
                        "in",
                        list(set(period_by_obligation.values())),
                    ),
                ],
                ["obligation_id", "partner_id", "obligation_period:day"],
            )
        )
        return {
            (obligation.id, partner.id)
            for obligation, partner, period in groups
            if period_by_obligation.get(obligation.id) == period
        }

    def _get_missing_pairs(self, day):
        """[(obligation, partner)] without a task for the period containing `day`."""
        period_by_obligation = {o.id: o._get_period_start(day) for o in self}
        existing = self._get_existing_keys(period_by_obligation)
        return [
            (obligation, partner)
            for obligation in self
            for partner in obligation.partner_ids.commercial_partner_id
            if (obligation.id, partner.id) not in existing
        ]

    def _prepare_task_values(self, partner, period_start, deadlines):
        self.ensure_one()
        deadline, target = deadlines
        return {
            "name": f"{self.code} {period_start:%m/%Y} - {partner.name}",
            "project_id": self.project_id.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "obligation_id": self.id,
            "obligation_period": period_start,
            "date_deadline": datetime.combine(deadline, time(12)),
            "obligation_target_date": target,
            "user_ids": [],
        }

    def _prepare_tasks_values(self, pairs, day):
        deadlines = {}
        vals_list = []
        for obligation, partner in pairs:
            period_start = obligation._get_period_start(day)
            if obligation not in deadlines:
                deadlines[obligation] = obligation._get_deadlines(period_start)
            vals_list.append(
                obligation._prepare_task_values(
                    partner, period_start, deadlines[obligation]
                )
            )
        return vals_list

    @api.model
    def _acquire_generation_lock(self):
        """True when this transaction may generate; False while another one does.

        A transaction-level advisory lock, tried rather than waited for: a second run
        started meanwhile neither waits for the first nor collides with it on the
        unique index, and the first run creates the period's tasks.
        """
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", GENERATION_LOCK_KEY)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _create_tasks(self, vals_list):
        """One batched create; a concurrent run that created them first wins.

        The unique index refuses a second task for a client, obligation and period.
        Our snapshot then predates that run's commit (REPEATABLE READ): this batch
        adds nothing, and the next transaction finds the tasks done.
        """
        task_model = self.env["project.task"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        try:
            with self.env.cr.savepoint():
                return task_model.create(vals_list)
        except psycopg2.IntegrityError:
            return task_model.browse()

    def _generate_tasks(self, day=None, batch_size=GENERATION_BATCH_SIZE):
        """Create one batch of the period's missing tasks: (created, remaining).

        For these obligations, or for every active one when called on none. While
        another transaction generates, nothing is created and `remaining` is None.
        """
        day = day or fields.Date.context_today(self)
        domain = self._get_generation_domain()
        if self:
            domain = [("id", "in", self.ids), *domain]
        obligations = self.with_context(active_test=False).search(domain)
        if not self._acquire_generation_lock():
            return self.env["project.task"].browse(), None
        missing = obligations._get_missing_pairs(day)
        batch = missing[:batch_size]
        tasks = self._create_tasks(self._prepare_tasks_values(batch, day))
        return tasks, len(missing) - len(batch)

    @api.model
    def _cron_generate_tasks(self):
        # sudo: the scheduled run serves every company's clients.
        tasks, remaining = self.sudo().browse()._generate_tasks()
        # Another run holds the period: it finishes it; the next schedule checks.
        self.env["ir.cron"]._notify_progress(done=len(tasks), remaining=remaining or 0)
        return tasks

    def _get_obligations_to_generate(self):
        """The selected obligations, else every active one of the allowed companies,
        as the current user may read them."""
        if self:
            self.check_access("read")
            return self.filtered("active")
        return self.search([("company_id", "in", self.env.companies.ids)])

    def action_generate_tasks(self):
        """Staff: generate the current period of the selected obligations (of all
        the active ones of the allowed companies when none is selected)."""
        self.env["project.task"].check_access("create")
        obligations = self._get_obligations_to_generate()
        tasks = self.env["project.task"].browse()
        remaining = bool(obligations)
        # sudo: the clients' tasks are created in the obligation's project, which
        # the staff member may not follow; the obligations were checked above.
        while obligations and remaining:
            more, remaining = obligations.sudo()._generate_tasks()
            if remaining is None:
                return self._notification(
                    _("Another generation is running: try again in a moment."),
                    "warning",
                )
            tasks |= more
            if not more:
                break
        return self._notification(
            _(
                "%(count)s tasks created for %(obligations)s obligations "
                "(current period).",
                count=len(tasks),
                obligations=len(obligations),
            ),
            "success",
        )

    @api.model
    def _notification(self, message, notification_type):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": notification_type,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
