{
    "name": "Reseller Billing",
    "summary": "Client contracts, monthly invoices, payment slips and gateway webhooks",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "account",
        "portal",
        "payment",
    ],
    "data": [
        # security
        "security/reseller_billing_groups.xml",
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": True,
}
