"""The invoice e-mail gains the slip's PIX QR code, unless staff customised it.

The template is ``noupdate``: an upgrade never rewrites it, so databases installed
before PIX kept a body without the QR code. Its English body is compared with the
one shipped before PIX (whitespace aside); when it is still that one, the new body
is written and its shipped translations loaded again. A body staff edited is left
as it is, with a warning that tells them what to add.
"""

import logging
import re

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import file_path
from odoo.tools.translate import TranslationImporter

_logger = logging.getLogger(__name__)

TEMPLATE_XMLID = "reseller_billing.mail_template_reseller_invoice"

# The body_html of data/mail_template_data.xml as shipped before PIX (18.0.1.0.0).
BODY_BEFORE_PIX = """
<div style="margin: 0px; padding: 0px;">
    <p style="margin: 0px; padding: 0px; font-size: 13px;">
        Dear <t t-out="object.partner_id.name or ''">Client</t>,
        <br /><br />
        Here is your invoice <strong t-out="object.name or ''">INV/2026/00001</strong>
        for <t t-out="object.reference_month or ''">07</t>/<t t-out="object.reference_year or ''">2026</t>,
        amounting to <strong t-out="format_amount(object.amount_total, object.currency_id) or ''">R$ 100,00</strong>,
        due on <t t-out="format_date(object.invoice_date_due) or ''">07/10/2026</t>.
        <t t-if="object.reseller_slip_id.digitable_line">
            <br /><br />
            Payment slip line: <strong t-out="object.reseller_slip_id.digitable_line or ''">00190.00009 ...</strong>
        </t>
        <t t-if="object.reseller_slip_id.payment_url">
            <br />
            <a t-att-href="object.reseller_slip_id.payment_url">Pay online</a>
        </t>
        <br /><br />
        The invoice and its payment slip are attached.
    </p>
</div>
"""  # noqa: E501


def _as_stored(template, field_node):
    """The value Odoo stores for an ``html`` field node of a data file."""
    html = "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in field_node
    )
    return template._fields["body_html"].convert_to_cache(html, template)


def _normalised(html):
    return re.sub(r"\s+", " ", html or "").replace("> <", "><").strip()


def _shipped_body(template):
    """The body the data file ships today."""
    tree = etree.parse(file_path("reseller_billing/data/mail_template_data.xml"))
    [node] = tree.xpath(
        "//record[@id='mail_template_reseller_invoice']/field[@name='body_html']"
    )
    return _as_stored(template, node)


def update_invoice_template_body(env):
    """Give the invoice e-mail its PIX QR code if its body is still the shipped one.

    Returns True when the body was updated.
    """
    template = env.ref(TEMPLATE_XMLID, raise_if_not_found=False)
    if not template:
        return False
    old_node = etree.fromstring(f"<field>{BODY_BEFORE_PIX}</field>")
    body_before_pix = _as_stored(template, old_node)
    env.cr.execute(
        "SELECT body_html->>'en_US' FROM mail_template WHERE id = %s", [template.id]
    )
    current = env.cr.fetchone()[0]
    if _normalised(current) != _normalised(body_before_pix):
        if "pix_code" not in (current or ""):
            _logger.warning(
                "Mail template %s was customised: its body is left as it is. Add "
                "the slip's PIX QR code (object.reseller_slip_id.pix_qr_url) and "
                "code (object.reseller_slip_id.pix_code) to it by hand.",
                TEMPLATE_XMLID,
            )
        return False
    # The old translations translate the old terms: dropped, then reloaded for
    # the new body from the module's shipped files.
    env.cr.execute(
        "UPDATE mail_template SET body_html = jsonb_build_object('en_US', %s::text)"
        " WHERE id = %s",
        [_shipped_body(template), template.id],
    )
    template.invalidate_recordset(["body_html"])
    importer = TranslationImporter(env.cr, verbose=False)
    for lang, _name in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for code in dict.fromkeys([lang.split("_")[0], lang]):
            importer.load_file(
                f"reseller_billing/i18n/{code}.po", lang, xmlids=[TEMPLATE_XMLID]
            )
    importer.save(overwrite=True, force_overwrite=True)
    _logger.info("Mail template %s now shows the PIX QR code.", TEMPLATE_XMLID)
    return True


def migrate(cr, version):
    if not version:
        return
    update_invoice_template_body(api.Environment(cr, SUPERUSER_ID, {}))
