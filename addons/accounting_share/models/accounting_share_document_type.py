from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guia_text import keyword_pattern, normalize


class AccountingShareDocumentType(models.Model):
    """A kind of document the guia intake recognises by its words (DAS, FGTS...).

    The first type, in sequence order, one of whose keywords is printed in a
    document is proposed for it; staff edit the list (Accounting Share >
    Configuration > Document Types).
    """

    _name = "accounting.share.document.type"
    _description = "Guia Document Type"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    keywords = fields.Char(
        required=True,
        help="Comma-separated words or phrases, accents and case ignored, matched as "
        "whole words: a document that prints one of them is of this type.",
    )
    obligation_id = fields.Many2one(
        "accounting.share.obligation",
        string="Fulfils Obligation",
        help="Sending a document of this type closes the client's task of this "
        "obligation for the document's period.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the type in every company."
    )

    @api.constrains("keywords")
    def _check_keywords(self):
        for document_type in self:
            if not document_type._get_keyword_patterns():
                raise ValidationError(_("Give at least one keyword."))

    def _get_keyword_patterns(self):
        self.ensure_one()
        return [
            keyword_pattern(keyword)
            for keyword in (self.keywords or "").split(",")
            if keyword.strip()
        ]

    @api.model
    def _get_matchers(self, company):
        """[(document type, keyword patterns)] in order, read once per intake."""
        types = self.search(
            [("company_id", "in", [False, company.id])], order="sequence, id"
        )
        return [
            (document_type, document_type._get_keyword_patterns())
            for document_type in types
        ]

    @api.model
    def _find_type(self, matchers, text):
        """The first type whose keyword the text prints, else an empty record."""
        normalized = normalize(text)
        for document_type, patterns in matchers:
            if any(pattern.search(normalized) for pattern in patterns):
                return document_type
        return self.browse()
