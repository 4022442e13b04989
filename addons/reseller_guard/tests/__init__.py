from . import test_names
from . import test_list_params
from . import test_route_fuzz
from . import test_ir_http
from . import test_upload_policy
from . import test_safe_zip
