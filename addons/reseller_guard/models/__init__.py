from . import ir_http
from . import protected_fields_mixin
from . import upload_policy
from . import ir_qweb
from . import res_config_settings
