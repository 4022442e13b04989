import calendar
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_reference_period, format_reference_period


class ResellerContract(models.Model):
    _name = "reseller.contract"
    _description = "Billing Contract"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "name desc, id desc"

    name = fields.Char(
        string="Code", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        tracking=True,
        index=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("trial", "Trial"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("cancelled", "Cancelled"),
        ],
        default="trial",
        required=True,
        readonly=True,
        tracking=True,
        group_expand=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        domain="[('sale_ok', '=', True)]",
    )
    description = fields.Char(
        help="Printed on each invoice line; the service name is used when empty.",
    )
    amount = fields.Monetary(string="Monthly Amount", required=True, tracking=True)
    billing_day = fields.Integer(
        default=1,
        required=True,
        help="Day of the month the invoice is issued; the due date follows the "
        "payment term.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date")
    payment_term_id = fields.Many2one("account.payment.term")
    gateway_id = fields.Many2one(
        "reseller.billing.gateway",
        string="Payment Gateway",
        default=lambda self: self.env["reseller.billing.gateway"].search(
            [("company_id", "in", [False, self.env.company.id])], limit=1
        ),
    )
    invoice_ids = fields.One2many(
        "account.move", "reseller_contract_id", string="Invoices", readonly=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    prorate_first_invoice = fields.Boolean(
        string="Pro Rata First Invoice",
        help="A contract starting after the 1st bills its first month only for "
        "the days it runs, shown on the invoice line.",
    )
    invoicing_failed_date = fields.Date(
        string="Invoicing Failed On",
        readonly=True,
        copy=False,
        help="Day the recurring run last could not invoice this billing contract "
        "(the reason is in the chatter). The run tries it again the next day, or "
        "as soon as the contract is changed.",
    )

    _sql_constraints = (
        (
            "billing_day_range",
            "CHECK(billing_day BETWEEN 1 AND 28)",
            "The billing day must lie between 1 and 28.",
        ),
        (
            "amount_positive",
            "CHECK(amount > 0)",
            "The monthly amount must be positive.",
        ),
    )

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("reseller_contract_id", "in", self.ids)],
                ["reseller_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        # EXTENDS base
        for contract in self:
            contract.display_name = (
                f"{contract.name} - {contract.partner_id.name}"
                if contract.partner_id
                else contract.name
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    _(
                        "Contract %(name)s ends before it starts.",
                        name=contract.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("reseller.contract")
        return super().create(vals_list)

    def write(self, vals):
        # EXTENDS base: a billing contract that staff changed after a failed
        # invoicing is tried again by the next run, not only the next day.
        if "invoicing_failed_date" not in vals:
            vals = dict(vals, invoicing_failed_date=False)
        return super().write(vals)

    # ------------------------------------------------------------------
    # State buttons
    # ------------------------------------------------------------------
    def _set_state(self, new_state, allowed_from):
        self.check_access("write")
        for contract in self:
            if contract.state not in allowed_from:
                raise UserError(
                    _(
                        "Contract %(name)s cannot go from %(old)s to %(new)s.",
                        name=contract.display_name,
                        old=dict(self._fields["state"].selection)[contract.state],
                        new=dict(self._fields["state"].selection)[new_state],
                    )
                )
        self.write({"state": new_state})

    def action_activate(self):
        self._set_state("active", ("trial", "suspended"))

    def action_suspend(self):
        self._set_state("suspended", ("active",))

    def action_cancel(self):
        self._set_state("cancelled", ("trial", "active", "suspended"))

    def action_reset_trial(self):
        self._set_state("trial", ("cancelled",))

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("reseller_contract_id", "=", self.id)]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_partner_id": self.partner_id.id,
            "default_reseller_contract_id": self.id,
        }
        return action

    def action_create_invoice(self):
        """Invoice the current month for these contracts (button)."""
        self.check_access("write")
        today = fields.Date.context_today(self)
        moves = self._create_invoices(today.month, today.year)
        if not moves:
            raise UserError(_("These contracts are already invoiced for this month."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", moves.ids)]
        if len(moves) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=moves.id,
            )
        return action

    # ------------------------------------------------------------------
    # Recurring invoicing, in small overridable steps
    # ------------------------------------------------------------------
    @api.model
    def _period_bounds(self, month, year):
        last_day = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last_day)

    @api.model
    def _get_contracts_to_invoice_domain(self, month, year):
        """Active contracts running during the period and not yet invoiced for it."""
        first_day, last_day = self._period_bounds(month, year)
        reference_month, reference_year = format_reference_period(month, year)
        return [
            ("state", "=", "active"),
            ("date_start", "<=", last_day),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", first_day),
            "!",
            (
                "invoice_ids",
                "any",
                [
                    ("reference_month", "=", reference_month),
                    ("reference_year", "=", reference_year),
                    ("state", "!=", "cancel"),
                ],
            ),
        ]

    @api.model
    def _get_billing_day_reached_domain(self, month, year):
        """Contracts whose billing day of the period has come.

        The run waits for that day rather than date an invoice in the future: a
        past period is due in full, a future one not at all.
        """
        today = fields.Date.context_today(self)
        if (year, month) < (today.year, today.month):
            return []
        if (year, month) > (today.year, today.month):
            return [("id", "=", False)]
        return [("billing_day", "<=", today.day)]

    def _check_invoiceable(self):
        """Only active contracts are invoiced, whatever the entry point (button,
        wizard, recurring run, an invoice made by hand or over RPC)."""
        not_active = self.filtered(lambda c: c.state != "active")
        if not_active:
            raise UserError(
                _(
                    "Only active contracts can be invoiced. Not active: %(names)s.",
                    names=", ".join(not_active.mapped("display_name")),
                )
            )

    def _get_invoice_date(self, month, year):
        """The billing day of the period, never later than today.

        The monthly run waits for the billing day; a button pressed before it
        bills the current month today, as an invoice cannot be dated ahead.
        """
        self.ensure_one()
        first_day, _last_day = self._period_bounds(month, year)
        today = fields.Date.context_today(self)
        return min(first_day.replace(day=self.billing_day), today)

    def _prepare_invoice_values(self, month, year):
        self.ensure_one()
        invoice_date = self._get_invoice_date(month, year)
        reference_month, reference_year = format_reference_period(month, year)
        label = self.description or self.product_id.display_name
        values = {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": invoice_date,
            "invoice_payment_term_id": self.payment_term_id.id,
            "reseller_contract_id": self.id,
            "reference_month": reference_month,
            "reference_year": reference_year,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": self.product_id.id,
                        "name": f"{label} - {reference_month}/{reference_year}"
                        + self._prorate_label(month, year),
                        "quantity": 1.0,
                        "price_unit": self._get_period_amount(month, year),
                    },
                )
            ],
        }
        if not self.payment_term_id:
            # Without a term account falls back to the creation day, which may
            # precede the invoice date: fall due on the invoice date instead.
            values["invoice_date_due"] = invoice_date
        return values

    def _prorate_days(self, month, year):
        """(days billed, days in month) of a pro rata first month, else None."""
        self.ensure_one()
        start = self.date_start
        if not (
            self.prorate_first_invoice
            and (start.year, start.month) == (year, month)
            and start.day > 1
        ):
            return None
        month_days = calendar.monthrange(year, month)[1]
        return month_days - start.day + 1, month_days

    def _get_period_amount(self, month, year):
        prorate = self._prorate_days(month, year)
        if not prorate:
            return self.amount
        return self.currency_id.round(self.amount * prorate[0] / prorate[1])

    def _prorate_label(self, month, year):
        prorate = self._prorate_days(month, year)
        if not prorate:
            return ""
        return _(
            " (pro rata: %(days)s of %(total)s days)", days=prorate[0], total=prorate[1]
        )

    def _lock_for_invoicing(self):
        """Row-lock the contracts; those locked by a concurrent run are skipped."""
        if not self:
            return self
        self.env.cr.execute(
            "SELECT id FROM reseller_contract WHERE id IN %s FOR UPDATE SKIP LOCKED",
            [tuple(self.ids)],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _create_invoices(self, month, year, post=True):
        """Create and post one invoice per contract for the period, in one batch.

        Contracts already invoiced for the period are skipped, so that a repeated
        call creates nothing; the unique index on account.move is the last guard.
        """
        check_reference_period(self.env, month, year)
        self._check_invoiceable()
        contracts = self._lock_for_invoicing()
        if not contracts:
            return self.env["account.move"]
        # Pending cancellations must reach the unique index before the insert.
        self.env["account.move"].flush_model(
            ["state", "reseller_contract_id", "reference_month", "reference_year"]
        )
        # Re-read after the lock: another run may have committed in between.
        contracts = contracts.filtered_domain(
            self._get_contracts_to_invoice_domain(month, year)
        )
        if not contracts:
            return self.env["account.move"]
        vals_list = [c._prepare_invoice_values(month, year) for c in contracts]
        moves = self.env["account.move"].create(vals_list)
        if post:
            moves.action_post()
        return moves
