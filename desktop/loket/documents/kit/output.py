"""Saving a PDF so that a crash or a power cut never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from loket.datadir import paper_not_saved_message
from loket.domain.errors import LoketError
from loket.i18n import _

TEMP_SUFFIX = ".tmp"


def _fsync_folder(folder: Path) -> None:
    """Makes the rename itself durable; Windows cannot open a folder, and needs not."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_pdf(path: Path, build: Callable[[BinaryIO], None]) -> Path:
    """Calls `build(file)` on a temporary file beside `path`, then puts it in place in one step.

    Either the whole new PDF is at `path` or the old file (if any) is untouched. A folder that
    cannot be written or a full disk raise a `LoketError` that says which file and what to do.
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
        try:
            os.replace(temp, path)
        except PermissionError as error:
            # On Windows a PDF open in a viewer cannot be replaced.
            raise LoketError(
                _(
                    "Berkas {path} sedang dibuka di program lain (misalnya pembaca PDF). "
                    "Tutup berkas itu, lalu coba lagi."
                ).format(path=path)
            ) from error
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise LoketError(paper_not_saved_message(path, error)) from error
        raise
    _fsync_folder(path.parent)
    return path
