from . import test_sale_order_approval
from . import test_portal_routes
from . import test_login_policy
from . import test_portal_tour
from . import test_approval_digest
from . import test_client_sales_list
from . import test_portal_hardening
