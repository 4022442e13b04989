from . import accounting_share_link_wizard
from . import accounting_share_send_wizard
from . import accounting_share_protocol_wizard
