from odoo import _, models
from odoo.exceptions import AccessError

PUBLICATION_MODEL = "accounting.share.publication"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # EXTENDS base
    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if mode in ("write", "unlink") and self and not self.env.su:
            self._accounting_share_check_not_published_pdf()
        return result

    def _accounting_share_check_not_published_pdf(self):
        """A published report's PDF is what the client downloads: it is history.

        Writing an attachment only needs write access to its record, which staff
        without the manager group have on publications: they could otherwise swap
        the content of a published PDF, or delete it.
        """
        # sudo: only the link of the attachments is read, to decide the refusal.
        attachments_sudo = self.sudo().filtered(
            lambda attachment: attachment.res_model == PUBLICATION_MODEL
        )
        if not attachments_sudo:
            return
        if (
            self.env[PUBLICATION_MODEL]
            .sudo()
            .search_count([("pdf_attachment_id", "in", attachments_sudo.ids)], limit=1)
        ):
            raise AccessError(
                _("The PDF of a published report cannot be changed or deleted.")
            )
