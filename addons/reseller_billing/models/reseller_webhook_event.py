from odoo import api, fields, models


class ResellerWebhookEvent(models.Model):
    """One delivered gateway notification; its id is unique per gateway."""

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

    _sql_constraints = (
        (
            "gateway_event_uniq",
            "UNIQUE(gateway_id, event_id)",
            "A gateway event is processed only once.",
        ),
    )

    @api.model
    def _record(self, gateway, event, slip, raw_body, source="webhook"):
        """Insert the event, or return an empty recordset if it was already seen.

        ON CONFLICT DO NOTHING makes a concurrent duplicate wait for the first
        delivery's transaction, then find the event (or retry on a serialization
        failure), so exactly one delivery goes on to register the payment.
        """
        self.env.cr.execute(
            """
            INSERT INTO reseller_webhook_event
                   (gateway_id, event_id, event_type, slip_id, source, payload,
                    create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC',
                    NOW() AT TIME ZONE 'UTC')
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
