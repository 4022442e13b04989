{
    "name": "Reseller File Center",
    "summary": "A folder tree per client, shared with the client through the portal",
    "version": "18.0.1.0.0",
    "category": "Document Management",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "base",
        "mail",
        "portal",
    ],
    "data": [
        # security
        "security/reseller_files_groups.xml",
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": True,
}
