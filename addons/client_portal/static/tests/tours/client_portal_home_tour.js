/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test: one proposal sent to the client, awaiting its
// signed contract. The portal home fetches both once it is shown.
registry.category("web_tour.tours").add("client_portal_home_latest_orders", {
    steps: () => [
        {
            content: "The office contact is rendered with the page",
            trigger: "#portal_office_contact:contains('office@office.example')",
        },
        {
            content: "The latest orders are loaded and list the proposal",
            trigger: "#portal_latest_orders tbody tr:contains('Awaiting signed contract')",
        },
        {
            content: "The card counts the proposal awaiting the client",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count='client_portal_awaiting_count']:contains(1)",
        },
        {
            content: "View all leads to the list of orders and proposals",
            trigger: "#portal_latest_orders_all",
            run: "click",
        },
        {
            content: "The list shows the proposal",
            trigger: ".o_portal_my_doc_table tbody tr:contains('Awaiting signed contract')",
        },
    ],
});
