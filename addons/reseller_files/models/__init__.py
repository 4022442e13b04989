from . import reseller_folder
from . import reseller_file
from . import reseller_file_download
from . import res_partner
from . import res_users
from . import res_company
from . import res_config_settings
from . import ir_http
