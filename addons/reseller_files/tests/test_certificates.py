from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ResellerFilesCase


@tagged("post_install", "-at_install")
class TestCertificates(ResellerFilesCase):
    def _make_pfx(self, not_after):
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.serialization import pkcs12
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Client A")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(1)
            .not_valid_before(not_after - timedelta(days=365))
            .not_valid_after(not_after)
            .sign(key, hashes.SHA256())
        )
        return pkcs12.serialize_key_and_certificates(
            b"a1", key, certificate, None, serialization.NoEncryption()
        )

    def test_certificate_expiry_and_reminder(self):
        self.client_a.user_id = self.staff
        soon = fields.Datetime.now() + timedelta(days=10)
        file = self.root_a._reseller_add_file("empresa.pfx", self._make_pfx(soon))
        self.assertTrue(file.is_certificate)
        self.assertEqual(file.certificate_expiry_date, soon.date())
        later = self.root_a._reseller_add_file(
            "other.p12", self._make_pfx(fields.Datetime.now() + timedelta(days=200))
        )
        # a protected certificate cannot be read: staff enter the date
        locked = self.root_a._reseller_add_file("locked.pfx", b"not a pkcs12")
        self.assertFalse(locked.certificate_expiry_date)
        reminded = self.env["reseller.file"]._cron_certificate_reminders()
        self.assertEqual(reminded, file)
        self.assertTrue(file.certificate_reminder_sent)
        self.assertFalse(later.certificate_reminder_sent)
        message = self.env["mail.message"].search(
            [("model", "=", "reseller.folder"), ("res_id", "=", self.root_a.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("empresa.pfx", message.body)
        self.assertIn(self.staff.partner_id, message.partner_ids)
        # sent once
        self.assertFalse(self.env["reseller.file"]._cron_certificate_reminders())
        locked.certificate_expiry_date = fields.Date.today()
        self.assertEqual(
            self.env["reseller.file"]._cron_certificate_reminders(), locked
        )
