"""Reading a bulk upload of guias: files, zips, PDF pages, clients.

The steps, each overridable:
1. `_expand_uploads`: every uploaded file checked by the suite's upload policy
   (name, blocked extension, empty file), zips opened with reseller_guard's
   `read_zip_entries` (entry count, expanded size, path of each entry);
2. `_read_pdf`: each PDF's text, page by page (pypdf); encrypted or damaged
   PDFs are refused there;
3. `_match_tax_ids`: every CNPJ and CPF of the whole upload matched against the
   clients' `vat`, digits only, in ONE query;
4. `_split_by_client`: consecutive pages of one client make one document; a
   page that prints no CNPJ or CPF continues the document before it.
Each refused file or entry becomes a document in state "error" with its reason;
the others go on.
"""

import io
import zlib
from dataclasses import dataclass, field

import pypdf
from pypdf.errors import PyPdfError

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.reseller_guard.tools import ZipRefused, read_zip_entries

from ..tools.guia_text import find_tax_ids

ZIP_MAX_ENTRIES = 10_000
MAX_EXPANDED_SIZE_PARAM = "accounting_share.intake_max_expanded_mb"
DEFAULT_MAX_EXPANDED_MB = 500
# A guia file has a few pages per client: a PDF of more pages is not one.
MAX_PDF_PAGES = 5_000
# The digits of a partner's vat, as one SQL expression: the same expression is
# indexed (accounting.share.intake's init), so the match is an index lookup.
VAT_DIGITS_SQL = "regexp_replace(vat, '[^0-9]', '', 'g')"
VAT_DIGITS_INDEX = "res_partner_accounting_share_vat_digits_index"
# What pypdf raises on a damaged file besides its own errors.
PDF_READ_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    AssertionError,
    zlib.error,
)


@dataclass
class IntakeDocument:
    """One document found in the upload: a whole file, some pages of a PDF, or a
    refused file (state "error")."""

    source_name: str
    content: bytes | None = None
    text: str = ""
    pages: list = field(default_factory=list)
    page_count: int = 0
    partner: object = None
    tax_ids: list = field(default_factory=list)
    state: str = "proposed"
    reason: str = ""
    sha256: str = ""


@dataclass
class ReadPdf:
    name: str
    content: bytes
    reader: object
    texts: list


