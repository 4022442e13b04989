from . import reseller_folder_trash_wizard
