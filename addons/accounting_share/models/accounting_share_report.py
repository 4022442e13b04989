from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report.report_type import get_report_type, get_report_types


class AccountingShareReport(models.AbstractModel):
    """Computes the shared reports of one client company.

    Each report type is a class of its own in report/ (its data, labels, XLSX sheet
    and template), registered with `register_report_type`. This model is the one
    door to them: it checks that the user may read the company's accounting, since
    the reports' SQL bypasses record rules, and dates the result.
    """

    _name = "accounting.share.report"
    _description = "Accounting Share Report Computation"

    @api.model
    def _get_report_types(self):
        """(code, label) of every report type, for selections."""
        return [
            (report_class.code, self.env._(report_class.label))
            for report_class in get_report_types()
        ]

    @api.model
    def _get_share_fields(self):
        """{report type: the res.partner Boolean that shares it with the client}."""
        return {
            report_class.code: report_class.share_field
            for report_class in get_report_types()
        }

    @api.model
    def _get_report_type(self, report_type):
        """The report type `report_type`, ready to compute or render."""
        report_class = get_report_type(report_type)
        if report_class is None:
            raise UserError(
                _("Unknown report type %(report_type)s.", report_type=report_type)
            )
        return report_class(self.env)

    @api.model
    def _get_labels(self):
        """Labels of the rows of every report, translated in the reader's language."""
        labels = {}
        for report_class in get_report_types():
            labels.update(report_class(self.env).get_labels())
        return labels

    @api.model
    def _get_report_data(
        self, company, report_type, date_from, date_to, snapshot=False
    ):
        """Return the data of `report_type` for `company` over the period.

        `snapshot`: what a publication keeps, without the lines that a report type
        stores apart (see AccountingReportType.stores_lines).
        """
        self._check_company_access(company)
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if date_from and date_to and date_from > date_to:
            raise UserError(_("The start date must precede the end date."))
        report = self._get_report_type(report_type)
        get_data = report.get_snapshot_data if snapshot else report.get_data
        data = get_data(company, date_from, date_to)
        data.update(
            {
                "report_type": report_type,
                "company_name": company.name,
                "currency": company.currency_id.name,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            }
        )
        return data

    @api.model
    def _check_company_access(self, company):
        """The reports' SQL bypasses record rules: only the company's members run it.

        This is what keeps company C out of a report asked for company B.
        """
        company.ensure_one()
        self.env["account.move.line"].check_access("read")
        if not self.env.su and (
            not self.env.user.has_group("account.group_account_readonly")
            or company not in self.env.user.company_ids
        ):
            raise AccessError(
                _(
                    "You are not allowed to read the accounting of %(company)s.",
                    company=company.name,
                )
            )
