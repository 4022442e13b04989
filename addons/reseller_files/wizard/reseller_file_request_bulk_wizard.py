import ast
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

BULK_BATCH_SIZE = 1000


class ResellerFileRequestBulkWizard(models.TransientModel):
    _name = "reseller.file.request.bulk.wizard"
    _description = "Send a Document Request to Many Clients"

    name = fields.Char(string="Title", required=True)
    instructions = fields.Text()
    due_date = fields.Date(
        required=True, default=lambda self: fields.Date.today() + timedelta(days=10)
    )
    category_ids = fields.Many2many("res.partner.category", string="Client Tags")
    partner_domain = fields.Char(
        string="Client Filter",
        default="[('is_company', '=', True)]",
        help="The clients that match this filter get the request too.",
    )
    use_domain = fields.Boolean(string="Use the Filter")
    partner_ids = fields.Many2many(
        "res.partner", string="Clients", domain=[("is_company", "=", True)]
    )
    reminder_days_before = fields.Integer(string="Remind Days Before", default=3)
    reminder_after_due = fields.Boolean(string="Remind the Day After", default=True)
    client_count = fields.Integer(compute="_compute_client_count")

    @api.depends("category_ids", "partner_ids", "partner_domain", "use_domain")
    def _compute_client_count(self):
        for wizard in self:
            wizard.client_count = len(wizard._get_clients())

    def _get_client_domain(self):
        self.ensure_one()
        domains = []
        if self.category_ids:
            domains.append([("category_id", "in", self.category_ids.ids)])
        if self.use_domain and self.partner_domain:
            try:
                domains.append(ast.literal_eval(self.partner_domain))
            except (ValueError, SyntaxError) as error:
                raise UserError(_("The client filter is not valid.")) from error
        return domains

    def _get_clients(self):
        """The commercial partners chosen by list, tag or filter, once each."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        clients = self.partner_ids
        for domain in self._get_client_domain():
            clients |= Partner.search(domain)
        return clients.commercial_partner_id

    def _prepare_request_values(self, partner):
        self.ensure_one()
        return {
            "name": self.name,
            "partner_id": partner.id,
            "instructions": self.instructions,
            "due_date": self.due_date,
            "reminder_days_before": self.reminder_days_before,
            "reminder_after_due": self.reminder_after_due,
        }

    def action_send(self):
        self.ensure_one()
        Request = self.env["reseller.file.request"]
        Request.check_access("create")
        clients = self._get_clients()
        if not clients:
            raise UserError(_("Choose at least one client."))
        requests = Request.browse()
        for start in range(0, len(clients), BULK_BATCH_SIZE):
            requests |= Request.create(
                [
                    self._prepare_request_values(partner)
                    for partner in clients[start : start + BULK_BATCH_SIZE]
                ]
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reseller_files.reseller_file_request_action"
        )
        action["domain"] = [("id", "in", requests.ids)]
        return action
