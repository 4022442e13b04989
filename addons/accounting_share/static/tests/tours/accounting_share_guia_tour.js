/** @odoo-module **/

import {registry} from "@web/core/registry";

// Data comes from the Python test: one unread guia sent to the client.
registry.category("web_tour.tours").add("accounting_share_guia_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The Guias card counts one new guia",
            trigger: ".o_accounting_share_guias_card [data-placeholder_count]:contains('1')",
        },
        {
            content: "Open the client's guias",
            trigger: ".o_accounting_share_guias_card a[href='/my/guias']",
            run: "click",
        },
        {
            content: "The guia is listed as new, with its amount",
            trigger: ".o_accounting_share_guia:contains('DAS tour') .o_accounting_share_guia_status:contains('New')",
        },
        {
            content: "Download it, as the client's browser does",
            trigger: "a.o_accounting_share_guia_download",
            async run() {
                const link = document.querySelector("a.o_accounting_share_guia_download");
                const response = await fetch(link.href);
                if (!response.ok) {
                    throw new Error(`the download answered ${response.status}`);
                }
                window.location.reload();
            },
        },
        {
            content: "The guia is now read",
            trigger: ".o_accounting_share_guia .o_accounting_share_guia_status:contains('Read on')",
        },
    ],
});
