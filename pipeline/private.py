"""Files 0600 and folders 0700: the data folder holds citizens' documents.

The CLI also sets ``umask 077`` for the whole process; these helpers make the same true where
a file or folder is created by code that may run under another umask (tests, an embedding app):
the SQLite database, the object folder, the outbox.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents with mode 0700 (existing ones are left alone)."""
    missing: list[Path] = []
    p = Path(path)
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):
            d.mkdir(mode=DIR_MODE)
    return Path(path)


def create_private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist (then a writer fills it)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    return Path(path)
