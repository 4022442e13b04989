from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    portal_note = fields.Text(
        string="Additional Information",
        help="Short note about this line, shown to the client in the portal "
        "and printed on the quotation.",
    )

    # EXTENDS sale
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._reset_portal_approval_on_change()
        return lines

    # EXTENDS sale
    def write(self, vals):
        result = super().write(vals)
        self.order_id._reset_portal_approval_on_change()
        return result

    # EXTENDS sale
    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._reset_portal_approval_on_change()
        return result
