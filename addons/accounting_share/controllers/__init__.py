from . import portal
from . import reseller_files_portal
from . import obligation_portal
from . import project_portal
from . import guia_portal
