from . import portal
from . import requests
