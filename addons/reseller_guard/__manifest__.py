{
    "name": "Reseller Suite Guards",
    "summary": "What every addon of the suite checks the same way: fields only "
    "code may set, uploads, safe names, portal list parameters and messages",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "base_setup",
        "portal",
    ],
    "data": [
        # data
        "data/ir_config_parameter_data.xml",
        # views
        "views/portal_templates.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
