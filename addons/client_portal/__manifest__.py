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
        "reseller_guard",
    ],
    "data": [
        # security
        "security/ir.model.access.csv",
        # data
        "data/ir_cron.xml",
        # views
        "views/sale_order_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_order_templates.xml",
        "wizard/sale_order_contract_reject_views.xml",
        # reports
        "report/sale_order_reports.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "client_portal/static/src/js/portal_home_latest_orders.js",
        ],
        "web.assets_tests": [
            "client_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
