from odoo import api, fields, models

TEMPLATE_BATCH_SIZE = 1000


class ResellerFileRequestTemplate(models.Model):
    _name = "reseller.file.request.template"
    _description = "File Center Recurring Document Request"
    _order = "name, id"

    name = fields.Char(string="Title", required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    instructions = fields.Text(translate=True)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients",
        domain=[("is_company", "=", True)],
    )
    day_of_month = fields.Integer(
        string="Request on Day",
        default=1,
        required=True,
        help="Every month, on this day, each client gets its request.",
    )
    due_day = fields.Integer(
        string="Due on Day",
        default=10,
        required=True,
        help="The day of the month the files are due; before the request day, "
        "it is in the following month.",
    )
    reminder_days_before = fields.Integer(string="Remind Days Before", default=3)
    reminder_after_due = fields.Boolean(string="Remind the Day After", default=True)
    request_ids = fields.One2many("reseller.file.request", "template_id")
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = (
        (
            "day_of_month_range",
            "CHECK(day_of_month BETWEEN 1 AND 28 AND due_day BETWEEN 1 AND 28)",
            "The request and due days are between 1 and 28.",
        ),
    )

    def _compute_request_count(self):
        counts = dict(
            self.env["reseller.file.request"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.request_count = counts.get(template, 0)

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reseller_files.reseller_file_request_action"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Monthly creation (cron)
    # ------------------------------------------------------------------

    @api.model
    def _get_templates_due_domain(self, today):
        return [("day_of_month", "<=", today.day)]

    def _prepare_request_values(self, partner, today):
        self.ensure_one()
        Request = self.env["reseller.file.request"]
        period = Request._reseller_period_of(today)
        return {
            "name": f"{self.name} {period}",
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "instructions": self.instructions,
            "due_date": Request._reseller_due_from(
                today, self.due_day, self.day_of_month
            ),
            "template_id": self.id,
            "period": period,
            "reminder_days_before": self.reminder_days_before,
            "reminder_after_due": self.reminder_after_due,
            "requester_id": self.create_uid.id,
        }

    def _reseller_missing_pairs(self, today):
        """(template, client) without a request for this month, in one query."""
        period = self.env["reseller.file.request"]._reseller_period_of(today)
        existing = self.env["reseller.file.request"]._read_group(
            [("template_id", "in", self.ids), ("period", "=", period)],
            ["template_id", "partner_id"],
        )
        done = {(template.id, partner.id) for template, partner in existing}
        return [
            (template, partner)
            for template in self
            for partner in template.partner_ids
            if (template.id, partner.id) not in done
        ]

    @api.model
    def _cron_create_requests(self, batch_size=TEMPLATE_BATCH_SIZE):
        """Create one batch of this month's requests of the due templates."""
        today = fields.Date.context_today(self)
        templates = self.search(self._get_templates_due_domain(today))
        pairs = templates._reseller_missing_pairs(today)
        batch = pairs[:batch_size]
        self.env["reseller.file.request"].create(
            [
                template._prepare_request_values(partner, today)
                for template, partner in batch
            ]
        )
        remaining = len(pairs) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining
