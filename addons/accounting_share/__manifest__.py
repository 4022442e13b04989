{
    "name": "Accounting Share",
    "summary": "Per-client accounting reports published to the portal, with dispatches",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "account",
        "portal",
        "reseller_files",
        "report_xlsx",
    ],
    "data": [
        # security
        "security/accounting_share_groups.xml",
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": True,
}
