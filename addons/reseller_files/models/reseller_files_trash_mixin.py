from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

TRASH_RETENTION_DAYS = 30


class ResellerFilesTrashMixin(models.AbstractModel):
    """The File Center's trash, the same for folders and files.

    What goes to the trash is dated by the File Center; staff restore it for
    30 days, then the purge cron (reseller.file._cron_purge_trash) deletes it.
    """

    _name = "reseller.files.trash.mixin"
    _inherit = "reseller.protected.fields.mixin"
    _description = "File Center Trash"

    trash_date = fields.Datetime(readonly=True, copy=False)

    def _get_protected_fields(self):
        # a backdated trash date would have the purge cron delete the record for
        # good at its next run: a permanent delete for users without unlink rights
        return super()._get_protected_fields() | {"trash_date"}

    @api.model
    def _reseller_trash_limit(self):
        """What was trashed before this moment can no longer be restored."""
        return fields.Datetime.now() - timedelta(days=TRASH_RETENTION_DAYS)

    @api.model
    def _reseller_get_purge_domain(self):
        return [
            ("active", "=", False),
            ("trash_date", "<", self._reseller_trash_limit()),
        ]

    def _reseller_check_restorable(self):
        limit = self._reseller_trash_limit()
        for record in self:
            if record.active:
                raise UserError(
                    _("%(name)s is not in the trash.", name=record.display_name)
                )
            if record.trash_date and record.trash_date < limit:
                raise UserError(
                    _(
                        "%(name)s has been in the trash for more than %(days)s days "
                        "and can no longer be restored.",
                        name=record.display_name,
                        days=TRASH_RETENTION_DAYS,
                    )
                )

    def _reseller_write_trashed(self, date=None):
        # sudo: callers checked the user's right to trash these records; the
        # date that starts the retention window is the File Center's
        self.sudo().write(
            {"active": False, "trash_date": date or fields.Datetime.now()}
        )

    def _reseller_write_restored(self):
        # sudo: callers checked the user's right to restore these records
        self.sudo().write({"active": True, "trash_date": False})
