{
    "name": "Accounting Share",
    "summary": "Per-client accounting reports published to the portal, with dispatches",
    "version": "18.0.1.0.1",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "account",
        "portal",
        "project",
        "reseller_files",
        "reseller_guard",
        "report_xlsx",
    ],
    "data": [
        # security
        "security/accounting_share_groups.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        # data
        "data/ir_cron_data.xml",
        "data/project_project_data.xml",
        # views
        "views/accounting_share_publication_views.xml",
        "views/accounting_share_dispatch_views.xml",
        "views/accounting_share_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/accounting_share_obligation_views.xml",
        "views/project_task_views.xml",
        "views/accounting_share_menus.xml",
        "views/accounting_share_publication_templates.xml",
        "views/project_task_templates.xml",
        # reports: one template per report type, then the publication's documents
        "report/profit_loss.xml",
        "report/balance_sheet.xml",
        "report/general_ledger.xml",
        "report/ratios.xml",
        "report/taxes.xml",
        "report/treasury.xml",
        "report/accounting_share_publication_reports.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "accounting_share/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
