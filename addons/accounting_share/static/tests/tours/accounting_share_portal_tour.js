/** @odoo-module **/

import {registry} from "@web/core/registry";

// Data comes from the Python test: one published profit & loss for the client.
registry.category("web_tour.tours").add("accounting_share_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Accounting card of the portal home",
            trigger: ".o_portal_index_card a[href='/my/accounting']",
            run: "click",
        },
        {
            content: "Open the published profit & loss",
            trigger: ".o_accounting_share_publication_row a:contains('Profit & Loss')",
            run: "click",
        },
        {
            content: "The report shows its net profit",
            trigger: ".o_accounting_share_profit_loss td:contains('Net Profit')",
        },
        {
            content: "Download the PDF",
            trigger: "a.o_accounting_share_pdf",
            async run() {
                const link = document.querySelector("a.o_accounting_share_pdf");
                const response = await fetch(link.href);
                const disposition = response.headers.get("Content-Disposition") || "";
                if (!response.ok || !disposition.includes("attachment")) {
                    throw new Error("The PDF download failed");
                }
                document.body.classList.add("o_accounting_share_pdf_downloaded");
            },
        },
        {
            content: "The PDF was downloaded",
            trigger: "body.o_accounting_share_pdf_downloaded",
        },
    ],
});
