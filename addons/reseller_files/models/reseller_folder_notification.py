"""What the File Center tells the office and the client in a folder's chatter."""

from markupsafe import Markup

from odoo import _, models


class ResellerFolderNotification(models.AbstractModel):
    """The messages of reseller.folder, which inherits this model."""

    _name = "reseller.folder.notification"
    _description = "File Center Folder Notifications"

    def _reseller_notify_new_files(self, files):
        """Tell the other side about new files: client from office, staff from
        client."""
        self.ensure_one()
        if not self.partner_id or not files:
            return
        names = ", ".join(files.mapped("name"))
        if self.env.user.share:
            self._reseller_notify_office(names)
        else:
            self._reseller_notify_client(names)

    def _reseller_notify_office(self, names):
        uploader = self.env.user
        responsible = self.partner_id.user_id.partner_id
        # sudo: the uploader, a portal user, posts in the folder's chatter
        # through the File Center, not through its own rights on mail
        self.sudo().message_post(
            body=_(
                "%(user)s uploaded new files: %(names)s",
                user=uploader.name,
                names=names,
            ),
            subtype_xmlid="mail.mt_comment",
            partner_ids=responsible.ids,
            author_id=uploader.partner_id.id,
        )

    def _reseller_notify_client(self, names):
        client_users_sudo = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    # not child_of: a company filed under this client (a
                    # subsidiary, itself a client) cannot open this tree
                    ("partner_id.commercial_partner_id", "=", self.partner_id.id),
                    ("share", "=", True),
                ]
            )
        )
        if not client_users_sudo:
            return
        # sudo: the File Center notifies the client's users, whoever uploads
        self.sudo().message_notify(
            partner_ids=client_users_sudo.partner_id.ids,
            subject=_("New files from %(office)s", office=self.company_id.name),
            body=Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
            % (
                _(
                    "New files are available in your folder %(folder)s: %(names)s",
                    folder=self.name,
                    names=names,
                ),
                self.get_base_url() + self.access_url,
                _("Open the folder"),
            ),
            author_id=self.env.user.partner_id.id,
        )

    def _reseller_notify_certificates(self, files):
        self.ensure_one()
        lines = ", ".join(
            self.env._(
                "%(name)s (expires on %(date)s)",
                name=file.name,
                date=file.certificate_expiry_date,
            )
            for file in files
        )
        responsible = self.partner_id.user_id.partner_id
        # sudo: the reminder is posted by the cron on behalf of the File Center
        self.sudo().message_post(
            body=_("Digital certificates expire soon: %(lines)s", lines=lines),
            subtype_xmlid="mail.mt_comment",
            partner_ids=responsible.ids,
        )
