from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, pdf, sql
from odoo.tools.misc import formatLang

from ..report.report_type import LINE_PAGE_SIZE

# Only publishing sets these: a plain write over RPC must not publish. portal_visible
# is what the portal rule reads, computed from the state and the client's sharing.
PUBLICATION_FIELDS = frozenset(
    {
        "state",
        "version",
        "pdf_attachment_id",
        "published_by_id",
        "published_date",
        "replaced_by_id",
        "automatic",
        "portal_visible",
    }
)
# What a snapshot is about: fixed once published, or a client would see another's.
SNAPSHOT_FIELDS = {
    "name",
    "partner_id",
    "company_id",
    "report_type",
    "date_from",
    "date_to",
    "report_data",
}
PDF_REPORT = "accounting_share.accounting_share_publication_report_pdf"
XLSX_REPORT = "accounting_share.accounting_share_publication_report_xlsx"
# Lines of a stored ledger per portal page, and per PDF rendering of a long one.
PAGE_SIZE = LINE_PAGE_SIZE
PDF_CHUNK_SIZE = 25 * LINE_PAGE_SIZE
# One current (published) version per client, report type and period.
PUBLISHED_INDEX = "accounting_share_publication_published_period_uniq"


class AccountingSharePublication(models.Model):
    """A snapshot of one report of one client for one period.

    The portal reads only these snapshots: `report_data` and the stored PDF. It never
    reads the client company's journal items, of which portal users are not members.
    """

    _name = "accounting.share.publication"
    _description = "Accounting Share Publication"
    _inherit = ("mail.thread", "portal.mixin", "reseller.protected.fields.mixin")
    _order = "date_to desc, report_type, version desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        domain=[("shared_company_id", "!=", False)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Client Company",
        required=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    report_type = fields.Selection(
        selection="_selection_report_type", required=True, tracking=True
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("replaced", "Replaced")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    version = fields.Integer(default=0, readonly=True, copy=False)
    report_data = fields.Json(string="Snapshot", readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, copy=False
    )
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    published_date = fields.Datetime(readonly=True, copy=False)
    replaced_by_id = fields.Many2one(
        "accounting.share.publication", readonly=True, copy=False
    )
    automatic = fields.Boolean(readonly=True, help="Published by the scheduled action.")
    portal_visible = fields.Boolean(
        compute="_compute_portal_visible",
        store=True,
        index=True,
        help="Published, and its report type is shared with the client.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    preview_html = fields.Html(
        string="Report", compute="_compute_preview_html", sanitize=False
    )

    @api.model
    def _selection_report_type(self):
        return self.env["accounting.share.report"]._get_report_types()

    @api.model
    def _get_portal_visible_depends(self):
        share_fields = self.env["accounting.share.report"]._get_share_fields()
        partner_fields = (f"partner_id.{fname}" for fname in share_fields.values())
        return ("state", "report_type", *partner_fields)

    @api.depends("partner_id", "report_type", "date_from", "date_to")
    def _compute_name(self):
        labels = dict(self._selection_report_type())
        for publication in self:
            publication.name = _(
                "%(report)s, %(date_from)s to %(date_to)s",
                report=labels.get(publication.report_type, ""),
                date_from=publication.date_from or "",
                date_to=publication.date_to or "",
            )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for publication in self:
            if publication.partner_id.commercial_partner_id.shared_company_id:
                publication.company_id = (
                    publication.partner_id.commercial_partner_id.shared_company_id
                )

    @api.depends(lambda self: self._get_portal_visible_depends())
    def _compute_portal_visible(self):
        for publication in self:
            publication.portal_visible = (
                publication.state == "published"
                and publication.partner_id._accounting_share_is_report_shared(
                    publication.report_type
                )
            )

    def _compute_access_url(self):
        # EXTENDS portal
        result = super()._compute_access_url()
        for publication in self:
            publication.access_url = f"/my/accounting/{publication.id}"
        return result

    @api.depends("report_data")
    def _compute_preview_html(self):
        for publication in self:
            if not publication.report_data:
                publication.preview_html = False
                continue
            publication.preview_html = self.env["ir.qweb"]._render(
                "accounting_share.publication_report_body",
                publication._get_render_values(),
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for publication in self:
            if publication.date_from > publication.date_to:
                raise UserError(_("The start date must precede the end date."))

    @api.constrains("partner_id", "company_id")
    def _check_company_holds_client_books(self):
        # Otherwise a draft made for one client with another company's books (one the
        # author belongs to) would publish those books to that client's portal.
        for publication in self:
            client = publication.partner_id.commercial_partner_id
            if publication.company_id != client.shared_company_id:
                raise ValidationError(
                    _(
                        "%(company)s does not hold the books of %(client)s.",
                        company=publication.company_id.name,
                        client=client.display_name,
                    )
                )

    def init(self):
        result = super().init()
        self._init_published_period_index()
        return result

    def _init_published_period_index(self):
        """The database itself refuses a second published version of a period.

        Two managers (or a manager and the scheduled action) publishing at once are
        serialised by accounting.share.publisher; this index holds if anything slips by.
        """
        if sql.index_exists(self.env.cr, PUBLISHED_INDEX):
            return
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON accounting_share_publication "
                "(partner_id, report_type, date_from, date_to) "
                "WHERE state = 'published'",
                SQL.identifier(PUBLISHED_INDEX),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if partner:
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._check_published_snapshot_unchanged(vals)
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        if partner:
            vals = dict(vals, partner_id=partner.commercial_partner_id.id)
        return super().write(vals)

    def unlink(self):
        if any(publication.state != "draft" for publication in self):
            raise UserError(
                _("Published versions are history: only drafts can be deleted.")
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute(self):
        """Preview: compute the snapshot of a draft without publishing it."""
        self._check_can_edit()
        self._snapshot_report_data()
        return True

    def action_publish(self):
        self._check_can_publish()
        self._publish()
        return True

    def action_send_to_portal(self):
        self.ensure_one()
        return self.env["accounting.share.send.wizard"]._action_open(self)

    def action_download_pdf(self):
        self.ensure_one()
        return self.env.ref(PDF_REPORT).report_action(self)

    def action_download_xlsx(self):
        self.ensure_one()
        return self.env.ref(XLSX_REPORT).report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_protected_fields(self):
        # EXTENDS reseller_guard
        return super()._get_protected_fields() | PUBLICATION_FIELDS

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # EXTENDS portal
        # portal.mixin gives each publication a token for its links; the chatter
        # stays behind the record rules all the same, as the portal pages do.
        return super()._get_thread_with_access(thread_id, mode)

    def _check_published_snapshot_unchanged(self, vals):
        """Moving a published snapshot to another client or period, or back to
        draft, would republish or unpublish it without the manager's action."""
        if self.env.su or all(publication.state == "draft" for publication in self):
            return
        self.check_access("write")
        if SNAPSHOT_FIELDS.intersection(vals) or vals.get("state") == "draft":
            raise UserError(_("A published snapshot cannot be changed."))

    def _check_can_edit(self):
        self.check_access("write")
        if any(publication.state != "draft" for publication in self):
            raise UserError(_("Only draft publications can be recomputed."))

    def _check_can_publish(self):
        if not self.env.user.has_group(
            "accounting_share.group_accounting_share_manager"
        ):
            raise AccessError(
                _("Only Accounting Share administrators can publish reports.")
            )
        self._check_can_edit()

    def _snapshot_report_data(self):
        """Snapshot each publication; the lines a report keeps apart go to
        accounting.share.publication.page in one statement per publication."""
        report_model = self.env["accounting.share.report"]
        for publication in self:
            data = report_model._get_report_data(
                publication.company_id,
                publication.report_type,
                publication.date_from,
                publication.date_to,
                snapshot=True,
            )
            publication.report_data = data
            report_model._get_report_type(publication.report_type).store_lines(
                publication.id,
                publication.company_id,
                publication.date_from,
                publication.date_to,
                data.get("accounts", []),
            )

    def _publish(self):
        """Snapshot, publish as the period's next version, render the PDF.

        Callers check that the user may publish (action_publish), or run as the
        scheduled action.
        """
        return self.env["accounting.share.publisher"]._publish(self)

    def _get_file_name(self, extension):
        self.ensure_one()
        return f"{self.name}.{extension}".replace("/", "-")

    def _render_pdf_attachment(self):
        self.ensure_one()
        content, report_format = self._render_pdf_content()
        # Under test, Odoo renders reports as HTML instead of calling wkhtmltopdf.
        extension = "pdf" if report_format == "pdf" else "html"
        # sudo: the PDF link is closed to users (see _publish).
        self.sudo().pdf_attachment_id = self.env["ir.attachment"].create(
            {
                "name": self._get_file_name(extension),
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf" if extension == "pdf" else "text/html",
            }
        )

    def _render_pdf_content(self):
        """The PDF; a long ledger is rendered by chunks of lines, then merged, so that
        the HTML of a whole year never sits in memory at once."""
        report_model = self.env["ir.actions.report"]
        line_count = (self.report_data or {}).get("line_count", 0)
        if line_count <= PDF_CHUNK_SIZE:
            return report_model._render_qweb_pdf(PDF_REPORT, res_ids=self.ids)
        parts = []
        report_format = "pdf"
        for first in range(1, line_count + 1, PDF_CHUNK_SIZE):
            line_range = (first, min(line_count, first + PDF_CHUNK_SIZE - 1))
            content, report_format = report_model.with_context(
                accounting_share_line_range=line_range
            )._render_qweb_pdf(PDF_REPORT, res_ids=self.ids)
            parts.append(content)
        if report_format != "pdf":  # under test: HTML documents, one after the other
            return b"".join(parts), report_format
        return pdf.merge_pdf(parts), report_format

    def _get_line_groups(self, first=1, last=None):
        """The accounts and stored lines first..last (all by default) of a report
        that keeps its lines apart; its accounts with their lines otherwise."""
        self.ensure_one()
        data = self.report_data or {}
        report = self.env["accounting.share.report"]._get_report_type(self.report_type)
        if "line_count" not in data:  # a snapshot taken with its lines inside
            return [
                {
                    "account": account,
                    "lines": account.get("lines", []),
                    "show_opening": True,
                    "show_closing": True,
                }
                for account in data.get("accounts", [])
            ]
        if self.env.context.get("accounting_share_line_range"):
            first, last = self.env.context["accounting_share_line_range"]
        last = data["line_count"] if last is None else last
        lines = report.read_lines(self.id, first, last)
        return report.group_lines(data, lines, first, last)

    def _get_page_range(self, page):
        """(first, last) sequences of a portal page of stored lines, and the count."""
        self.ensure_one()
        total = (self.report_data or {}).get("line_count", 0)
        page_count = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, page), page_count)
        first = (page - 1) * PAGE_SIZE + 1
        return first, min(total, first + PAGE_SIZE - 1), total

    def _render_xlsx(self):
        self.ensure_one()
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            XLSX_REPORT, self.ids, None
        )
        return content

    def _get_period_label(self):
        self.ensure_one()
        return _(
            "%(date_from)s to %(date_to)s",
            date_from=fields.Date.to_string(self.date_from),
            date_to=fields.Date.to_string(self.date_to),
        )

    def _format_amount(self, amount):
        return formatLang(self.env, amount or 0.0, digits=2)

    def _format_ratio(self, value, percent=False):
        """A ratio as text; a dash when it has no value (zero denominator)."""
        if value is None:
            return "-"
        if percent:
            return f"{formatLang(self.env, value * 100, digits=2)} %"
        return formatLang(self.env, value, digits=2)

    def _get_report_template(self):
        """The QWeb template of this publication's report type."""
        self.ensure_one()
        report_model = self.env["accounting.share.report"]
        return report_model._get_report_type(self.report_type).template

    def _get_render_values(self, page=1):
        """What the report templates read; `page`: of a report whose lines are stored
        apart (a ledger), the page of PAGE_SIZE lines to show."""
        self.ensure_one()
        values = {
            "publication": self,
            "data": self.report_data or {},
            "labels": self.env["accounting.share.report"]._get_labels(),
            "report_label": dict(self._selection_report_type()).get(self.report_type),
        }
        report = self.env["accounting.share.report"]._get_report_type(self.report_type)
        if report.stores_lines:
            first, last, total = self._get_page_range(page)
            values.update(
                line_groups=self._get_line_groups(first, last),
                line_range=(first, last),
                line_total=total,
            )
        return values

    @api.model
    def _cron_publish_automatic(self, batch_size=20):
        """One batch of the scheduled publication of closed months.

        The scheduler commits each batch and calls again while clients remain (see
        accounting.share.publisher).
        """
        publisher = self.env["accounting.share.publisher"]
        return publisher._publish_automatic_batch(batch_size=batch_size)
