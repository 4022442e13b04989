from . import report_type
from . import profit_loss
from . import balance_sheet
from . import general_ledger
from . import ratios
from . import taxes
from . import treasury
from . import accounting_share_publication_xlsx
