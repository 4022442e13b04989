from . import portal
from . import sandbox
from . import webhook
