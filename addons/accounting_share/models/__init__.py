from . import res_partner
from . import accounting_share_report
from . import accounting_share_publication
from . import accounting_share_publisher
from . import accounting_share_dispatch
from . import ir_attachment
