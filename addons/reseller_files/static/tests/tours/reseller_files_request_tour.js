import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("reseller_files_request_bulk_tour", {
    steps: () => [
        {
            content: "Open the bulk request",
            trigger: "button.o_reseller_request_bulk",
            run: "click",
        },
        {
            content: "Title the request",
            trigger: ".modal div[name='name'] input",
            run: "edit Balancete tour",
        },
        {
            content: "Choose clients by tag",
            trigger: ".modal div[name='category_ids'] input",
            run: "edit Tour tag",
        },
        {
            content: "Pick the tag",
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour tag')",
            run: "click",
        },
        {
            content: "Two clients are chosen",
            trigger: ".modal div[name='client_count']:contains('2')",
        },
        {
            content: "Send the requests",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "Both clients have their request",
            trigger: ".o_data_row:contains('Tour Client Two')",
        },
        {
            content: "Listed with the first client too",
            trigger: ".o_data_row:contains('Tour Client One')",
        },
    ],
});

registry.category("web_tour.tours").add("reseller_files_request_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the requested documents",
            trigger: ".o_reseller_requests_card a[href='/my/requests']",
            run: "click",
        },
        {
            content: "Open the request",
            trigger: ".o_reseller_request a:contains('Balancete tour')",
            run: "click",
        },
        {
            content: "Choose two files",
            trigger: "form.o_reseller_request_upload input[type='file']",
            run() {
                const transfer = new DataTransfer();
                for (const name of ["balancete.csv", "razao.csv"]) {
                    transfer.items.add(new File(["conta;saldo"], name, { type: "text/csv" }));
                }
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Send them",
            trigger: "form.o_reseller_request_upload button[type='submit']",
            run: "click",
        },
        {
            content: "They are sent",
            trigger: ".alert-success:contains('2 file(s) uploaded')",
        },
        {
            content: "Listed on the request",
            trigger: ".o_reseller_request_file:contains('razao.csv')",
        },
    ],
});

registry.category("web_tour.tours").add("reseller_files_request_fulfilled_tour", {
    steps: () => [
        {
            content: "Staff see the request fulfilled",
            trigger: ".o_statusbar_status button[aria-checked='true']:contains('Fulfilled')",
        },
        {
            content: "With the files received",
            trigger: ".o_field_widget[name='file_count']:contains('2')",
        },
    ],
});
