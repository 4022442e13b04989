/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test: a quotation that requires a signed contract.
registry.category("web_tour.tours").add("client_portal_contract_approval", {
    steps: () => [
        {
            content: "The quotation lists its lines with their additional information",
            trigger: "#product_portal_note:contains('Installed on site')",
        },
        {
            content: "Approve is visibly disabled until the signed contract is uploaded",
            trigger: "#portal_approve_button:disabled",
        },
        {
            content: "The reason is shown next to the disabled button",
            trigger: "#portal_approve_block_reason:contains('signed contract')",
        },
        {
            content: "Choose the scanned, signed contract",
            trigger: "#portal_signed_contract_file",
            run: function () {
                const scan = new File(["%PDF-1.4\n% signed by the client\n"], "scan.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(scan);
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Upload it",
            trigger: "#portal_signed_contract_upload",
            run: "click",
        },
        {
            content: "The upload is confirmed and the signed contract is listed",
            trigger: "#portal_contract_notice:contains('signed contract was received')",
        },
        {
            trigger: "#portal_signed_contract:contains('Signed contract')",
        },
        {
            content: "Approve is now enabled",
            trigger: "#portal_approve_button:enabled",
            run: "click",
        },
        {
            content: "The quotation is approved, awaiting invoicing",
            trigger: "#portal_approved_status:contains('Approved, awaiting invoicing')",
        },
    ],
});
