from . import reseller_billing_gateway
from . import reseller_billing_gateway_sandbox
from . import reseller_contract
from . import reseller_payment_slip
from . import reseller_webhook_event
from . import account_move
from . import res_company
from . import res_config_settings
