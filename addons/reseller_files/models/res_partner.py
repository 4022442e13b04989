import re
import unicodedata

from odoo import _, api, fields, models

from odoo.addons.reseller_guard.tools.names import (
    INVISIBLE_CATEGORIES,
    PATH_SEPARATORS,
)

BACKFILL_BATCH_SIZE = 1000


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ("res.partner", "reseller.protected.fields.mixin")

    reseller_is_client = fields.Boolean(
        string="File Center Client",
        copy=False,
        index=True,
        help="Clients get their own folder in the File Center. Set automatically "
        "when a contact of the partner gets portal access.",
    )
    reseller_folder_id = fields.Many2one(
        "reseller.folder",
        string="Client Folder",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="base.group_user",
    )
    reseller_file_count = fields.Integer(
        string="Files",
        compute="_compute_reseller_file_count",
        groups="base.group_user",
    )

    def _compute_reseller_file_count(self):
        if not self.env["reseller.file"].has_access("read"):
            self.reseller_file_count = 0
            return
        counts = dict(
            self.env["reseller.file"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.reseller_file_count = counts.get(partner.commercial_partner_id, 0)

    def _get_protected_fields(self):
        # other modules file the client's documents into this folder (see
        # _reseller_get_root_folder): pointed at another client's tree, they
        # would be published to that other client
        return super()._get_protected_fields() | {"reseller_folder_id"}

    # EXTENDS base
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("reseller_is_client")._reseller_create_root_folders()
        return partners

    # EXTENDS base
    def write(self, vals):
        if not self.env.su and "reseller_folder_id" in vals:
            vals = self._reseller_drop_unchanged_folder(vals)
        res = super().write(vals)
        if vals.get("reseller_is_client"):
            self._reseller_create_root_folders()
        return res

    def _reseller_drop_unchanged_folder(self, vals):
        """Writing back the folder a partner already has says nothing new (the
        partner merge wizard does it): it is dropped, not refused."""
        if all(
            partner.reseller_folder_id.id == (vals["reseller_folder_id"] or False)
            for partner in self.sudo()
        ):
            vals = dict(vals)
            del vals["reseller_folder_id"]
        return vals

    def action_open_reseller_files(self):
        self.ensure_one()
        folder = self.commercial_partner_id.reseller_folder_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reseller_files.reseller_file_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_folder_id": folder.id,
            "searchpanel_default_folder_id": folder.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business helpers: the contract other modules rely on
    # ------------------------------------------------------------------

    def _reseller_get_root_folder(self):
        """The client's root folder (of its commercial partner), created if
        missing."""
        self.ensure_one()
        # sudo: other modules' flows reach the client's folder for users who may
        # hold no File Center rights; the partner itself is already trusted.
        partner_sudo = self.commercial_partner_id.sudo()
        if not partner_sudo.reseller_folder_id.active:
            if not partner_sudo.reseller_is_client:
                partner_sudo.reseller_is_client = True
            partner_sudo._reseller_create_root_folders()
        return partner_sudo.reseller_folder_id.sudo(self.env.su)

    @api.model
    def _reseller_backfill_clients(self):
        """Mark existing clients and give each its folder, in batches.

        A client is a company or individual (a commercial partner) that has a
        contact with portal access, or, when Invoicing is installed, that has been
        invoiced or sold to (customer rank).
        """
        newcomers = self._reseller_get_backfill_clients().filtered(
            lambda partner: not partner.reseller_is_client
        )
        for start in range(0, len(newcomers), BACKFILL_BATCH_SIZE):
            # write() gives each batch its folders (_reseller_create_root_folders)
            newcomers[start : start + BACKFILL_BATCH_SIZE].write(
                {"reseller_is_client": True}
            )
        without_folder = self.search(
            [("reseller_is_client", "=", True), ("reseller_folder_id", "=", False)]
        )
        for start in range(0, len(without_folder), BACKFILL_BATCH_SIZE):
            batch = without_folder[start : start + BACKFILL_BATCH_SIZE]
            batch._reseller_create_root_folders()

    @api.model
    def _reseller_get_backfill_clients(self):
        """Active commercial partners that are clients, offices excluded."""
        portal_users = self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("base.group_portal").ids)]
        )
        candidates = portal_users.partner_id.commercial_partner_id
        if "customer_rank" in self._fields:
            candidates |= self.search([("customer_rank", ">", 0)]).filtered(
                lambda partner: partner == partner.commercial_partner_id
            )
        offices = (
            self.env["res.company"]
            .with_context(active_test=False)
            .search([("partner_id", "in", candidates.ids)])
            .partner_id
        )
        return candidates.filtered("active") - offices

    def _reseller_create_root_folders(self):
        """Create the missing root folders of these clients in one batch."""
        # sudo: folders are created by the File Center when a partner becomes a
        # client, whoever makes it one.
        partners_sudo = self.sudo().commercial_partner_id.filtered(
            lambda partner: not partner.reseller_folder_id.active
        )
        if not partners_sudo:
            return self.env["reseller.folder"]
        Folder = self.env["reseller.folder"].sudo()
        vals_list = []
        by_company = partners_sudo.grouped(
            lambda partner: partner.company_id or self.env.company
        )
        for company, company_partners in by_company.items():
            vals_list += company_partners._reseller_root_folder_vals(company)
        folders = Folder.with_context(mail_create_nolog=True).create(vals_list)
        # one write per partner, flushed by the ORM in one UPDATE for the batch
        for folder in folders:
            folder.partner_id.reseller_folder_id = folder
        return folders

    def _reseller_root_folder_vals(self, company):
        """Values of the root folders of these clients, under the office's root."""
        Folder = self.env["reseller.folder"].sudo()
        office_root = Folder._reseller_get_office_root(company)
        taken = Folder.search([("parent_id", "=", office_root.id)]).mapped("name")
        vals_list = []
        for partner in self:
            name = Folder._reseller_unique_name(partner._reseller_folder_name(), taken)
            taken.append(name)
            vals_list.append(
                {
                    "name": name,
                    "parent_id": office_root.id,
                    "company_id": company.id,
                    "is_client_root": True,
                    "partner_id": partner.id,
                }
            )
        return vals_list

    def _reseller_folder_name(self):
        self.ensure_one()
        name = self.name or ""
        # the folder name must pass check_entry_name: no separators, no control
        # or invisible characters, no "..", no leading dot, no trailing dot or
        # space ("Construtora Horizonte S.A."), bounded length
        for char in PATH_SEPARATORS:
            name = name.replace(char, "-")
        name = "".join(
            char
            for char in name
            if unicodedata.category(char) not in INVISIBLE_CATEGORIES
        )
        name = re.sub(r"\.{2,}", ".", name)[:200].strip().lstrip(". ").rstrip(". ")
        return name or _("Client %(id)s", id=self.id)
