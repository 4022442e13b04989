from . import guia_text
