"""Writing files so that nothing is lost: through a temporary file renamed into place.

Writing follows a symbolic link: the file it points at is replaced and the link stays,
as an editor saving through a link does. A link that leads nowhere it can write (a loop,
a device, a folder) is refused. Only regular files are written: a device or named pipe
at the target is refused, never replaced by a file.

The temporary file sits beside the target as ``.<name>.<host>-<pid>.<random>.tmp`` and
is removed on every error. A process killed outright (``SIGKILL``, a power cut) cannot
remove its own; the next write to the same target removes it: at once when it was left
by a process of this machine that no longer runs, after `STALE_AFTER` seconds when it
comes from another machine sharing the folder (whose processes cannot be seen from here)
or on Windows (where ``os.kill(pid, 0)`` would end the process rather than probe it).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from costdx.errors import CaseFileError

__all__ = ["STALE_AFTER", "atomic_write"]

STALE_AFTER = 3600.0
"""Seconds after which a temporary file written from another machine is taken as stray."""

_NAME_ROOM = 200  # of a file name's 255 bytes, what the temporary file keeps of the target's
# This machine, as six hex digits: a host name may hold characters a file name should not.
_HOST = hashlib.blake2s(socket.gethostname().encode(), digest_size=3).hexdigest()


def atomic_write(path: Path, write: Callable[[Any], object]) -> None:
    """Write through a temporary file beside ``path``, then rename it into place.

    If ``write`` raises, the temporary file is removed and ``path`` is untouched. The file
    keeps the permissions of the one it replaces; a new file gets the usual ones (0666
    less the umask), not a temporary file's private 0600.

    Raises
    ------
    CaseFileError
        Naming ``path`` as given (never the temporary file): its folder is missing, it is
        a folder, a device or a link that cannot be followed, or the system refused the
        write (permissions, a full disk).
    """
    target = _target(path)
    stem = f".{target.name[:_NAME_ROOM]}."
    _remove_strays(target.parent, stem)
    temp = target.parent / f"{stem}{_HOST}-{os.getpid()}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o666)  # the umask applies, as for any new file
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.is_file():
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        os.replace(temp, target)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CaseFileError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _target(path: Path) -> Path:
    """The regular file to replace: ``path``, or what its symbolic links lead to."""
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops inside a loop of links
        raise CaseFileError(f"{path}: a symbolic link that leads nowhere (a loop?); not written")
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a device or a pipe?)"
        shown = "" if target == Path(path).absolute() else f" (through a link, {target})"
        raise CaseFileError(f"{path}{shown}: is {kind}; costdx writes only regular files")
    if not target.parent.is_dir():
        raise CaseFileError(f"{path}: the folder {target.parent} does not exist")
    return target


def _remove_strays(folder: Path, stem: str) -> None:
    """Remove temporary files left beside the target by writers that were killed."""
    pattern = re.compile(re.escape(stem) + r"([0-9a-f]{6})-([1-9][0-9]{0,8})\.[0-9a-f]{8}\.tmp")
    now = time.time()
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(stem)]
    except OSError:
        return  # an unreadable folder: the write itself will say what is wrong
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        host, pid = match.group(1), int(match.group(2))
        try:
            local = host == _HOST and os.name != "nt"  # Windows: no harmless probe of a pid
            if (local and not _running(pid)) or (
                not local and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            ):
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True
