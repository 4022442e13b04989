from . import res_partner
from . import accounting_share_report
from . import accounting_share_publication
from . import accounting_share_dispatch
from . import accounting_share_publication_xlsx
from . import ir_attachment
