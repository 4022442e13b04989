from . import test_reports
from . import test_publication
from . import test_portal
from . import test_dispatch
