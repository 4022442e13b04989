from . import test_reports
from . import test_publication
from . import test_portal
from . import test_dispatch
from . import test_portal_documents
from . import test_publish_concurrency
from . import test_portal_inputs
