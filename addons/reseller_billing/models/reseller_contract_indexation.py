import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResellerContract(models.Model):
    """Yearly readjustment of the amount by an index, or a fixed percentage."""

    # _name as well: the contract's steps are split over files to keep each
    # under the house's size limit, which pylint-odoo would ask to merge.
    _name = "reseller.contract"
    _inherit = "reseller.contract"

    readjustment_index_id = fields.Many2one(
        "reseller.billing.index",
        tracking=True,
        help="IPCA, IGP-M, INPC...: the amount rises by its last 12 months.",
    )
    readjustment_fixed_rate = fields.Float(
        string="Fixed Readjustment (%)",
        digits=(12, 4),
        tracking=True,
        help="Used when no index is set.",
    )
    readjustment_month = fields.Integer(
        string="Anniversary Month",
        default=lambda self: fields.Date.context_today(self).month,
        help="Month (1 to 12) in which the amount is readjusted every year.",
    )
    readjustment_ids = fields.One2many(
        "reseller.contract.readjustment",
        "contract_id",
        string="Readjustments",
        readonly=True,
    )
    readjustment_blocked_date = fields.Date(
        string="Readjustment Blocked Since",
        readonly=True,
        copy=False,
        help="Last day the yearly readjustment could not run (a missing or "
        "unconfirmed index month). It is tried again on the next daily run.",
    )

    _sql_constraints = (
        (
            "readjustment_month_range",
            "CHECK(readjustment_month BETWEEN 1 AND 12)",
            "The anniversary month must lie between 1 and 12.",
        ),
    )

    @api.model
    def _get_contracts_to_readjust_domain(self, anniversary):
        """Contracts a year old whose anniversary it is, not yet readjusted."""
        return [
            ("state", "in", ("active", "suspended")),
            ("readjustment_month", "=", anniversary.month),
            ("date_start", "<", anniversary - relativedelta(months=11)),
            "|",
            ("readjustment_index_id", "!=", False),
            ("readjustment_fixed_rate", "!=", 0),
            "!",
            ("readjustment_ids", "any", [("anniversary_year", "=", anniversary.year)]),
            "|",
            ("readjustment_blocked_date", "=", False),
            ("readjustment_blocked_date", "!=", fields.Date.context_today(self)),
        ]

    @api.model
    def _readjustment_months(self, anniversary):
        """The 12 index months before the anniversary month, oldest first."""
        return [anniversary - relativedelta(months=back) for back in range(12, 0, -1)]

    def _get_index_rates(self, months):
        """{(index, month): rate line} for these contracts' indexes, one query."""
        lines = self.env["reseller.billing.index.rate"].search(
            [
                ("index_id", "in", self.readjustment_index_id.ids),
                ("month", "in", months),
            ]
        )
        return {(line.index_id, line.month): line for line in lines}

    def _compute_readjustment(self, anniversary, rates):
        """(factor, months text) for one contract; UserError when it cannot."""
        self.ensure_one()
        index = self.readjustment_index_id
        if not index:
            return 1 + self.readjustment_fixed_rate / 100, ""
        factor = 1.0
        for month in self._readjustment_months(anniversary):
            line = rates.get((index, month))
            if not line:
                raise UserError(
                    _(
                        "Readjustment blocked: %(index)s has no rate for %(month)s.",
                        index=index.name,
                        month=month.strftime("%m/%Y"),
                    )
                )
            if line.needs_confirmation and not line.confirmed:
                raise UserError(
                    _(
                        "Readjustment blocked: the %(index)s rate of %(rate)s%% "
                        "for %(month)s needs confirmation.",
                        index=index.name,
                        rate=line.rate,
                        month=month.strftime("%m/%Y"),
                    )
                )
            factor *= 1 + line.rate / 100
        months = self._readjustment_months(anniversary)
        return factor, f"{months[0]:%m/%Y}-{months[-1]:%m/%Y}"

    def _readjust(self, anniversary):
        """Readjust each contract, or note for staff why it cannot be."""
        rates = self._get_index_rates(self._readjustment_months(anniversary))
        done = self.env["reseller.contract.readjustment"]
        for contract in self:
            try:
                factor, months = contract._compute_readjustment(anniversary, rates)
            except UserError as error:
                contract._note_readjustment_blocked(error)
                continue
            done |= contract._apply_readjustment(anniversary, factor, months)
        return done

    def _note_readjustment_blocked(self, error):
        """Tell staff why the readjustment waits; the daily run tries it again.

        The chatter gets each day's reason; a to-do activity is scheduled once,
        when the contract becomes blocked, so that a block lasting weeks does not
        pile up activities. The "Readjustment Blocked" filter lists them all.
        """
        self.ensure_one()
        newly_blocked = not self.readjustment_blocked_date
        self.readjustment_blocked_date = fields.Date.context_today(self)
        self.message_post(body=str(error))
        if newly_blocked:
            responsible = self.create_uid if self.create_uid._is_internal() else None
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Readjustment blocked"),
                note=str(error),
                user_id=(responsible or self.env.user).id,
            )

    def _apply_readjustment(self, anniversary, factor, months):
        """Record the readjustment, change the amount and tell the client."""
        self.ensure_one()
        new_amount = self.currency_id.round(self.amount * factor)
        # Elevated: the history is written by the readjustment only; no group
        # may create or edit it by hand.
        readjustment_sudo = (
            self.env["reseller.contract.readjustment"]
            .sudo()
            .create(
                {
                    "contract_id": self.id,
                    "date": fields.Date.context_today(self),
                    "anniversary_year": anniversary.year,
                    "index_id": self.readjustment_index_id.id,
                    "rate": round((factor - 1) * 100, 4),
                    "months_used": months,
                    "old_amount": self.amount,
                    "new_amount": new_amount,
                }
            )
        )
        self.write({"amount": new_amount, "readjustment_blocked_date": False})
        self.message_post_with_source(
            "reseller_billing.mail_template_reseller_readjusted",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
        return readjustment_sudo

    def _readjust_before_invoicing(self, month, year):
        """Readjust, and announce, before the anniversary month's invoice.

        The daily readjustment may not have run yet when the billing day comes;
        a contract it cannot readjust is still invoiced, at its current amount.
        """
        today = fields.Date.context_today(self)
        if (year, month) != (today.year, today.month):
            return self.env["reseller.contract.readjustment"]
        anniversary = today.replace(day=1)
        return self.filtered_domain(
            self._get_contracts_to_readjust_domain(anniversary)
        )._readjust(anniversary)

    @api.model
    def _cron_readjust_contracts(self, batch_size=200):
        """One batch of this month's readjustments (scheduled action, daily)."""
        anniversary = fields.Date.context_today(self).replace(day=1)
        domain = self._get_contracts_to_readjust_domain(anniversary)
        contracts = self.search(domain, limit=batch_size, order="id")
        readjustments = contracts._readjust(anniversary)
        self.env["ir.cron"]._notify_progress(
            done=len(contracts), remaining=self.search_count(domain)
        )
        return readjustments
