"""A1 digital certificates filed in the File Center: their expiry is read or
entered, and a reminder goes out 30 days before it."""

from datetime import timedelta

from cryptography.hazmat.primitives.serialization import pkcs12

from odoo import api, fields, models

CERTIFICATE_EXTENSIONS = (".pfx", ".p12")
CERTIFICATE_REMINDER_DAYS = 30


class ResellerFileCertificate(models.AbstractModel):
    """The certificate side of reseller.file, which inherits this model."""

    _name = "reseller.file.certificate"
    _description = "File Center A1 Certificate"

    is_certificate = fields.Boolean(
        string="A1 Certificate",
        compute="_compute_is_certificate",
        store=True,
        help="A digital certificate (.pfx or .p12) whose expiry is tracked.",
    )
    certificate_expiry_date = fields.Date(
        help="Read from the certificate when it has no password; otherwise staff "
        "enter it. A reminder is sent 30 days before.",
    )
    certificate_reminder_sent = fields.Boolean(readonly=True, copy=False)

    @api.depends("name")
    def _compute_is_certificate(self):
        for record in self:
            record.is_certificate = (
                (record.name or "").lower().endswith(CERTIFICATE_EXTENSIONS)
            )

    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        files.filtered("is_certificate")._reseller_read_certificate_expiry()
        return files

    def write(self, vals):
        if "certificate_expiry_date" in vals:
            # a new date deserves a new reminder
            vals = dict(vals, certificate_reminder_sent=False)
        return super().write(vals)

    def _reseller_read_certificate_expiry(self):
        """Read the expiry of certificates that open without a password."""
        for record in self.filtered(lambda rec: not rec.certificate_expiry_date):
            # sudo: the File Center reads the content it stores
            data = record.sudo().attachment_id.raw
            expiry = self._reseller_certificate_expiry(data)
            if expiry:
                record.certificate_expiry_date = expiry

    @api.model
    def _reseller_certificate_expiry(self, data):
        try:
            _key, certificate, _extra = pkcs12.load_key_and_certificates(data, None)
        except (ValueError, TypeError):
            return False
        if not certificate:
            return False
        expiry = getattr(certificate, "not_valid_after_utc", None)
        return (expiry or certificate.not_valid_after).date()

    @api.model
    def _reseller_get_certificate_reminder_domain(self):
        limit = fields.Date.today() + timedelta(days=CERTIFICATE_REMINDER_DAYS)
        return [
            ("is_certificate", "=", True),
            ("certificate_expiry_date", "!=", False),
            ("certificate_expiry_date", "<=", limit),
            ("certificate_reminder_sent", "=", False),
        ]

    @api.model
    def _cron_certificate_reminders(self):
        """Warn the folder's followers and the client's salesperson, once per
        certificate, when it expires within 30 days."""
        files = self.search(self._reseller_get_certificate_reminder_domain())
        for folder, folder_files in files.grouped("folder_id").items():
            folder._reseller_notify_certificates(folder_files)
        files.write({"certificate_reminder_sent": True})
        return files
