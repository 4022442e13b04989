from . import test_access
from . import test_portal
from . import test_reseller_files
from . import test_tour
