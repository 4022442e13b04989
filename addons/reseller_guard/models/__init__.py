from . import ir_http
from . import protected_fields_mixin
from . import ir_qweb