class AccountingShareIntakeReader(models.AbstractModel):
    _name = "accounting.share.intake.reader"
    _description = "Guia Intake Reader"

    @api.model
    def _read_uploads(self, uploads, company):
        """[IntakeDocument] of `uploads`, [(file name, bytes)]."""
        files, documents = self._expand_uploads(uploads)
        pdfs = []
        for name, content in files:
            read = self._read_pdf(name, content)
            if isinstance(read, IntakeDocument):
                documents.append(read)
            else:
                pdfs.append(read)
        tax_ids = {
            tax_id
            for pdf in pdfs
            for text in pdf.texts
            for tax_id in find_tax_ids(text)
        }
        matches = self._match_tax_ids(tax_ids)
        for pdf in pdfs:
            documents += self._split_by_client(pdf, matches)
        return documents

    # ------------------------------------------------------------------
    # 1. Files and zips
    # ------------------------------------------------------------------

    @api.model
    def _get_max_expanded_size(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(MAX_EXPANDED_SIZE_PARAM, DEFAULT_MAX_EXPANDED_MB)
        )
        try:
            megabytes = int(value)
        except (TypeError, ValueError):
            megabytes = DEFAULT_MAX_EXPANDED_MB
        return max(megabytes, 1) * 1024 * 1024

    @api.model
    def _expand_uploads(self, uploads):
        """([(name, bytes)] of the PDFs to read, [IntakeDocument] refused)."""
        files, refused = [], []
        for name, content in uploads:
            problem = self._check_upload(name, content)
            if problem:
                refused.append(self._refused(name, problem))
            elif self._is_zip(name, content):
                more_files, more_refused = self._expand_zip(name, content)
                files += more_files
                refused += more_refused
            else:
                files.append((name, content))
        return files, refused

    @api.model
    def _check_upload(self, name, content):
        """The upload policy's reason to refuse the file, or None."""
        try:
            self.env["reseller.upload.policy"]._check_uploads([(name, content)])
        except UserError as error:
            return error.args[0]
        return None

    @api.model
    def _is_zip(self, name, content):
        policy = self.env["reseller.upload.policy"]
        return policy._sniff_mimetype(name, content[:4096]) == "application/zip"

    @api.model
    def _expand_zip(self, name, content):
        try:
            entries = read_zip_entries(
                self.env,
                io.BytesIO(content),
                ZIP_MAX_ENTRIES,
                self._get_max_expanded_size(),
            )
        except ZipRefused as error:
            return [], [self._refused(name, error.args[0])]
        files, refused = [], []
        for path, entry_content, path_problem in entries:
            entry_name = f"{name}/{path}"
            problem = path_problem or self._check_entry(path, entry_content)
            if problem:
                refused.append(self._refused(entry_name, problem))
            else:
                files.append((entry_name, entry_content))
        return files, refused

    @api.model
    def _check_entry(self, path, content):
        """The reason to refuse a file of a zip whose path is safe, or None."""
        problem = self._check_upload(path.rpartition("/")[2], content)
        if not problem and self._is_zip(path, content):
            problem = self.env._("A zip inside a zip is not read: unzip it first.")
        return problem

    @api.model
    def _refused(self, name, reason):
        return IntakeDocument(source_name=name, state="error", reason=reason)

    # ------------------------------------------------------------------
    # 2. PDF text
    # ------------------------------------------------------------------

    @api.model
    def _read_pdf(self, name, content):
        """A ReadPdf with each page's text, or a refused IntakeDocument."""
        if b"%PDF" not in content[:1024]:
            return self._refused(
                name, self.env._("Only PDF files and zips of PDF files are read.")
            )
        try:
            reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                return self._refused(
                    name,
                    self.env._(
                        "The PDF is encrypted (protected by a password) and cannot "
                        "be read: export it again without a password."
                    ),
                )
            if len(reader.pages) > MAX_PDF_PAGES:
                return self._refused(
                    name,
                    self.env._(
                        "The PDF has more than %(max)s pages.", max=MAX_PDF_PAGES
                    ),
                )
            texts = [page.extract_text() or "" for page in reader.pages]
        except PDF_READ_ERRORS as error:
            return self._refused(
                name,
                self.env._(
                    "The PDF is damaged and cannot be read (%(error)s).",
                    error=str(error)[:200] or type(error).__name__,
                ),
            )
        if not texts:
            return self._refused(name, self.env._("The PDF has no page."))
        return ReadPdf(name, content, reader, texts)

    # ------------------------------------------------------------------
    # 3. Clients, by CNPJ or CPF
    # ------------------------------------------------------------------

    @api.model
    def _match_tax_ids(self, tax_ids):
        """{digits: partners whose vat has these digits}, in one query.

        Only commercial partners (a contact repeats its company's vat) that are
        not an office company (whose own CNPJ some layouts print), under the
        user's record rules (the multi-company rule of res.partner).
        """
        if not tax_ids:
            return {}
        partner_model = self.env["res.partner"]
        # The query below reads vat in SQL: pending changes must reach it.
        partner_model.flush_model(["vat", "parent_id", "active", "company_id"])
        query = partner_model._search([("parent_id", "=", False)])
        table = partner_model._table
        digits_sql = SQL(VAT_DIGITS_SQL.replace("vat", f'"{table}".vat'))
        query.add_where(SQL("%s = ANY(%s)", digits_sql, sorted(tax_ids)))
        query.add_where(
            SQL(
                "%s NOT IN (SELECT partner_id FROM res_company)",
                SQL.identifier(table, "id"),
            )
        )
        self.env.cr.execute(query.select(SQL.identifier(table, "id"), digits_sql))
        matches = {}
        for partner_id, digits in self.env.cr.fetchall():
            matches.setdefault(digits, []).append(partner_id)
        return {digits: partner_model.browse(ids) for digits, ids in matches.items()}

    # ------------------------------------------------------------------
    # 4. One document per client
    # ------------------------------------------------------------------

    @api.model
    def _split_by_client(self, pdf, matches):
        if not any(text.strip() for text in pdf.texts):
            return [
                IntakeDocument(
                    source_name=pdf.name,
                    content=pdf.content,
                    pages=list(range(len(pdf.texts))),
                    page_count=len(pdf.texts),
                    state="unmatched",
                    reason=self.env._(
                        "No text could be read from this PDF (a scan?): choose the "
                        "client and the details by hand."
                    ),
                )
            ]
        documents = []
        for index, text in enumerate(pdf.texts):
            tax_ids = find_tax_ids(text)
            if documents and self._continues(documents[-1], tax_ids, matches):
                documents[-1].pages.append(index)
                documents[-1].text += "\n" + text
                continue
            documents.append(self._new_document(pdf, index, text, tax_ids, matches))
        for document in documents:
            document.page_count = len(pdf.texts)
            document.content = self._extract_pages(pdf, document.pages)
        return documents

    @api.model
    def _continues(self, document, tax_ids, matches):
        """A page without CNPJ or CPF continues the document; so does one of the
        same client, or with the same unknown numbers."""
        if not tax_ids:
            return True
        if document.partner:
            return self._partners_of(tax_ids, matches) == document.partner
        return document.state == "unmatched" and tax_ids == document.tax_ids

    @api.model
    def _partners_of(self, tax_ids, matches):
        partners = self.env["res.partner"]
        for tax_id in tax_ids:
            partners |= matches.get(tax_id, partners)
        return partners

    @api.model
    def _new_document(self, pdf, index, text, tax_ids, matches):
        document = IntakeDocument(
            source_name=pdf.name, text=text, pages=[index], tax_ids=tax_ids
        )
        partners = self._partners_of(tax_ids, matches)
        if len(partners) == 1:
            document.partner = partners
            return document
        document.state = "unmatched"
        if not tax_ids:
            document.reason = self.env._("No CNPJ or CPF was found in the text.")
        elif not partners:
            document.reason = self.env._(
                "No client has the CNPJ or CPF %(numbers)s.",
                numbers=", ".join(tax_ids),
            )
        else:
            document.reason = self.env._(
                "Several clients match (%(clients)s): choose one.",
                clients=", ".join(partners.mapped("display_name")),
            )
        return document

    @api.model
    def _extract_pages(self, pdf, pages):
        """The file itself when the document is all of it, else a new PDF of its
        pages (the same pages always give the same bytes, hence the same hash)."""
        if len(pages) == len(pdf.texts):
            return pdf.content
        writer = pypdf.PdfWriter()
        for index in pages:
            writer.add_page(pdf.reader.pages[index])
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
