import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# Results of an event, as the slip's event log shows them.
RESULT_QUEUED = "queued"
RESULT_PAID = "paid"
RESULT_MISMATCH = "amount mismatch recorded"
RESULT_NOT_AWAITING = "slip not awaiting payment"
RESULT_REFUSED = "settlement refused"
# Events settled per call of the cron. A payment costs Odoo ~0.1 s of CPU and
# the scheduler makes up to 10 calls in one go: 10 x 20 payments stay well
# inside a prefork cron worker's limit_time_cpu (60 s) and limit_time_real.
SETTLEMENT_BATCH = 20


class ResellerWebhookEvent(models.Model):
    """One delivered gateway notification; its id is unique per gateway.

    A payment confirmation is recorded here and queued (``state`` "queued"):
    the webhook answers at once and the settlement cron books the payments of
    many events together, as Odoo's payment module records a transaction in its
    notification and posts it later in ``_cron_post_process``.
    """

    _name = "reseller.webhook.event"
    _description = "Gateway Webhook Event"
    _order = "id desc"

    gateway_id = fields.Many2one(
        "reseller.billing.gateway", required=True, readonly=True, ondelete="cascade"
    )
    event_id = fields.Char(required=True, readonly=True)
    event_type = fields.Char(readonly=True)
    slip_id = fields.Many2one(
        "reseller.payment.slip", readonly=True, index=True, ondelete="set null"
    )
    source = fields.Selection(
        [
            ("webhook", "Webhook"),
            ("reconciliation", "Reconciliation"),
            ("manual", "Manual"),
        ],
        default="webhook",
        required=True,
        readonly=True,
    )
    payload = fields.Text(readonly=True)
    result = fields.Char(readonly=True)
    state = fields.Selection(
        [("queued", "To Settle"), ("done", "Done")],
        string="Settlement",
        default="done",
        required=True,
        readonly=True,
        help="To Settle: the payment is recorded and the settlement cron will "
        "book it. Done: nothing more will be done with this event.",
    )
    amount = fields.Float(readonly=True, help="The amount the gateway reported.")
    paid_date = fields.Date(readonly=True)
    paid_method = fields.Selection(
        [("boleto", "Boleto"), ("pix", "PIX")], string="Paid By", readonly=True
    )
    settled_at = fields.Datetime(
        readonly=True, help="When the settlement cron applied this event."
    )

    _sql_constraints = (
        (
            "gateway_event_uniq",
            "UNIQUE(gateway_id, event_id)",
            "A gateway event is processed only once.",
        ),
    )

    def init(self):
        # The settlement cron's queue: a small partial index, whatever the log's size.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS reseller_webhook_event_queued_idx
                ON reseller_webhook_event (id) WHERE state = 'queued'
            """
        )

    @api.model
    def _record(
        self, gateway, event, slip, raw_body, source="webhook", result=RESULT_QUEUED
    ):
        """Insert the event, or return an empty recordset if it was already seen.

        ON CONFLICT DO NOTHING makes a concurrent duplicate wait for the first
        delivery's transaction, then find the event (or retry on a serialization
        failure), so exactly one delivery goes on. An event whose ``result`` is
        "queued" waits for the settlement, with what the payment needs; any
        other result is final.
        """
        self.env.cr.execute(
            """
            INSERT INTO reseller_webhook_event
                   (gateway_id, event_id, event_type, slip_id, source, payload,
                    state, result, amount, paid_date, paid_method, settled_at,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                    CASE WHEN %s THEN NULL ELSE NOW() AT TIME ZONE 'UTC' END,
                    %s, %s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')
            ON CONFLICT (gateway_id, event_id) DO NOTHING
            RETURNING id
            """,
            [
                gateway.id,
                event["event_id"],
                event["event_type"],
                slip.id,
                source,
                raw_body.decode(errors="replace"),
                "queued" if result == RESULT_QUEUED else "done",
                result,
                event.get("amount"),
                event.get("paid_date"),
                event.get("method"),
                result == RESULT_QUEUED,
                self.env.uid,
                self.env.uid,
            ],
            # Under the slip's lock a conflict is only met on a stale snapshot:
            # the serialization failure that Odoo retries, not a bad query.
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        # Inserted behind the ORM's back: the slip's cached event list is stale.
        slip.invalidate_recordset(["event_ids"])
        return self.browse(row[0]) if row else self.browse()

    @api.model
    def _trigger_settlement(self):
        """Wake the settlement cron up (after this transaction commits)."""
        self.env.ref("reseller_billing.ir_cron_reseller_settle_payments")._trigger()

    @api.model
    def _cron_settle_events(self, batch_size=SETTLEMENT_BATCH):
        """One batch of queued events settled (scheduled action, on trigger).

        SKIP LOCKED lets two cron workers share the queue; the batch's payments,
        its events' results and its slips' states are committed together by the
        scheduler after each call, so a crash leaves the batch queued and the next
        run books it, once.
        """
        self.env.cr.execute(
            """
            SELECT id FROM reseller_webhook_event
             WHERE state = 'queued'
          ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            [batch_size],
        )
        # Elevated: the scheduler's user is not superuser; payments are the system's.
        events_sudo = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        events_sudo._settle()
        remaining = self.sudo().search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=len(events_sudo), remaining=remaining)
        _logger.info(
            "Settlement: %s events settled, %s queued", len(events_sudo), remaining
        )
        return events_sudo

    def _settle(self):
        """Apply queued events to their slips: book, flag, or drop, then log.

        The one settlement path, for the cron, the reconciliation and staff. The
        slips are locked as the webhook locks them; a slip is "being settled"
        only while exactly one event of it is queued, so each is booked once.
        """
        events = self.filtered(lambda e: e.state == "queued")
        slips = events.slip_id
        slips._lock_many_for_settlement()
        # Read under the lock: another transaction may have settled them.
        slips.invalidate_recordset(["state"])
        results = {}
        to_book = self.browse()
        for event in events:
            slip = event.slip_id
            if not slip or slip.state != "settling":
                results[event] = RESULT_NOT_AWAITING
            elif slip.currency_id.compare_amounts(
                event.amount, slip.move_id.amount_residual
            ):
                slip._flag_amount_mismatch(
                    event.amount, event.paid_date, event.paid_method
                )
                results[event] = RESULT_MISMATCH
            else:
                to_book |= event
        results.update(to_book._book_payments())
        now = fields.Datetime.now()
        for result in set(results.values()):
            self.browse(
                event.id for event, outcome in results.items() if outcome == result
            ).write({"state": "done", "result": result, "settled_at": now})
        return results

    def _book_payments(self):
        """Book one payment per event's invoice, invoices together per wizard.

        One ``account.payment.register`` per company, journal and payment date,
        with ``group_payment`` off: one payment per invoice, each for the
        invoice's residual (the amounts were checked equal to it). A group Odoo
        refuses is rolled back alone, its slips returned to awaiting payment.
        """
        results = {}
        groups = {}
        for event in self:
            key = (
                event.slip_id.company_id,
                event.gateway_id.journal_id,
                event.paid_date,
            )
            groups[key] = groups.get(key, self.browse()) | event
        for (company, journal, paid_date), events in groups.items():
            results.update(events._book_payment_group(company, journal, paid_date))
        return results

    def _book_payment_group(self, company, journal, paid_date):
        slips = self.slip_id.with_company(company)
        moves = slips.move_id
        wizard_values = {
            "payment_date": paid_date or fields.Date.context_today(self),
            "group_payment": False,
        }
        if journal:
            wizard_values["journal_id"] = journal.id
        try:
            with self.env.cr.savepoint():
                wizard = (
                    self.env["account.payment.register"]
                    .with_company(company)
                    .with_context(active_model="account.move", active_ids=moves.ids)
                    .create(wizard_values)
                )
                payments = wizard._create_payments()
        except (UserError, ValidationError) as error:
            _logger.warning("Settlement of slips %s refused: %s", slips.ids, error)
            slips._settlement_refused(str(error))
            return dict.fromkeys(self, RESULT_REFUSED)
        for event in self:
            slip = event.slip_id
            slip._record_payment(
                slip.move_id.matched_payment_ids & payments,
                event.amount,
                event.paid_date,
                event.paid_method,
            )
        slips.reseller_contract_id._resume_if_settled()
        return dict.fromkeys(self, RESULT_PAID)
