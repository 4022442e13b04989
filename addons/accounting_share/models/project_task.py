from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

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

    def _compute_access_url(self):
        # EXTENDS project: obligations and dossiers live on the portal pages of their
        # own (Odoo's task pages answer 404 for them), so notifications lead there.
        result = super()._compute_access_url()
        for task in self:
            if task.obligation_id and task.date_deadline:
                task.access_url = f"/my/obligations?period={task.date_deadline:%Y-%m}"
            elif task.accounting_share_dossier:
                task.access_url = f"/my/dossiers/{task.id}"
        return result

    def action_obligation_send(self):
        """Send the document that fulfils the obligation to the client's portal.

        A guia or a declaration receipt is the task's latest attachment; a report is
        the client's published report of the period.
        """
        self.ensure_one()
        self.check_access("write")
        if not self.obligation_id:
            raise AccessError(_("Only obligation tasks are sent this way."))
        document_type = self.obligation_id._get_dispatch_document_type()
        source = self._get_obligation_document(document_type)
        dispatch_model = self.env["accounting.share.dispatch"]
        values = dispatch_model._prepare_dispatch_values(
            source, self.partner_id, document_type, f"{self.obligation_period:%Y-%m}"
        )
        values.update(
            obligation_id=self.obligation_id.id,
            obligation_period=self.obligation_period,
        )
        if document_type == "guia" and self.date_deadline:
            values["due_date"] = self.date_deadline.date()
        dispatch = dispatch_model.create(values)
        dispatch._send()
        return {
            "type": "ir.actions.act_window",
            "res_model": dispatch._name,
            "res_id": dispatch.id,
            "view_mode": "form",
        }

    def _get_obligation_document(self, document_type):
        """What a dispatch of `document_type` sends for this task."""
        self.ensure_one()
        if document_type == "publication":
            publication = self.env["accounting.share.publication"].search(
                [
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                    ("state", "=", "published"),
                    ("date_from", "<=", self.obligation_period),
                    ("date_to", ">=", self.obligation_period),
                ],
                order="date_to desc, id desc",
                limit=1,
            )
            if not publication:
                raise UserError(
                    _(
                        "Publish the client's report of %(period)s first: this "
                        "obligation is fulfilled by a published report.",
                        period=f"{self.obligation_period:%m/%Y}",
                    )
                )
            return publication
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            order="id desc",
            limit=1,
        )
        if not attachment:
            raise UserError(_("Attach the document to send to the task first."))
        return attachment

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
        """Close the open obligation tasks that these sent dispatches fulfil: same
        client, obligation and period, and the kind of document it asks for."""
        keys = {
            (
                d.partner_id.commercial_partner_id.id,
                d.obligation_id.id,
                d.obligation_period,
            ): d
            for d in dispatches
            if d.obligation_id
            and d.obligation_period
            # Only the document the obligation asks for fulfils it.
            and d.document_type == d.obligation_id._get_dispatch_document_type()
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
    def _accounting_share_month_obligations_domain(self, partner, month_start):
        """The client's obligations due in the month starting `month_start`.

        An obligation shows in the month of its legal deadline, whatever its period:
        March's DAS and the first quarter's IRPJ are both April's, a yearly one is
        the month it falls due in.
        """
        month_end = month_start + relativedelta(months=1)
        return [
            # The client's own company only; and no child_of walk, so a count
            # of these is one query.
            ("partner_id.commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("obligation_id", "!=", False),
            ("date_deadline", ">=", datetime.combine(month_start, time.min)),
            ("date_deadline", "<", datetime.combine(month_end, time.min)),
        ]

    @api.model
    def _accounting_share_portal_obligations(self, partner, month_start):
        """The obligations due in the client's month, as the portal user reads them."""
        tasks = self.search_fetch(
            self._accounting_share_month_obligations_domain(partner, month_start),
            [
                "name",
                "date_deadline",
                "obligation_id",
                "obligation_period",
                "obligation_dispatch_id",
            ],
            order="date_deadline, id",
        )
        tasks.obligation_id.fetch(["name", "code"])
        tasks.obligation_dispatch_id.fetch(["sent_date", "file_id", "first_read_date"])
        tasks.obligation_dispatch_id.file_id.fetch(["name"])
        return tasks

    @api.model
    def _accounting_share_dossiers_domain(self, partner):
        # The sharing choice (open / all) is the record rule's.
        return [
            ("partner_id.commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("accounting_share_dossier", "=", True),
        ]

    @api.model
    def _accounting_share_portal_dossiers(self, partner, limit=None, offset=0):
        tasks = self.search(
            self._accounting_share_dossiers_domain(partner),
            order="date_deadline, id",
            limit=limit,
            offset=offset,
        )
        tasks.fetch(["name", "date_deadline", "stage_id", "state", "user_ids"])
        tasks.stage_id.fetch(["name"])
        return tasks
