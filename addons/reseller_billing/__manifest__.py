{
    "name": "Reseller Billing",
    "summary": "Client contracts, monthly invoices, payment slips and gateway webhooks",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Reseller Suite",
    "website": "https://github.com/reseller-suite/reseller-suite",
    "development_status": "Beta",
    "depends": [
        "account",
        "portal",
        "reseller_guard",
    ],
    "data": [
        # security
        "security/reseller_billing_groups.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        # reports (before the mail template that attaches them)
        "report/reseller_payment_slip_reports.xml",
        # data
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/reseller_billing_index_data.xml",
        # the sandbox gateway (demo and test equipment)
        "data/reseller_billing_gateway_sandbox_data.xml",
        # views
        "views/reseller_contract_views.xml",
        "views/reseller_payment_slip_views.xml",
        "views/account_move_views.xml",
        "views/reseller_billing_gateway_views.xml",
        "views/res_config_settings_views.xml",
        "views/reseller_payment_slip_templates.xml",
        "views/reseller_billing_gateway_sandbox_templates.xml",
        "views/reseller_billing_index_views.xml",
        "views/reseller_contract_templates.xml",
        "wizard/reseller_invoice_generate_views.xml",
        "views/reseller_billing_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "reseller_billing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
