from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

STATES = [("open", "Open"), ("fulfilled", "Fulfilled"), ("cancelled", "Cancelled")]


class ResellerFileRequest(models.Model):
    _name = "reseller.file.request"
    _description = "File Center Document Request"
    _inherit = (
        "mail.thread",
        "portal.mixin",
        "reseller.protected.fields.mixin",
        "reseller.file.request.reminder",
    )
    _order = "due_date, id"

    name = fields.Char(string="Title", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    folder_id = fields.Many2one(
        "reseller.folder",
        string="Target Folder",
        index=True,
        ondelete="restrict",
        help="Where the client's files land; by default a folder named for the "
        "request in the client's tree.",
    )
    instructions = fields.Text()
    due_date = fields.Date(required=True, tracking=True)
    requester_id = fields.Many2one(
        "res.users", string="Requested by", default=lambda self: self.env.user
    )
    state = fields.Selection(
        STATES, default="open", required=True, index=True, tracking=True
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    is_closed = fields.Boolean(
        string="Closed",
        readonly=True,
        help="Closed by the office: the client can no longer add files.",
    )
    file_ids = fields.Many2many(
        "reseller.file",
        "reseller_file_request_file_rel",
        "request_id",
        "file_id",
        string="Files Received",
        readonly=True,
    )
    file_count = fields.Integer(compute="_compute_file_count")
    fulfilled_by_id = fields.Many2one("res.users", string="Fulfilled by", readonly=True)
    fulfilled_date = fields.Datetime(readonly=True)
    template_id = fields.Many2one(
        "reseller.file.request.template", index=True, ondelete="set null"
    )
    period = fields.Char(help="The month a recurring request is for (YYYY-MM).")

    _sql_constraints = (
        (
            "template_client_period_uniq",
            "UNIQUE(template_id, partner_id, period)",
            "A recurring request exists already for this client and period.",
        ),
    )

    def _get_protected_fields(self):
        # who fulfilled the request and when, and what it received, are set by
        # the upload itself
        return super()._get_protected_fields() | {
            "fulfilled_by_id",
            "fulfilled_date",
            "file_ids",
            "is_closed",
        }

    def _compute_access_url(self):
        for record in self:
            record.access_url = f"/my/requests/{record.id}"

    @api.depends("state", "due_date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_late = bool(
                record.state == "open" and record.due_date and record.due_date < today
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Operation not supported."))
        late = [
            ("state", "=", "open"),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return late
        return expression.distribute_not(["!"] + expression.normalize_domain(late))

    def _compute_file_count(self):
        for record in self:
            record.file_count = len(record.file_ids)

    @api.model_create_multi
    def create(self, vals_list):
        self._reseller_fill_folders(vals_list)
        requests = super(
            ResellerFileRequest, self.with_context(mail_create_nolog=True)
        ).create(vals_list)
        return requests.with_env(self.env)

    def action_cancel(self):
        self.check_access("write")
        self.write({"state": "cancelled"})
        return True

    def action_reopen(self):
        self.check_access("write")
        # sudo: is_closed is set only by these actions (protected field)
        self.sudo().write({"state": "open", "is_closed": False})
        return True

    def action_close(self):
        """Staff close the request: the client can no longer add files."""
        self.check_access("write")
        self.sudo().is_closed = True
        return True

    def action_open_folder(self):
        self.ensure_one()
        return self.folder_id.action_open_content()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _reseller_fill_folders(self, vals_list):
        """Give each request without a folder the one named for it in its
        client's tree: existing folders are searched in one query, the missing
        ones created in one batch."""
        missing = [vals for vals in vals_list if not vals.get("folder_id")]
        if not missing:
            return
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in missing}
        )
        # sudo: the client's tree is the File Center's; staff asked for a
        # request, the folder for it follows
        partners_sudo = partners.sudo().commercial_partner_id
        partners_sudo._reseller_create_root_folders()
        root_by_partner = {
            partner.id: partner.commercial_partner_id.reseller_folder_id.id
            for partner in partners.sudo()
        }
        Folder = self.env["reseller.folder"].sudo()
        wanted = {(root_by_partner[v["partner_id"]], v["name"]) for v in missing}
        existing = Folder.search_fetch(
            [
                ("parent_id", "in", list({root for root, _name in wanted})),
                ("name", "in", list({name for _root, name in wanted})),
            ],
            ["parent_id", "name"],
        )
        folder_by_key = {(f.parent_id.id, f.name): f.id for f in existing}
        to_create = sorted(wanted - set(folder_by_key))
        created = Folder.with_context(mail_create_nolog=True).create(
            [{"name": name, "parent_id": root} for root, name in to_create]
        )
        folder_by_key.update(zip(to_create, created.ids, strict=True))
        for vals in missing:
            vals["folder_id"] = folder_by_key[
                (root_by_partner[vals["partner_id"]], vals["name"])
            ]

    def _reseller_check_uploadable(self):
        self.ensure_one()
        if self.state == "cancelled" or self.is_closed:
            raise UserError(
                _("The request %(name)s is closed: no more files.", name=self.name)
            )

    def _portal_upload(self, entries):
        """Files the client uploads into this request: they land in the target
        folder, the request is fulfilled (who, when) and staff are notified."""
        self.ensure_one()
        self._reseller_check_uploadable()
        if not entries:
            raise UserError(_("Choose at least one file to upload."))
        folder = self.folder_id
        if not folder.active:
            raise UserError(_("The folder of this request is no longer available."))
        files = folder._reseller_add_files(entries)
        self._reseller_mark_fulfilled(files)
        return files

    def _reseller_mark_fulfilled(self, files):
        # sudo: the client may not write requests; receiving files is the one
        # change its upload makes
        self_sudo = self.sudo()
        vals = {"file_ids": [fields.Command.link(f.id) for f in files]}
        if self_sudo.state == "open":
            vals.update(
                {
                    "state": "fulfilled",
                    "fulfilled_by_id": self.env.uid,
                    "fulfilled_date": fields.Datetime.now(),
                }
            )
        self_sudo.write(vals)
        self_sudo._reseller_notify_staff(files)

    def _reseller_notify_staff(self, files):
        requester = self.requester_id.partner_id
        self.message_post(
            body=_(
                "%(user)s sent %(count)s file(s): %(names)s",
                user=self.env.user.name,
                count=len(files),
                names=", ".join(files.mapped("name")),
            ),
            partner_ids=requester.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _reseller_period_of(self, day):
        return f"{day.year:04d}-{day.month:02d}"

    @api.model
    def _reseller_due_from(self, day, due_day, from_day):
        """The due date on `due_day`, in the month of `day` or the next one
        when that day comes before `from_day`."""
        due = day.replace(day=min(due_day, 28))
        if due_day < from_day:
            due = (due.replace(day=28) + timedelta(days=4)).replace(day=due.day)
        return due
