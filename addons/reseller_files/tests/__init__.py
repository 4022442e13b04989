from . import test_reseller_files
