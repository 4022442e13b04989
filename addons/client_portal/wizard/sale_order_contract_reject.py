from odoo import fields, models


class SaleOrderContractReject(models.TransientModel):
    _name = "sale.order.contract.reject"
    _description = "Reject a Signed Contract Document"

    order_id = fields.Many2one(
        comodel_name="sale.order", string="Quotation", required=True, readonly=True
    )
    reason = fields.Text(
        required=True, help="Sent to the client, who can then upload again."
    )

    def action_reject(self):
        self.ensure_one()
        self.order_id.check_access("write")
        self.order_id._reject_signed_contract_document(self.reason)
        return {"type": "ir.actions.act_window_close"}
