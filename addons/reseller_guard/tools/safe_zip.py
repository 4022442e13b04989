"""Reading a zip a user uploaded, without trusting it.

A zip says in its directory how many entries it holds and how large each one
expands; both can be false. Every reader of an uploaded zip goes through
`read_zip_entries`, which:
- refuses the whole zip when its directory lists more entries than the caller
  allows (a zip bomb by count: each entry costs a record and a line of work);
- counts the bytes really expanded, and stops the whole zip as soon as they
  pass the caller's limit, whatever the directory claimed (a bomb by size);
- checks each part of each entry's path with `check_entry_name`: an entry named
  `../../etc/x.pdf`, `/abs.pdf` or `a\\..\\b.pdf` is refused on its own, with its
  reason, while the other entries go on.
Nothing is ever written to disk: entries are returned as bytes.
"""

import zipfile

from odoo.exceptions import UserError, ValidationError

from .names import check_entry_name

READ_CHUNK_SIZE = 1024 * 1024
# Folders some archivers add beside the real files (resource forks of macOS).
IGNORED_PREFIXES = ("__MACOSX/",)


class ZipRefused(UserError):
    """The whole zip is refused (bomb, unreadable): no entry of it is read."""


def read_zip_entries(env, stream, max_entries, max_expanded_size):
    """[(entry path, bytes or None, refusal message or None)] of a zip's files.

    `stream` is a seekable binary stream. Folders and archiver leftovers are
    skipped. An entry with an unsafe name comes back with a message and no
    content. Raises ZipRefused for the whole zip.
    """
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ZipRefused(
            env._(
                "The zip file is damaged and cannot be read (%(error)s).", error=error
            )
        ) from error
    with archive:
        infos = archive.infolist()
        if len(infos) > max_entries:
            raise ZipRefused(
                env._(
                    "The zip holds %(count)s entries, more than the %(max)s allowed.",
                    count=len(infos),
                    max=max_entries,
                )
            )
        budget = _Budget(max_expanded_size)
        return [
            _read_entry(env, archive, info, budget)
            for info in infos
            if not info.is_dir() and not info.filename.startswith(IGNORED_PREFIXES)
        ]


def _read_entry(env, archive, info, budget):
    problem = entry_path_problem(env, info.filename)
    if problem:
        return info.filename, None, problem
    if info.flag_bits & 0x1:
        return (
            info.filename,
            None,
            env._("This entry of the zip is encrypted and cannot be read."),
        )
    try:
        return info.filename, _expand(env, archive, info, budget), None
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
        return (
            info.filename,
            None,
            env._("This entry of the zip is damaged (%(error)s).", error=error),
        )


class _Budget:
    """The bytes the whole zip may still expand to."""

    def __init__(self, limit):
        self.limit = limit
        self.left = limit


def _expand(env, archive, info, budget):
    """The entry's bytes, counted as they come out, never trusting file_size."""
    chunks = []
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK_SIZE):
            budget.left -= len(chunk)
            if budget.left < 0:
                limit_mb = "%.6g" % (budget.limit / (1024 * 1024))
                raise ZipRefused(
                    env._(
                        "The zip expands to more than the %(max)s MB allowed: it was "
                        "not read.",
                        max=limit_mb,
                    )
                )
            chunks.append(chunk)
    return b"".join(chunks)


def entry_path_problem(env, path):
    """Why a path inside a zip is unsafe, or None: each part is a safe name."""
    if path.startswith(("/", "\\")) or "\\" in path:
        return env._(
            "The zip entry %(name)s has an absolute path or a backslash: refused.",
            name=ascii(path),
        )
    for part in path.split("/"):
        try:
            check_entry_name(env, part)
        except ValidationError as error:
            return env._(
                "The zip entry %(name)s has an unsafe path: %(reason)s",
                name=ascii(path),
                reason=error.args[0],
            )
    return None
