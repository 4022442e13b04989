/** @odoo-module **/

import { registry } from "@web/core/registry";

// Staff fill in a line's additional information from the quotation form.
registry.category("web_tour.tours").add("client_portal_additional_information", {
    steps: () => [
        {
            content: "Open the Additional Information dialog",
            trigger: "button[name='action_open_portal_notes']",
            run: "click",
        },
        {
            content: "Edit the note of the first line",
            trigger: ".modal .o_data_row:first-child td[name='portal_note']",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:first-child td[name='portal_note'] textarea",
            run: "edit Delivered in March",
        },
        {
            content: "Move to the next line, which saves the first one",
            trigger: ".modal .o_data_row:nth-child(2) td[name='portal_note']",
            run: "click",
        },
        {
            trigger:
                ".modal .o_data_row:first-child td[name='portal_note']:contains('Delivered in March')",
        },
        {
            content: "Close the dialog",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
