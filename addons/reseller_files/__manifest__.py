{
    "name": "Reseller File Center",
    "summary": "A folder tree per client, shared with the client through the portal",
    "version": "18.0.1.0.2",
    "category": "Document Management",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "base",
        "base_setup",
        "mail",
        "portal",
        "reseller_guard",
    ],
    "data": [
        # security
        "security/reseller_files_groups.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        # data
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        # views
        "views/reseller_file_views.xml",
        "views/reseller_folder_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/reseller_file_request_views.xml",
        "views/reseller_folder_templates.xml",
        "views/reseller_file_request_templates.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "reseller_files/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": True,
}
