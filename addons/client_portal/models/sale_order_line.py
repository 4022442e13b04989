from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    portal_note = fields.Text(
        string="Additional Information",
        help="Short note about this line, shown to the client in the portal "
        "and printed on the quotation.",
    )
