"""Writing files so that nothing is lost: through a temporary file renamed into place."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from costdx.errors import CaseFileError

__all__ = ["atomic_write"]


def atomic_write(path: Path, write: Callable[[Any], object]) -> None:
    """Write through a temporary file beside ``path``, then rename it into place.

    If ``write`` raises, the temporary file is removed and ``path`` is untouched. The file
    keeps the permissions of the one it replaces; a new file gets the usual ones (0666
    less the umask), not a temporary file's private 0600.
    """
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CaseFileError(f"{path}: the folder {directory} does not exist")
    temp = directory / f".{path.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if path.is_file():
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
