{
    "name": "Client Portal: Contract-Gated Approval",
    "summary": "Portal approval gated by a signed contract; login expiry and lockout",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "sale_management",
        "portal",
    ],
    "data": [
        # security
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": False,
}
