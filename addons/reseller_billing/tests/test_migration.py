import importlib.util

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path

MIGRATION = "reseller_billing/migrations/18.0.1.1.0/post-migration.py"


def _load_migration():
    spec = importlib.util.spec_from_file_location(
        "reseller_billing_post_migration_18_0_1_1_0", file_path(MIGRATION)
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrationPixTemplate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = _load_migration()
        cls.template = cls.env.ref(cls.migration.TEMPLATE_XMLID)

    def _store_body(self, body):
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = jsonb_build_object('en_US', %s::text)"
            " WHERE id = %s",
            [body, self.template.id],
        )
        self.template.invalidate_recordset(["body_html"])

    def test_body_shipped_before_pix_gets_the_qr_code(self):
        old_node = etree.fromstring(f"<field>{self.migration.BODY_BEFORE_PIX}</field>")
        self._store_body(self.migration._as_stored(self.template, old_node))
        self.assertNotIn("pix_code", self.template.body_html)
        self.assertTrue(self.migration.update_invoice_template_body(self.env))
        self.assertIn("reseller_slip_id.pix_qr_url", self.template.body_html)
        self.assertIn("reseller_slip_id.pix_code", self.template.body_html)
        # Exactly the body the data file ships today.
        self.assertEqual(
            self.migration._normalised(self.template.body_html),
            self.migration._normalised(self.migration._shipped_body(self.template)),
        )
        # Run again (a second upgrade): nothing left to do.
        self.assertFalse(self.migration.update_invoice_template_body(self.env))

    def test_customised_body_is_left_alone(self):
        custom = "<p>Our own words, <t t-out='object.name'/></p>"
        self._store_body(custom)
        before = self.template.body_html
        with self.assertLogs(self.migration.__name__, level="WARNING") as logs:
            self.assertFalse(self.migration.update_invoice_template_body(self.env))
        self.assertIn("customised", logs.output[0])
        self.assertEqual(self.template.body_html, before)
