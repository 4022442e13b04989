from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# A monthly rate outside this band (percent) is kept but needs confirmation.
PLAUSIBLE_RATE_MIN = -5.0
PLAUSIBLE_RATE_MAX = 10.0


class ResellerBillingIndexRate(models.Model):
    """One month of an index, in percent; typed in or imported from CSV."""

    _name = "reseller.billing.index.rate"
    _description = "Readjustment Index Monthly Rate"
    _order = "index_id, month desc"
    _rec_name = "month"

    index_id = fields.Many2one(
        "reseller.billing.index", required=True, index=True, ondelete="cascade"
    )
    month = fields.Date(required=True, help="The first day of the month.")
    rate = fields.Float(string="Rate (%)", digits=(12, 4), required=True)
    needs_confirmation = fields.Boolean(
        compute="_compute_needs_confirmation",
        store=True,
        help="The rate lies outside -5% to +10% a month: a typo is likelier than "
        "a real rate, so it is not used until someone confirms it.",
    )
    confirmed = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = (
        (
            "index_month_uniq",
            "UNIQUE(index_id, month)",
            "An index has one rate per month.",
        ),
    )

    @api.depends("rate")
    def _compute_needs_confirmation(self):
        for line in self:
            line.needs_confirmation = not (
                PLAUSIBLE_RATE_MIN <= line.rate <= PLAUSIBLE_RATE_MAX
            )

    @api.constrains("month")
    def _check_month(self):
        for line in self:
            if line.month.day != 1:
                raise ValidationError(
                    _("An index rate is dated on the 1st of its month.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base: a CSV gives any day of the month; keep the month only.
        for vals in vals_list:
            vals.pop("confirmed", None)
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS base: a changed rate must be confirmed again.
        if "rate" in vals:
            vals = dict(vals, confirmed=False)
        return super().write(vals)

    def action_confirm_rate(self):
        """Staff vouch for a rate outside the plausible band."""
        self.check_access("write")
        self.write({"confirmed": True})
