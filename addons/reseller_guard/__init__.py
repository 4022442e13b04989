from . import controllers
from . import tools
