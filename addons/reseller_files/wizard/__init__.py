from . import reseller_folder_trash_wizard
from . import reseller_file_request_bulk_wizard
from . import reseller_file_version_wizard
