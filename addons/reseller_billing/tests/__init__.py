from . import test_contract
from . import test_recurring
from . import test_webhook
from . import test_access
from . import test_concurrency
from . import test_tour
from . import test_review
from . import test_invoice_sending
