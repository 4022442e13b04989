from . import reseller_invoice_generate
