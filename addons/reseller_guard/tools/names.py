"""One check for every name a user gives a file or a folder.

Names are refused, not silently cleaned, so the user knows what was stored. The
same check runs in the portal, the back end, over RPC and on every upload.
"""

import unicodedata

from odoo.exceptions import ValidationError

MAX_NAME_LENGTH = 255
PATH_SEPARATORS = frozenset("/\\")
# Unicode categories that print nothing or change how the rest prints: control
# characters (Cc, NUL included), format characters (Cf: the bidirectional
# overrides such as U+202E, zero-width spaces and joiners, the BOM), line and
# paragraph separators, and unassigned or private code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _invisible_characters(name):
    return sorted({c for c in name if unicodedata.category(c) in INVISIBLE_CATEGORIES})


def check_entry_name(env, name):
    """Raise a ValidationError when a file or folder name is unsafe.

    Refused:
    - an empty name, or one over 255 characters;
    - path separators, `..`, control characters (NUL included);
    - bidirectional overrides and other invisible characters, with which
      `report\u202efdp.exe` displays as `reportexe.pdf`;
    - a leading dot: on the clients' machines such a file is hidden once
      downloaded, and names such as `.htaccess` or `.bashrc` configure the
      programs that read the folder, never a document an office exchanges;
    - a trailing dot or space, which Windows drops on download, turning
      `invoice.exe.` into `invoice.exe` past the blocked-extension check.
    """
    for check in (_check_length, _check_characters, _check_dots):
        problem = check(env, name)
        if problem:
            raise ValidationError(problem)


def _check_length(env, name):
    if not isinstance(name, str) or not name.strip():
        return env._("A name is required.")
    if len(name) > MAX_NAME_LENGTH:
        return env._(
            "The name %(name)s… is too long: at most %(max)s characters.",
            name=name[:40],
            max=MAX_NAME_LENGTH,
        )
    return None


def _check_characters(env, name):
    invisible = _invisible_characters(name)
    if PATH_SEPARATORS.intersection(name) or invisible:
        return env._(
            "The name %(name)s contains a path separator, a control character "
            "or an invisible character (%(characters)s).",
            name=ascii(name),
            characters=", ".join(f"U+{ord(c):04X}" for c in invisible) or "/",
        )
    return None


def _check_dots(env, name):
    if ".." in name:
        return env._("The name %(name)s may not contain '..'.", name=repr(name))
    if name.startswith("."):
        return env._(
            "The name %(name)s may not start with a dot: such files are hidden "
            "on the clients' computers.",
            name=repr(name),
        )
    if name != name.rstrip(". "):
        return env._(
            "The name %(name)s may not end with a dot or a space.", name=repr(name)
        )
    return None
