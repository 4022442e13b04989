from . import test_contract
from . import test_recurring
from . import test_webhook
