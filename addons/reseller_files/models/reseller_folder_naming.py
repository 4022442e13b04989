"""Names in the File Center's tree: safe, and unique among active siblings."""

from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import ValidationError

from odoo.addons.reseller_guard.tools import check_entry_name


class ResellerFolderNaming(models.AbstractModel):
    """The name rules of reseller.folder, which inherits this model; the
    File Center's files use its name check and its `name (2)` rule too."""

    _name = "reseller.folder.naming"
    _description = "File Center Folder Names"

    @api.model
    def _reseller_check_names(self, names):
        """Refuse unsafe names, before they reach any query (see create, write)."""
        for name in names:
            check_entry_name(self.env, name)

    @api.model
    def _reseller_check_new_sibling_names(self, vals_list):
        """The sibling-name rule for folders about to be created."""
        self._reseller_check_sibling_names(
            [
                (
                    vals.get("parent_id") or False,
                    vals.get("company_id") or self.env.company.id,
                    vals.get("name"),
                )
                for vals in vals_list
                if vals.get("active", True)
            ]
        )

    def _reseller_check_changed_sibling_names(self, vals):
        """The sibling-name rule for these folders once `vals` is written."""
        self._reseller_check_sibling_names(
            [
                (
                    vals.get("parent_id", folder.parent_id.id) or False,
                    folder.company_id.id,
                    vals.get("name", folder.name),
                )
                for folder in self
                if vals.get("active", folder.active)
            ],
            exclude_ids=self.ids,
        )

    @api.model
    def _reseller_check_sibling_names(self, entries, exclude_ids=()):
        """Refuse a name already used by an active sibling, with a clear message.

        `entries` are (parent id, company id, name); one query for the batch
        (backfills create thousands of folders). The database index
        reseller_folder_sibling_name_uniq backs this up against races.
        """
        seen = set()
        for entry in entries:
            if entry in seen:
                self._reseller_raise_duplicate_name(entry)
            seen.add(entry)
        if not entries:
            return
        parent_ids = list({parent_id for parent_id, _company, _name in entries})
        domain = [
            ("name", "in", list({name for _parent, _company, name in entries})),
            ("id", "not in", list(exclude_ids)),
        ]
        if False in parent_ids:
            domain += [
                "|",
                ("parent_id", "in", [pid for pid in parent_ids if pid]),
                ("parent_id", "=", False),
            ]
        else:
            domain += [("parent_id", "in", parent_ids)]
        # sudo: names of siblings the user may not see still clash in the index
        existing_sudo = self.sudo().search_fetch(
            domain, ["name", "parent_id", "company_id"]
        )
        taken = {
            (folder.parent_id.id or False, folder.company_id.id, folder.name)
            for folder in existing_sudo
        }
        for entry in entries:
            if entry in taken:
                self._reseller_raise_duplicate_name(entry)

    @api.model
    def _reseller_raise_duplicate_name(self, entry):
        parent_id, _company_id, name = entry
        raise ValidationError(
            _(
                "A folder named %(name)s already exists in %(parent)s.",
                name=name,
                parent=self.sudo().browse(parent_id).name or _("the top level"),
            )
        )

    def _reseller_make_sibling_names_unique(self):
        """Rename folders about to come back whose name an active sibling took.

        One query for the whole batch (a restored subtree can be large).
        """
        parent_domain = [("parent_id", "in", self.parent_id.ids)]
        if not all(folder.parent_id for folder in self):
            parent_domain = ["|", ("parent_id", "=", False), *parent_domain]
        siblings = self.with_context(active_test=False).search_fetch(
            [
                *parent_domain,
                ("active", "=", True),
                ("id", "not in", self.ids),
            ],
            ["name", "parent_id", "company_id"],
        )
        taken = defaultdict(set)
        for sibling in siblings:
            taken[sibling.parent_id.id, sibling.company_id.id].add(sibling.name)
        for folder in self:
            folder_taken = taken[folder.parent_id.id, folder.company_id.id]
            name = folder._reseller_unique_name(folder.name, folder_taken)
            folder_taken.add(name)
            if name != folder.name:
                folder.name = name

    @api.model
    def _reseller_unique_name(self, name, taken_names):
        """`name`, or `name (2)`, `name (3)`… (before the extension) when taken."""
        taken = set(taken_names)
        if name not in taken:
            return name
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = name, "", ""
        counter = 2
        while True:
            candidate = f"{stem} ({counter}){dot}{extension}"
            if candidate not in taken:
                return candidate
            counter += 1
