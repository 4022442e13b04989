import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("reseller_files_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Files card",
            trigger: ".o_reseller_files_card a[href='/my/files']",
            run: "click",
        },
        {
            content: "Name a new folder",
            trigger: "form.o_reseller_files_new_folder input[name='name']",
            run: "edit Tour folder",
        },
        {
            content: "Create it",
            trigger: "form.o_reseller_files_new_folder button[type='submit']",
            run: "click",
        },
        {
            content: "The new folder is open",
            trigger: ".o_reseller_files h3:contains('Tour folder')",
        },
        {
            content: "Choose a file",
            trigger: "form.o_reseller_files_upload input[type='file']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["hello from the tour"], "tour-notes.txt", {
                        type: "text/plain",
                    })
                );
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Upload it",
            trigger: "form.o_reseller_files_upload button[type='submit']",
            run: "click",
        },
        {
            content: "The file is listed",
            trigger: ".o_reseller_files_file:contains('tour-notes.txt')",
        },
        {
            content: "Open its info",
            trigger: ".o_reseller_files_file .o_reseller_files_info_btn",
            run: "click",
        },
        {
            content: "Write a comment",
            trigger: ".o_reseller_files_comment_form input[name='comment']:visible",
            run: "edit Meeting notes",
        },
        {
            content: "Save the comment",
            trigger: ".o_reseller_files_comment_form button[type='submit']",
            run: "click",
        },
        {
            content: "The comment is saved",
            trigger: ".alert-success:contains('Comment saved')",
        },
        {
            content: "Download the file",
            trigger: ".o_reseller_files_file a.o_reseller_files_download",
            async run() {
                const response = await fetch(this.anchor.getAttribute("href"));
                const disposition = response.headers.get("Content-Disposition") || "";
                const text = await response.text();
                if (
                    !response.ok ||
                    !disposition.startsWith("attachment") ||
                    !disposition.includes("tour-notes.txt") ||
                    text !== "hello from the tour"
                ) {
                    throw new Error("The download did not return the uploaded file");
                }
                document.body.classList.add("o_reseller_files_downloaded");
            },
        },
        {
            content: "Downloaded",
            trigger: "body.o_reseller_files_downloaded",
        },
    ],
});
