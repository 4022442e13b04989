{
    "name": "Reseller Suite Guards",
    "summary": "What every addon of the suite checks the same way: safe names, "
    "portal list parameters and portal messages",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "portal",
    ],
    "data": [
        # views
        "views/portal_templates.xml",
    ],
    "installable": True,
}
