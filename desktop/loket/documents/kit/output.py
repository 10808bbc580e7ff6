"""Saving a PDF so that a crash or a power cut never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from loket.datadir import free_name, paper_not_saved_message
from loket.domain.errors import LoketError

TEMP_SUFFIX = ".tmp"

log = logging.getLogger(__name__)


def _fsync_folder(folder: Path) -> None:
    """Makes the rename itself durable; Windows cannot open a folder, and needs not."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_in_place(temp: Path, path: Path) -> Path:
    """Renames the finished `temp` to `path`, or, when `path` is held open, beside it.

    Windows refuses to replace a file that another program holds open (a PDF reader showing
    this morning's laporan harian, Excel showing last week's export): the new file is then kept
    under the next free name (`-2`, `-3`, ...), and that is the path returned, so that the
    paper is never lost for a window left open. `saved_aside_message` says so to the desk.
    """
    try:
        os.replace(temp, path)
        return path
    except PermissionError:
        if not path.exists():
            raise  # the folder itself refuses: not a file held open
    aside = free_name(path)
    os.replace(temp, aside)
    log.warning("%s is held open by another program; saved as %s", path, aside.name)
    return aside


def atomic_write_pdf(path: Path, build: Callable[[BinaryIO], None]) -> Path:
    """Calls `build(file)` on a temporary file beside `path`, then puts it in place in one step.

    Either the whole new PDF is at `path` or the old file (if any) is untouched; an old file
    held open by another program (Windows) is left as it is and the new one saved beside it
    (`put_in_place`): the path returned is where the PDF is. A folder that cannot be written or
    a full disk raise a `LoketError` that says which file and what to do.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below before the rename
            mode="w+b", dir=path.parent, prefix=f".{path.stem}.", suffix=TEMP_SUFFIX, delete=False
        )
    except OSError as error:
        raise LoketError(paper_not_saved_message(path, error)) from error
    temp = Path(handle.name)
    try:
        with handle:
            build(handle)
            handle.flush()
            os.fsync(handle.fileno())
        path = put_in_place(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise LoketError(paper_not_saved_message(path, error)) from error
        raise
    _fsync_folder(path.parent)
    return path
