/** @odoo-module **/

import {registry} from "@web/core/registry";

// Data comes from the Python test: an obligation (DAS) applying to the client.
registry.category("web_tour.tours").add("accounting_share_obligation_generate_tour", {
    steps: () => [
        {
            content: "Generate this period's tasks from the obligation",
            trigger: "button[name='action_generate_tasks']",
            run: "click",
        },
        {
            content: "The tasks are created",
            trigger: ".o_notification:contains('tasks created')",
        },
    ],
});

// The guia is attached to the client's DAS task by the Python test.
registry.category("web_tour.tours").add("accounting_share_obligation_send_tour", {
    steps: () => [
        {
            content: "Send the guia to the client",
            trigger: "button[name='action_obligation_send']",
            run: "click",
        },
        {
            content: "The dispatch is sent",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains('Sent')",
        },
        {
            content: "Back to the task",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active):last a",
            run: "click",
        },
        {
            content: "The task records the dispatch that closed it",
            trigger: ".o_field_widget[name='obligation_dispatch_id']:contains('guia')",
        },
    ],
});

registry.category("web_tour.tours").add("accounting_share_obligation_portal_tour", {
    url: "/my/obligations",
    steps: () => [
        {
            // This period's DAS falls due next month: the client moves there.
            content: "Go to next month's obligations",
            trigger: "a.o_accounting_share_next_month",
            run: "click",
        },
        {
            content: "The client sees its DAS sent",
            trigger: ".o_accounting_share_obligation:contains('DAS') .badge:contains('Sent on')",
        },
    ],
});
