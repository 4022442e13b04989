import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)


class ResellerContract(models.Model):
    """Suspension for non-payment and automatic resumption once paid.

    Only suspensions for an overdue slip are lifted by payment; a contract staff
    suspended by hand stays suspended until staff activate it.
    """

    # _name as well: the contract's steps are split over files to keep each
    # under the house's size limit, which pylint-odoo would ask to merge.
    _name = "reseller.contract"
    _inherit = "reseller.contract"

    suspension_reason = fields.Selection(
        [("manual", "Manual"), ("overdue", "Overdue Payment")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    suspended_date = fields.Date(readonly=True, copy=False)
    missed_months_policy = fields.Selection(
        [
            ("skip", "Skip the months missed"),
            ("invoice", "Invoice the months missed"),
        ],
        string="Months Missed While Suspended",
        default="skip",
        required=True,
        help="When a contract suspended for non-payment resumes: skip the months "
        "the service was off (default), or invoice them on resumption.",
    )

    # EXTENDS reseller_billing (reseller_contract.py)
    def action_suspend(self):
        result = super().action_suspend()
        self.write(
            {
                "suspension_reason": "manual",
                "suspended_date": fields.Date.context_today(self),
            }
        )
        return result

    def action_activate(self):
        # EXTENDS reseller_billing: a resumed contract has no suspension left.
        result = super().action_activate()
        self.write({"suspension_reason": False, "suspended_date": False})
        return result

    @api.model
    def _get_overdue_to_suspend(self):
        """Active contracts with a slip overdue past their company's delay."""
        today = fields.Date.context_today(self)
        groups = self.env["reseller.payment.slip"]._read_group(
            [
                ("state", "=", "registered"),
                ("date_due", "<", today),
                ("reseller_contract_id.state", "=", "active"),
            ],
            ["reseller_contract_id"],
            ["date_due:min"],
        )
        return self.browse(
            contract.id
            for contract, oldest_due in groups
            if contract.company_id.reseller_suspend_after_days
            and oldest_due
            + timedelta(days=contract.company_id.reseller_suspend_after_days)
            <= today
        )

    def _suspend_for_non_payment(self):
        """Suspend, note it in the chatter and tell the client by e-mail."""
        self.write(
            {
                "state": "suspended",
                "suspension_reason": "overdue",
                "suspended_date": fields.Date.context_today(self),
            }
        )
        template = self.env.ref("reseller_billing.mail_template_reseller_suspended")
        for contract in self:
            contract.message_post(
                body=_("Suspended for non-payment: a payment slip is overdue.")
            )
            contract.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=contract.partner_id.ids,
            )

    @api.model
    def _cron_suspend_overdue(self, batch_size=200):
        """One batch of suspensions for non-payment (scheduled action, daily)."""
        contracts = self._get_overdue_to_suspend()
        batch = contracts[:batch_size]
        batch._suspend_for_non_payment()
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(contracts) - len(batch)
        )
        return batch

    def _resume_if_settled(self):
        """Resume contracts suspended for non-payment with no overdue slip left."""
        suspended = self.filtered(
            lambda c: c.state == "suspended" and c.suspension_reason == "overdue"
        )
        if not suspended:
            return self.browse()
        today = fields.Date.context_today(self)
        still_overdue = {
            contract
            for [contract] in self.env["reseller.payment.slip"]._read_group(
                [
                    ("reseller_contract_id", "in", suspended.ids),
                    ("state", "=", "registered"),
                    ("date_due", "<", today),
                ],
                ["reseller_contract_id"],
            )
        }
        resumed = suspended.filtered(lambda c: c not in still_overdue)
        for contract in resumed:
            missed_from = contract.suspended_date
            contract.write(
                {"state": "active", "suspension_reason": False, "suspended_date": False}
            )
            contract.message_post(body=_("Resumed: every overdue slip is paid."))
            if contract.missed_months_policy == "invoice":
                contract._invoice_missed_months(missed_from)
        return resumed

    def _invoice_missed_months(self, missed_from):
        """Invoice each past month from the suspension to last month."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        period = missed_from.replace(day=1)
        while period < today.replace(day=1):
            self._create_invoices_one_by_one(period.month, period.year)
            period += relativedelta(months=1)
