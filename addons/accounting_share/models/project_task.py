from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.project.models.project_task import CLOSED_STATES

# Which obligation, period and dispatch a task stands for: set by the generation and
# the sending code only, never over RPC.
OBLIGATION_FIELDS = frozenset(
    {
        "obligation_id",
        "obligation_period",
        "obligation_target_date",
        "obligation_dispatch_id",
    }
)


class ProjectTask(models.Model):
    """Tasks as the office's obligations of a period, and as client dossiers."""

    # The protected-fields mixin is added to an existing model: _name is kept.
    _name = "project.task"
    _inherit = ("project.task", "reseller.protected.fields.mixin")

    obligation_id = fields.Many2one(
        "accounting.share.obligation",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
    obligation_period = fields.Date(
        string="Period", readonly=True, help="The first day of the period."
    )
    obligation_target_date = fields.Date(string="Internal Target", readonly=True)
    obligation_dispatch_id = fields.Many2one(
        "accounting.share.dispatch",
        string="Closing Dispatch",
        readonly=True,
        help="The sending of the document that fulfilled the obligation.",
    )
    obligation_status = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent")],
        compute="_compute_obligation_status",
    )
    # Stored: the portal searches it, and cannot read the office's projects.
    accounting_share_dossier = fields.Boolean(
        related="project_id.accounting_share_dossier", store=True, index=True
    )

    _sql_constraints = (
        (
            "obligation_period_unique",
            "UNIQUE(partner_id, obligation_id, obligation_period)",
            "This client already has a task for this obligation and period.",
        ),
    )

    @api.depends("obligation_dispatch_id")
    def _compute_obligation_status(self):
        for task in self:
            task.obligation_status = (
                "sent" if task.obligation_dispatch_id else "pending"
            )

    def action_obligation_send(self):
        """Send the task's latest attachment (the guia...) to the client's portal."""
        self.ensure_one()
        self.check_access("write")
        if not self.obligation_id:
            raise AccessError(_("Only obligation tasks are sent this way."))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            order="id desc",
            limit=1,
        )
        if not attachment:
            raise AccessError(_("Attach the document to send to the task first."))
        dispatch_model = self.env["accounting.share.dispatch"]
        values = dispatch_model._prepare_dispatch_values(
            attachment, self.partner_id, "attachment", f"{self.obligation_period:%Y-%m}"
        )
        values.update(
            obligation_id=self.obligation_id.id,
            obligation_period=self.obligation_period,
        )
        dispatch = dispatch_model.create(values)
        dispatch._send()
        return {
            "type": "ir.actions.act_window",
            "res_model": dispatch._name,
            "res_id": dispatch.id,
            "view_mode": "form",
        }

    @property
    def SELF_READABLE_FIELDS(self):
        # EXTENDS project: what the portal pages of obligations and dossiers show
        return super().SELF_READABLE_FIELDS | {
            "obligation_id",
            "obligation_period",
            "obligation_target_date",
            "obligation_dispatch_id",
            "obligation_status",
            "accounting_share_dossier",
        }

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | OBLIGATION_FIELDS

    @api.model
    def _accounting_share_close_by_dispatches(self, dispatches):
        """Close the open obligation tasks that these sent dispatches fulfil."""
        keys = {
            (
                d.partner_id.commercial_partner_id.id,
                d.obligation_id.id,
                d.obligation_period,
            ): d
            for d in dispatches
            if d.obligation_id and d.obligation_period
        }
        if not keys:
            return self.browse()
        domain = [("state", "not in", list(CLOSED_STATES))]
        domain += self._accounting_share_obligation_keys_domain(keys)
        # sudo: the dispatch was checked when it was sent; closing is its consequence.
        tasks_sudo = self.sudo().search(domain)
        by_dispatch = {}
        for task_sudo in tasks_sudo:
            key = (
                task_sudo.partner_id.id,
                task_sudo.obligation_id.id,
                task_sudo.obligation_period,
            )
            by_dispatch.setdefault(keys[key], self.sudo().browse())
            by_dispatch[keys[key]] |= task_sudo
        # One write per dispatch, not per task.
        for dispatch, dispatch_tasks_sudo in by_dispatch.items():
            dispatch_tasks_sudo.write(
                {"state": "1_done", "obligation_dispatch_id": dispatch.id}
            )
        return tasks_sudo

    @api.model
    def _accounting_share_obligation_keys_domain(self, keys):
        """The tasks of these (client id, obligation id, period) keys."""
        key_domains = [
            [
                "&",
                "&",
                ("partner_id", "=", partner_id),
                ("obligation_id", "=", obligation_id),
                ("obligation_period", "=", period),
            ]
            for partner_id, obligation_id, period in keys
        ]
        return ["|"] * (len(key_domains) - 1) + [
            leaf for key_domain in key_domains for leaf in key_domain
        ]

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    @api.model
    def _accounting_share_portal_obligations(self, partner, period_start):
        """The obligations of the client's period, as the portal user reads them."""
        period_end = period_start + relativedelta(months=1)
        tasks = self.search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("obligation_id", "!=", False),
                ("obligation_period", ">=", period_start),
                ("obligation_period", "<", period_end),
            ],
            order="date_deadline, id",
        )
        tasks.fetch(
            ["name", "date_deadline", "obligation_id", "obligation_dispatch_id"]
        )
        tasks.obligation_id.fetch(["name", "code"])
        tasks.obligation_dispatch_id.fetch(["sent_date", "file_id"])
        return tasks

    @api.model
    def _accounting_share_portal_dossiers(self, partner):
        tasks = self.search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("accounting_share_dossier", "=", True),
            ],
            order="date_deadline, id",
        )
        tasks.fetch(["name", "date_deadline", "stage_id", "state", "user_ids"])
        tasks.stage_id.fetch(["name"])
        return tasks
