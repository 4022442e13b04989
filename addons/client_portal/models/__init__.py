from . import res_company
from . import res_config_settings
from . import res_users
from . import sale_order
from . import sale_order_approval
from . import sale_order_line
