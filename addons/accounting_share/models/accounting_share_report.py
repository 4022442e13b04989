from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

CURRENT_ASSET_TYPES = (
    "asset_receivable",
    "asset_cash",
    "asset_current",
    "asset_prepayments",
)
NON_CURRENT_ASSET_TYPES = ("asset_non_current", "asset_fixed")
CURRENT_LIABILITY_TYPES = (
    "liability_payable",
    "liability_credit_card",
    "liability_current",
)
NON_CURRENT_LIABILITY_TYPES = ("liability_non_current",)
EQUITY_TYPES = ("equity", "equity_unaffected")
PROFIT_LOSS_TYPES = (
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
    "expense_other",
)
TREASURY_BUCKETS = ("overdue", "due_0_30", "due_31_60", "due_61_90", "due_over_90")
PROFIT_LOSS_COLUMNS = ("period", "period_previous", "ytd", "ytd_previous")
NEXT_MATURITIES_LIMIT = 10


class AccountingShareReport(models.AbstractModel):
    """Computes the shared reports of one client company.

    Every report is one or two parameterised SQL aggregates over the company's posted
    journal items, so its cost does not depend on the number of lines or accounts.
    The result is a plain JSON-serialisable dict: it is what a publication snapshots
    and what the portal, the PDF and the XLSX render, never the journal items.
    """

    _name = "accounting.share.report"
    _description = "Accounting Share Report Computation"

    @api.model
    def _get_report_types(self):
        return [
            ("profit_loss", _("Profit & Loss")),
            ("balance_sheet", _("Balance Sheet")),
            ("general_ledger", _("General Ledger")),
            ("ratios", _("Ratios")),
            ("taxes", _("Taxes")),
            ("treasury", _("Treasury")),
        ]

    @api.model
    def _get_labels(self):
        """Labels of the rows of every report, translated in the reader's language."""
        return {
            "revenue": _("Revenue"),
            "cost_of_revenue": _("Cost of Revenue"),
            "gross_profit": _("Gross Profit"),
            "operating_expenses": _("Operating Expenses"),
            "operating_profit": _("Operating Profit"),
            "other_income": _("Other Income"),
            "other_expenses": _("Other Expenses"),
            "net_profit": _("Net Profit"),
            "period": _("Period"),
            "period_previous": _("Period, Previous Year"),
            "ytd": _("Year to Date"),
            "ytd_previous": _("Year to Date, Previous Year"),
            "assets_current": _("Current Assets"),
            "assets_non_current": _("Non-current Assets"),
            "total_assets": _("Total Assets"),
            "liabilities_current": _("Current Liabilities"),
            "liabilities_non_current": _("Non-current Liabilities"),
            "total_liabilities": _("Total Liabilities"),
            "equity": _("Equity"),
            "current_year_earnings": _("Current Year Unallocated Earnings"),
            "total_equity": _("Total Equity"),
            "total_liabilities_equity": _("Total Liabilities and Equity"),
            "current_ratio": _("Current Ratio"),
            "quick_ratio": _("Quick Ratio"),
            "debt_to_equity": _("Debt to Equity"),
            "gross_margin": _("Gross Margin"),
            "net_margin": _("Net Margin"),
            "return_on_equity": _("Return on Equity"),
            "current_ratio_formula": _("Current assets / Current liabilities"),
            "quick_ratio_formula": _("(Cash + Receivables) / Current liabilities"),
            "debt_to_equity_formula": _("Total liabilities / Total equity"),
            "gross_margin_formula": _("Gross profit / Revenue"),
            "net_margin_formula": _("Net profit / Revenue"),
            "return_on_equity_formula": _("Net profit / Total equity"),
            "receivable": _("Receivables"),
            "payable": _("Payables"),
            "overdue": _("Overdue"),
            "due_0_30": _("0-30 days"),
            "due_31_60": _("31-60 days"),
            "due_61_90": _("61-90 days"),
            "due_over_90": _("Over 90 days"),
            "total": _("Total"),
            "base": _("Base"),
            "tax_amount": _("Tax"),
            "date": _("Date"),
            "entry": _("Entry"),
            "label": _("Label"),
            "partner": _("Partner"),
            "debit": _("Debit"),
            "credit": _("Credit"),
            "balance": _("Balance"),
            "opening": _("Opening Balance"),
            "closing": _("Closing Balance"),
            "next_maturities": _("Next Maturities"),
            "amount": _("Amount"),
        }

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------

    @api.model
    def _compute_report(self, company, report_type, date_from, date_to):
        """Return the data of `report_type` for `company` over the period."""
        self._check_company_access(company)
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if date_from and date_to and date_from > date_to:
            raise UserError(_("The start date must precede the end date."))
        method = getattr(self, f"_compute_{report_type}", None)
        if method is None:
            raise UserError(
                _("Unknown report type %(report_type)s.", report_type=report_type)
            )
        data = method(company, date_from, date_to)
        data.update(
            {
                "report_type": report_type,
                "company_name": company.name,
                "currency": company.currency_id.name,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            }
        )
        return data

    @api.model
    def _check_company_access(self, company):
        """The SQL below bypasses record rules: only members of the company may run it.

        This is what keeps company C out of a report asked for company B.
        """
        company.ensure_one()
        self.env["account.move.line"].check_access("read")
        if not self.env.su and (
            not self.env.user.has_group("account.group_account_readonly")
            or company not in self.env.user.company_ids
        ):
            raise AccessError(
                _(
                    "You are not allowed to read the accounting of %(company)s.",
                    company=company.name,
                )
            )

    def _round(self, company, amount):
        return company.currency_id.round(amount or 0.0)

    def _where_posted(self, company):
        return SQL(
            "l.company_id = %s AND l.parent_state = 'posted'",
            company.id,
        )

    # ------------------------------------------------------------------
    # Profit & loss
    # ------------------------------------------------------------------

    def _get_profit_loss_periods(self, company, date_from, date_to):
        fiscal_year_from = company.compute_fiscalyear_dates(date_to)["date_from"]
        year = relativedelta(years=1)
        return {
            "period": (date_from, date_to),
            "period_previous": (date_from - year, date_to - year),
            "ytd": (fiscal_year_from, date_to),
            "ytd_previous": (fiscal_year_from - year, date_to - year),
        }

    def _query_profit_loss_by_type(self, company, periods):
        columns = SQL(", ").join(
            SQL(
                "SUM(l.balance) FILTER (WHERE l.date BETWEEN %s AND %s)",
                periods[column][0],
                periods[column][1],
            )
            for column in periods
        )
        first_date = min(dates[0] for dates in periods.values())
        last_date = max(dates[1] for dates in periods.values())
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.account_type, %(columns)s
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND a.account_type IN %(types)s
                   AND l.date BETWEEN %(first_date)s AND %(last_date)s
              GROUP BY a.account_type
                """,
                columns=columns,
                where=self._where_posted(company),
                types=PROFIT_LOSS_TYPES,
                first_date=first_date,
                last_date=last_date,
            )
        )
        by_column = {
            column: dict.fromkeys(PROFIT_LOSS_TYPES, 0.0) for column in periods
        }
        for account_type, *amounts in self.env.cr.fetchall():
            for column, amount in zip(periods, amounts, strict=True):
                by_column[column][account_type] = amount or 0.0
        return by_column

    def _get_profit_loss_lines(self, company, by_type):
        """From balances per account type to the rows of the statement."""
        revenue = -by_type["income"]
        cost_of_revenue = by_type["expense_direct_cost"]
        gross_profit = revenue - cost_of_revenue
        operating_expenses = by_type["expense"] + by_type["expense_depreciation"]
        operating_profit = gross_profit - operating_expenses
        other_income = -by_type["income_other"]
        other_expenses = by_type["expense_other"]
        net_profit = operating_profit + other_income - other_expenses
        values = {
            "revenue": revenue,
            "cost_of_revenue": cost_of_revenue,
            "gross_profit": gross_profit,
            "operating_expenses": operating_expenses,
            "operating_profit": operating_profit,
            "other_income": other_income,
            "other_expenses": other_expenses,
            "net_profit": net_profit,
        }
        return {key: self._round(company, amount) for key, amount in values.items()}

    def _compute_profit_loss(self, company, date_from, date_to):
        periods = self._get_profit_loss_periods(company, date_from, date_to)
        by_column = self._query_profit_loss_by_type(company, periods)
        columns = {
            column: self._get_profit_loss_lines(company, by_column[column])
            for column in PROFIT_LOSS_COLUMNS
        }
        return {
            "columns": list(PROFIT_LOSS_COLUMNS),
            "column_dates": {
                column: [fields.Date.to_string(d) for d in periods[column]]
                for column in PROFIT_LOSS_COLUMNS
            },
            "rows": [
                "revenue",
                "cost_of_revenue",
                "gross_profit",
                "operating_expenses",
                "operating_profit",
                "other_income",
                "other_expenses",
                "net_profit",
            ],
            "totals": ["gross_profit", "operating_profit", "net_profit"],
            "values": columns,
        }

    # ------------------------------------------------------------------
    # Balance sheet
    # ------------------------------------------------------------------

    def _query_balance_by_type(self, company, date_at):
        """Balance per account type at a date, and the P&L part before the year."""
        fiscal_year_from = company.compute_fiscalyear_dates(date_at)["date_from"]
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.account_type,
                       SUM(l.balance),
                       SUM(l.balance) FILTER (WHERE l.date < %(fiscal_year_from)s)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND l.date <= %(date_at)s
                   AND a.account_type != 'off_balance'
              GROUP BY a.account_type
                """,
                where=self._where_posted(company),
                date_at=date_at,
                fiscal_year_from=fiscal_year_from,
            )
        )
        total = {}
        before_year = {}
        for account_type, balance, balance_before_year in self.env.cr.fetchall():
            total[account_type] = balance or 0.0
            before_year[account_type] = balance_before_year or 0.0
        return total, before_year

    def _get_balance_sheet_values(self, company, total, before_year):
        def sum_types(amounts, types):
            return sum(amounts.get(account_type, 0.0) for account_type in types)

        assets_current = sum_types(total, CURRENT_ASSET_TYPES)
        assets_non_current = sum_types(total, NON_CURRENT_ASSET_TYPES)
        liabilities_current = -sum_types(total, CURRENT_LIABILITY_TYPES)
        liabilities_non_current = -sum_types(total, NON_CURRENT_LIABILITY_TYPES)
        # Earnings of closed years belong to equity until allocated; this year's
        # earnings are shown on their own line, as in Odoo's own balance sheet.
        previous_years_earnings = -sum_types(before_year, PROFIT_LOSS_TYPES)
        current_year_earnings = -sum_types(total, PROFIT_LOSS_TYPES) - (
            previous_years_earnings
        )
        equity = -sum_types(total, EQUITY_TYPES) + previous_years_earnings
        values = {
            "assets_current": assets_current,
            "assets_non_current": assets_non_current,
            "total_assets": assets_current + assets_non_current,
            "liabilities_current": liabilities_current,
            "liabilities_non_current": liabilities_non_current,
            "total_liabilities": liabilities_current + liabilities_non_current,
            "equity": equity,
            "current_year_earnings": current_year_earnings,
            "total_equity": equity + current_year_earnings,
            "cash_and_receivables": total.get("asset_cash", 0.0)
            + total.get("asset_receivable", 0.0),
        }
        values["total_liabilities_equity"] = (
            values["total_liabilities"] + values["total_equity"]
        )
        return {key: self._round(company, amount) for key, amount in values.items()}

    def _compute_balance_sheet(self, company, date_from, date_to):
        total, before_year = self._query_balance_by_type(company, date_to)
        values = self._get_balance_sheet_values(company, total, before_year)
        return {
            "rows": [
                "assets_current",
                "assets_non_current",
                "total_assets",
                "liabilities_current",
                "liabilities_non_current",
                "total_liabilities",
                "equity",
                "current_year_earnings",
                "total_equity",
                "total_liabilities_equity",
            ],
            "totals": ["total_assets", "total_liabilities", "total_equity"],
            "values": values,
            "balanced": company.currency_id.is_zero(
                values["total_assets"] - values["total_liabilities_equity"]
            ),
        }

    # ------------------------------------------------------------------
    # Trial balance and general ledger
    # ------------------------------------------------------------------

    def _query_trial_balance(self, company, date_from, date_to):
        """Opening, debit, credit per account. P&L accounts open at the year start."""
        fiscal_year_from = company.compute_fiscalyear_dates(date_from)["date_from"]
        self.env["account.move.line"].flush_model()
        self.env["account.account"].flush_model(["account_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT l.account_id,
                       SUM(l.balance) FILTER (
                           WHERE l.date < %(date_from)s
                             AND (a.account_type NOT IN %(pl_types)s
                                  OR l.date >= %(fiscal_year_from)s)),
                       SUM(l.debit) FILTER (WHERE l.date >= %(date_from)s),
                       SUM(l.credit) FILTER (WHERE l.date >= %(date_from)s)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE %(where)s
                   AND l.date <= %(date_to)s
              GROUP BY l.account_id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
                fiscal_year_from=fiscal_year_from,
                pl_types=PROFIT_LOSS_TYPES,
            )
        )
        return self.env.cr.fetchall()

    def _get_account_infos(self, company, account_ids):
        """Code and name of the accounts, as the company sees them: one batched read."""
        accounts = (
            self.env["account.account"].with_company(company).sudo().browse(account_ids)
        )
        # sudo: the accounts are shared between companies in 18.0; only the code and
        # name of the accounts that already appear in this company's lines are read.
        return {
            account.id: {"code": account.code or "", "name": account.name or ""}
            for account in accounts
        }

    def _compute_trial_balance(self, company, date_from, date_to):
        rows = self._query_trial_balance(company, date_from, date_to)
        infos = self._get_account_infos(company, [row[0] for row in rows])
        accounts = []
        for account_id, raw_opening, raw_debit, raw_credit in rows:
            opening = self._round(company, raw_opening)
            debit = self._round(company, raw_debit)
            credit = self._round(company, raw_credit)
            accounts.append(
                {
                    "id": account_id,
                    **infos[account_id],
                    "opening": opening,
                    "debit": debit,
                    "credit": credit,
                    "closing": self._round(company, opening + debit - credit),
                }
            )
        accounts.sort(key=lambda account: account["code"])
        return {"accounts": accounts}

    def _query_ledger_lines(self, company, date_from, date_to):
        self.env["account.move"].flush_model(["name"])
        self.env["res.partner"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT l.account_id, l.date, m.name, l.name, p.name,
                       l.debit, l.credit,
                       SUM(l.balance) OVER (
                           PARTITION BY l.account_id ORDER BY l.date, l.id)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
             LEFT JOIN res_partner p ON p.id = l.partner_id
                 WHERE %(where)s
                   AND l.date BETWEEN %(date_from)s AND %(date_to)s
              ORDER BY l.account_id, l.date, l.id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return self.env.cr.fetchall()

    def _compute_general_ledger(self, company, date_from, date_to):
        data = self._compute_trial_balance(company, date_from, date_to)
        lines_by_account = {}
        for row in self._query_ledger_lines(company, date_from, date_to):
            account_id, date, move_name, label, partner, debit, credit, running = row
            lines_by_account.setdefault(account_id, []).append(
                {
                    "date": fields.Date.to_string(date),
                    "move": move_name or "",
                    "label": label or "",
                    "partner": partner or "",
                    "debit": self._round(company, debit),
                    "credit": self._round(company, credit),
                    "running": running or 0.0,
                }
            )
        for account in data["accounts"]:
            lines = lines_by_account.get(account["id"], [])
            for line in lines:
                line["balance"] = self._round(
                    company, account["opening"] + line.pop("running")
                )
            account["lines"] = lines
        return data

    # ------------------------------------------------------------------
    # Ratios
    # ------------------------------------------------------------------

    def _divide(self, numerator, denominator):
        """A ratio, or None (shown as a dash) when the denominator is zero."""
        if not denominator:
            return None
        return round(numerator / denominator, 4)

    def _compute_ratios(self, company, date_from, date_to):
        periods = {"period": (date_from, date_to)}
        by_type = self._query_profit_loss_by_type(company, periods)["period"]
        profit_loss = self._get_profit_loss_lines(company, by_type)
        total, before_year = self._query_balance_by_type(company, date_to)
        balance = self._get_balance_sheet_values(company, total, before_year)
        ratios = {
            "current_ratio": self._divide(
                balance["assets_current"], balance["liabilities_current"]
            ),
            "quick_ratio": self._divide(
                balance["cash_and_receivables"], balance["liabilities_current"]
            ),
            "debt_to_equity": self._divide(
                balance["total_liabilities"], balance["total_equity"]
            ),
            "gross_margin": self._divide(
                profit_loss["gross_profit"], profit_loss["revenue"]
            ),
            "net_margin": self._divide(
                profit_loss["net_profit"], profit_loss["revenue"]
            ),
            "return_on_equity": self._divide(
                profit_loss["net_profit"], balance["total_equity"]
            ),
        }
        return {
            "rows": list(ratios),
            "percent": ["gross_margin", "net_margin", "return_on_equity"],
            "values": ratios,
        }

    # ------------------------------------------------------------------
    # Taxes
    # ------------------------------------------------------------------

    def _query_taxes(self, company, date_from, date_to):
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT tax_id, SUM(base), SUM(tax)
                  FROM (
                        SELECT rel.account_tax_id AS tax_id,
                               l.balance AS base, 0.0 AS tax
                          FROM account_move_line l
                          JOIN account_move_line_account_tax_rel rel
                            ON rel.account_move_line_id = l.id
                         WHERE %(where)s
                           AND l.date BETWEEN %(date_from)s AND %(date_to)s
                     UNION ALL
                        SELECT l.tax_line_id, 0.0, l.balance
                          FROM account_move_line l
                         WHERE %(where)s
                           AND l.tax_line_id IS NOT NULL
                           AND l.date BETWEEN %(date_from)s AND %(date_to)s
                       ) AS tax_amounts
              GROUP BY tax_id
                """,
                where=self._where_posted(company),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return self.env.cr.fetchall()

    def _compute_taxes(self, company, date_from, date_to):
        rows = self._query_taxes(company, date_from, date_to)
        # sudo: taxes of the client company, whose lines were already filtered above.
        taxes_sudo = self.env["account.tax"].sudo().browse([row[0] for row in rows])
        taxes_by_id = {tax.id: tax for tax in taxes_sudo}
        lines = []
        for tax_id, base, tax_amount in rows:
            tax = taxes_by_id[tax_id]
            # Sales taxes are credits: show them, like their base, as positive.
            sign = -1 if tax.type_tax_use == "sale" else 1
            lines.append(
                {
                    "name": tax.name,
                    "type_tax_use": tax.type_tax_use,
                    "base": self._round(company, sign * (base or 0.0)),
                    "tax": self._round(company, sign * (tax_amount or 0.0)),
                }
            )
        lines.sort(key=lambda line: (line["type_tax_use"], line["name"]))
        return {"taxes": lines}

    # ------------------------------------------------------------------
    # Treasury
    # ------------------------------------------------------------------

    def _sql_open_items(self, company, date_at):
        """Receivable and payable lines open at `date_at`, with their residual then.

        A line's residual at a date is its balance less the reconciliations made
        by then: a partial reconcile counts once both its lines exist, from its
        max_date. One lateral aggregate, no query per line.
        """
        return SQL(
            """
            SELECT l.id, l.move_id, l.partner_id, a.account_type,
                   COALESCE(l.date_maturity, l.date) AS due_date,
                   l.balance - COALESCE(settled.amount, 0) AS residual
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id
         LEFT JOIN LATERAL (
                   SELECT SUM(CASE WHEN pr.debit_move_id = l.id
                                   THEN pr.amount ELSE -pr.amount END) AS amount
                     FROM account_partial_reconcile pr
                    WHERE (pr.debit_move_id = l.id OR pr.credit_move_id = l.id)
                      AND pr.max_date <= %(date_at)s
                   ) settled ON TRUE
             WHERE %(where)s
               AND a.account_type IN ('asset_receivable', 'liability_payable')
               AND l.date <= %(date_at)s
            """,
            where=self._where_posted(company),
            date_at=date_at,
        )

    def _query_treasury_buckets(self, company, date_at):
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT o.account_type,
                       CASE
                         WHEN o.due_date < %(date_at)s THEN 'overdue'
                         WHEN o.due_date <= %(d30)s THEN 'due_0_30'
                         WHEN o.due_date <= %(d60)s THEN 'due_31_60'
                         WHEN o.due_date <= %(d90)s THEN 'due_61_90'
                         ELSE 'due_over_90'
                       END AS bucket,
                       SUM(o.residual)
                  FROM (%(open_items)s) o
                 WHERE o.residual != 0
              GROUP BY 1, 2
                """,
                open_items=self._sql_open_items(company, date_at),
                date_at=date_at,
                d30=date_at + timedelta(days=30),
                d60=date_at + timedelta(days=60),
                d90=date_at + timedelta(days=90),
            )
        )
        return self.env.cr.fetchall()

    def _query_next_maturities(self, company, date_at):
        self.env.cr.execute(
            SQL(
                """
                SELECT o.account_type, o.due_date, m.name, p.name, o.residual
                  FROM (%(open_items)s) o
                  JOIN account_move m ON m.id = o.move_id
             LEFT JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.residual != 0
                   AND o.due_date >= %(date_at)s
              ORDER BY 2, o.id
                 LIMIT %(limit)s
                """,
                open_items=self._sql_open_items(company, date_at),
                date_at=date_at,
                limit=NEXT_MATURITIES_LIMIT,
            )
        )
        return self.env.cr.fetchall()

    def _compute_treasury(self, company, date_from, date_to):
        """Open items at `date_to`, as they stood on that date, by due-date bucket."""
        buckets = {
            "receivable": dict.fromkeys(TREASURY_BUCKETS, 0.0),
            "payable": dict.fromkeys(TREASURY_BUCKETS, 0.0),
        }
        for account_type, bucket, residual in self._query_treasury_buckets(
            company, date_to
        ):
            if account_type == "asset_receivable":
                buckets["receivable"][bucket] = self._round(company, residual)
            else:
                buckets["payable"][bucket] = self._round(company, -(residual or 0.0))
        for side in buckets.values():
            side["total"] = self._round(company, sum(side.values()))
        maturities = [
            {
                "kind": "receivable"
                if account_type == "asset_receivable"
                else "payable",
                "date": fields.Date.to_string(date),
                "move": move_name or "",
                "partner": partner or "",
                "amount": self._round(
                    company,
                    residual if account_type == "asset_receivable" else -residual,
                ),
            }
            for account_type, date, move_name, partner, residual in (
                self._query_next_maturities(company, date_to)
            )
        ]
        return {
            "buckets": list(TREASURY_BUCKETS),
            "values": buckets,
            "next_maturities": maturities,
        }
