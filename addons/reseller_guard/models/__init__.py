from . import ir_http
from . import protected_fields_mixin
