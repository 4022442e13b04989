import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("reseller_files_backend_tour", {
    steps: () => [
        {
            content: "Files are shown as cards",
            trigger: ".o_kanban_record:contains('backend-tour.pdf')",
        },
        {
            content: "The folder tree is on the left: open the office's root",
            trigger: ".o_search_panel_category_value:eq(1) header",
            run: "click",
        },
        {
            content: "Then the client's folder",
            trigger: ".o_search_panel_category_value header:contains('Backend Tour Client')",
            run: "click",
        },
        {
            content: "Open the file",
            trigger: ".o_kanban_record:contains('backend-tour.pdf')",
            run: "click",
        },
        {
            content: "Its info is shown",
            trigger: ".o_form_view .o_field_widget[name='file_size_human']:contains('B')",
        },
    ],
});
