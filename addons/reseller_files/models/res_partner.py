import re
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.reseller_guard.tools.names import (
    INVISIBLE_CATEGORIES,
    PATH_SEPARATORS,
)

BACKFILL_BATCH_SIZE = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"

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

    # EXTENDS base
    @api.model_create_multi
    def create(self, vals_list):
        forced = any(vals.get("reseller_folder_id") for vals in vals_list)
        if forced and not self.env.su:
            self._reseller_raise_folder_forced()
        partners = super().create(vals_list)
        partners.filtered("reseller_is_client")._reseller_create_root_folders()
        return partners

    # EXTENDS base
    def write(self, vals):
        if not self.env.su and vals.get("reseller_folder_id"):
            # rewriting the same value is harmless (the partner merge wizard does)
            if any(
                partner.reseller_folder_id.id != vals["reseller_folder_id"]
                for partner in self.sudo()
            ):
                self._reseller_raise_folder_forced()
        res = super().write(vals)
        if vals.get("reseller_is_client"):
            self._reseller_create_root_folders()
        return res

    def _reseller_raise_folder_forced(self):
        # other modules file the client's documents into this folder (see
        # _reseller_get_root_folder): pointed at another client's tree, they
        # would be published to that other client
        raise AccessError(_("A client's folder is set by the File Center only."))

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

    def action_reseller_make_client(self):
        self.check_access("write")
        self.commercial_partner_id.write({"reseller_is_client": True})
        return True

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
        conditions = [
            SQL(
                "EXISTS (SELECT 1 FROM res_users u JOIN res_partner c"
                " ON c.id = u.partner_id"
                " JOIN res_groups_users_rel r ON r.uid = u.id"
                " WHERE c.commercial_partner_id = p.id AND u.active AND r.gid = %s)",
                self.env.ref("base.group_portal").id,
            )
        ]
        if "customer_rank" in self._fields:
            conditions.append(SQL("p.customer_rank > 0"))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET reseller_is_client = TRUE"
                " WHERE p.id = p.commercial_partner_id AND p.active"
                " AND NOT COALESCE(p.reseller_is_client, FALSE)"
                " AND p.id NOT IN (SELECT partner_id FROM res_company)"
                " AND (%s)",
                SQL(" OR ").join(conditions),
            )
        )
        self.invalidate_model(["reseller_is_client"])
        partner_ids = self.search(
            [("reseller_is_client", "=", True), ("reseller_folder_id", "=", False)]
        ).ids
        for start in range(0, len(partner_ids), BACKFILL_BATCH_SIZE):
            batch = self.browse(partner_ids[start : start + BACKFILL_BATCH_SIZE])
            batch._reseller_create_root_folders()

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
        by_company = partners_sudo.grouped(
            lambda partner: partner.company_id or self.env.company
        )
        vals_list = []
        for company, company_partners in by_company.items():
            office_root = Folder._reseller_get_office_root(company)
            taken = Folder.search([("parent_id", "=", office_root.id)]).mapped("name")
            for partner in company_partners:
                name = Folder._reseller_unique_name(
                    partner._reseller_folder_name(), taken
                )
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
        folders = Folder.with_context(mail_create_nolog=True).create(vals_list)
        self.env.flush_all()
        # one statement for the whole batch instead of one write per partner
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET reseller_folder_id = v.folder_id"
                " FROM unnest(%s::int[], %s::int[]) AS v(partner_id, folder_id)"
                " WHERE p.id = v.partner_id",
                folders.partner_id.ids and [f.partner_id.id for f in folders],
                folders.ids,
            )
        )
        partners_sudo.invalidate_recordset(["reseller_folder_id"])
        return folders

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
