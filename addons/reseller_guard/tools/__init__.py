from .names import check_entry_name
from .portal_access import document_or_404
from .portal_flash import flash
from .portal_list_params import clean_list_params
from .safe_zip import ZipRefused, read_zip_entries
