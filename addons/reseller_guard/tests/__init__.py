from . import test_names
from . import test_list_params
