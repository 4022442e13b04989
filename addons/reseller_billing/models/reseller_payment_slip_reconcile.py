import json
import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResellerPaymentSlip(models.Model):
    """Reconciliation: settle the slips whose webhook never came.

    The gateway's status API is the only source trusted here; a paid slip goes
    through the webhook's own ``_process_event``, under the slip's row lock, so
    whichever of webhook and reconciliation comes second books nothing. What it
    queues it settles at once, in one batch, through the settlement cron's own
    ``_settle``: nobody waits on an HTTP answer here.
    """

    _inherit = "reseller.payment.slip"

    @api.model
    def _get_slips_to_reconcile_domain(self):
        """Awaiting payment and not asked lately: daily, hourly once past due."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "registered"),
            ("external_id", "!=", False),
            "|",
            ("status_checked_at", "=", False),
            "|",
            ("status_checked_at", "<", now - timedelta(days=1)),
            "&",
            ("date_due", "<", today),
            ("status_checked_at", "<", now - timedelta(hours=1)),
        ]

    def action_check_gateway_status(self):
        """Ask the gateway now (staff button); logged as a manual event."""
        self.check_access("write")
        # Elevated after the check: settlement writes payments and gateway fields.
        return self.sudo()._reconcile_with_gateway(source="manual")

    def _reconcile_with_gateway(self, source="reconciliation"):
        """Ask each gateway once for its slips; settle those it reports paid."""
        queued = self.env["reseller.webhook.event"]
        for gateway in self.gateway_id:
            slips = self.filtered(lambda s, g=gateway: s.gateway_id == g)
            statuses = gateway._fetch_slip_statuses(slips)
            for slip in slips.filtered(lambda s, st=statuses: s.external_id in st):
                queued |= slip._queue_from_status(
                    gateway, statuses[slip.external_id], source
                )
        self.write({"status_checked_at": fields.Datetime.now()})
        queued._settle()
        return self.filtered(lambda s: s.state == "paid") & queued.slip_id

    def _queue_from_status(self, gateway, event, source):
        """One paid status through the webhook's path: recorded, then queued."""
        self.ensure_one()
        try:
            event = gateway._check_event(dict(event))
        except (ValueError, KeyError, TypeError, OverflowError):
            _logger.warning("Gateway status for %s refused: %s", self.name, event)
            return self.env["reseller.webhook.event"]
        raw_body = json.dumps(event, default=str).encode()
        slip = self.with_company(self.company_id)
        result = gateway.with_company(self.company_id)._process_event(
            event, slip, raw_body, source=source
        )
        queued = self.env["reseller.webhook.event"]
        return (result.event or queued).filtered(lambda e: e.state == "queued")

    @api.model
    def _cron_reconcile_slips(self, batch_size=500):
        """One batch of the reconciliation (scheduled action, hourly)."""
        domain = self._get_slips_to_reconcile_domain()
        # Elevated: the scheduler's user is not superuser, and payments and the
        # slip's gateway fields are the system's to write.
        slips_sudo = self.sudo().search(domain, limit=batch_size, order="date_due, id")
        settled = slips_sudo._reconcile_with_gateway()
        self.env["ir.cron"]._notify_progress(
            done=len(slips_sudo), remaining=self.sudo().search_count(domain)
        )
        _logger.info(
            "Reconciliation checked %s slips, settled %s",
            len(slips_sudo),
            len(settled),
        )
        return settled
