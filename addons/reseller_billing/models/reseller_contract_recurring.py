import logging

from psycopg2 import IntegrityError

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class ResellerContract(models.Model):
    """The recurring run: every due billing contract invoiced, batch by batch.

    The steps of one contract's invoice (domain, values, lock, create) live with
    the model in reseller_contract.py; this file holds how the monthly cron and
    the wizard go through all of them without blocking on one that fails.
    """

    _inherit = "reseller.contract"

    def _create_invoices_one_by_one(self, month, year):
        """Invoice each contract apart; those that fail get a note for staff."""
        moves = self.env["account.move"]
        for contract in self:
            try:
                with self.env.cr.savepoint():
                    moves |= contract._create_invoices(month, year)
            except IntegrityError:
                # Invoiced first by a concurrent run: nothing left to do.
                continue
            except (UserError, ValidationError) as error:
                contract._note_invoicing_failure(month, year, error)
        return moves

    def _note_invoicing_failure(self, month, year, error):
        """Tell staff, on the billing contract, why the period was not invoiced.

        The run leaves the contract aside for the rest of the day: the next
        batches, and the scheduler's next calls, go on with the other contracts
        instead of failing on it again.
        """
        self.ensure_one()
        self.invoicing_failed_date = fields.Date.context_today(self)
        _logger.warning(
            "Billing contract %s not invoiced for %02d/%04d: %s",
            self.name,
            month,
            year,
            error,
        )
        self.message_post(
            body=_(
                "Not invoiced for %(month)02d/%(year)04d: %(error)s",
                month=month,
                year=year,
                error=str(error),
            )
        )

    def _create_invoices_in_batch(self, month, year):
        """Invoice these contracts together; fall back to one by one on a failure.

        The batch is a savepoint, so a failing batch never leaves half an invoice
        behind. Then each contract is tried alone: one that cannot be invoiced (a
        payment term or account of another company...) must not keep every other
        contract of its batch from being invoiced, and one invoiced meanwhile by
        a concurrent run (refused by the unique index) is simply left out.
        """
        try:
            with self.env.cr.savepoint():
                return self._create_invoices(month, year)
        except (IntegrityError, UserError, ValidationError) as error:
            _logger.info("Invoicing %s one by one after: %s", self, error)
            return self._create_invoices_one_by_one(month, year)

    @api.model
    def _get_due_contracts_domain(self, month, year):
        """The contracts the recurring run invoices for the period, as of today.

        A contract that could not be invoiced today waits until tomorrow, or
        until staff change it (which clears the failure date).
        """
        today = fields.Date.context_today(self)
        not_failed_today = [
            "|",
            ("invoicing_failed_date", "=", False),
            ("invoicing_failed_date", "!=", today),
        ]
        return (
            self._get_contracts_to_invoice_domain(month, year)
            + self._get_billing_day_reached_domain(month, year)
            + not_failed_today
        )

    @api.model
    def _invoice_due_contracts_batch(self, month, year, batch_size=200, skip_ids=()):
        """Invoice one batch of the contracts due for the period; report progress.

        This is the unit of work of the monthly cron, in Odoo's batch idiom: the
        scheduler commits after each call and calls again while contracts remain,
        so a run that crashes resumes after the last committed batch, and what is
        committed is never invoiced again (it has left the due domain).

        ``skip_ids`` are contracts already tried in the same transaction (see
        ``_run_recurring_invoicing``). Returns the contracts tried and the
        invoices created.
        """
        domain = self._get_due_contracts_domain(month, year)
        if skip_ids:
            domain += [("id", "not in", list(skip_ids))]
        contracts = self.search(domain, limit=batch_size, order="id")
        contracts._readjust_before_invoicing(month, year)
        moves = contracts._create_invoices_in_batch(month, year)
        # Done: invoiced, or set aside for the day after a failure. Contracts a
        # concurrent run holds stay due; a batch made only of them reports no
        # progress, which ends the scheduler's calls (the other run does them).
        still_due = self.search_count(domain + [("id", "in", contracts.ids)])
        self.env["ir.cron"]._notify_progress(
            done=len(contracts) - still_due, remaining=self.search_count(domain)
        )
        return contracts, moves

    @api.model
    def _run_recurring_invoicing(self, month, year, batch_size=200):
        """Invoice every due contract of the period, batch after batch, in this
        transaction (the wizard's "generate now"; the cron does one batch a call).
        """
        created = self.env["account.move"]
        tried = self.browse()
        while True:
            contracts, moves = self._invoice_due_contracts_batch(
                month, year, batch_size=batch_size, skip_ids=tried.ids
            )
            if not contracts:
                return created
            tried |= contracts
            created |= moves

    @api.model
    def _cron_create_invoices(self, batch_size=200):
        """One batch of this month's invoices (scheduled action)."""
        today = fields.Date.context_today(self)
        _contracts, moves = self._invoice_due_contracts_batch(
            today.month, today.year, batch_size=batch_size
        )
        _logger.info("Recurring invoicing created %s invoices", len(moves))
        return moves
