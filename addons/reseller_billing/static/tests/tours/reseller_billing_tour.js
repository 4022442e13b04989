/** @odoo-module **/

import {registry} from "@web/core/registry";

// Staff activate a trial contract and invoice it. Data: tests/test_tour.py.
registry.category("web_tour.tours").add("reseller_billing_staff_tour", {
    steps: () => [
        {
            content: "The contract starts in trial",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Trial)",
        },
        {
            content: "Activate the contract",
            trigger: ".o_form_view button[name=action_activate]",
            run: "click",
        },
        {
            content: "Invoice this month",
            trigger: ".o_form_view button[name=action_create_invoice]",
            run: "click",
        },
        {
            content: "The invoice is posted and its slip registered",
            trigger: ".o_form_view .o_field_widget[name=reseller_billing_state]:contains(Awaiting Payment)",
        },
    ],
});

// The client opens the invoice in the portal and pays it on the sandbox page.
registry.category("web_tour.tours").add("reseller_billing_portal_tour", {
    url: "/my/invoices",
    steps: () => [
        {
            content: "The invoice awaits payment",
            trigger: "td .o_reseller_billing_state:contains(Awaiting Payment)",
        },
        {
            content: "Open the invoice",
            trigger: "tr:has(.o_reseller_billing_state) a[href*='/my/invoices/']",
            run: "click",
        },
        {
            content: "Pay the slip",
            trigger: "#reseller_slip a.o_reseller_pay_slip",
            run: "click",
        },
        {
            content: "Press Pay on the sandbox bank page",
            trigger: "button.o_reseller_sandbox_pay",
            run: "click",
        },
        {
            content: "The bank confirms",
            trigger: ".o_reseller_sandbox_result.alert-success",
            run: "goToUrl /my/invoices",
        },
        {
            content: "The invoice shows the payment received, being settled",
            trigger: "td .o_reseller_billing_state:contains(Payment Received)",
        },
    ],
});
