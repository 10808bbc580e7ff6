"""What Windows does differently, simulated on Linux for the tests (installer/README.md lists
what was reviewed).

- `held_open`: a file another program has open (a PDF reader, Excel) cannot be replaced,
  renamed or deleted on Windows: `os.replace` onto it fails with PermissionError
  (ERROR_SHARING_VIOLATION), where Linux simply replaces it.
- `windows_text_mode`: a file opened in text mode without `newline=` turns every "\\n" written
  into "\\r\\n" on Windows, so a writer that adds its own "\\r\\n" (the csv module) writes
  "\\r\\r\\n".
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARING_VIOLATION = 32  # winerror of "being used by another process"


def sharing_violation(path: object) -> PermissionError:
    error = PermissionError(
        13,
        "The process cannot access the file because it is being used by another process",
        str(path),
    )
    error.winerror = SHARING_VIOLATION  # type: ignore[attr-defined]
    return error


@contextlib.contextmanager
def held_open(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> Iterator[set[Path]]:
    """Files held open by another program, as Windows treats them; add more to the set yielded."""
    held = {Path(path).resolve() for path in paths}
    real_replace, real_unlink = os.replace, os.unlink

    def is_held(path: object) -> bool:
        return Path(os.fsdecode(path)).resolve() in held  # type: ignore[arg-type]

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if is_held(src) or is_held(dst):
            raise sharing_violation(dst)
        real_replace(src, dst, *args, **kwargs)

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if is_held(path):
            raise sharing_violation(path)
        real_unlink(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        patch.setattr(os, "rename", replace)
        patch.setattr(os, "unlink", unlink)
        patch.setattr(os, "remove", unlink)
        yield held


@contextlib.contextmanager
def windows_text_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`open()` in text mode without `newline=` writes "\\r\\n" for "\\n", as on Windows."""
    real_open = builtins.open

    def windows_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writing = "b" not in mode and any(flag in mode for flag in "wax+")
        if writing and len(args) >= 4:  # buffering, encoding, errors, newline (pathlib's way)
            if args[3] is None:
                args = (*args[:3], "\r\n", *args[4:])
        elif writing and kwargs.get("newline") is None:
            kwargs["newline"] = "\r\n"
        return real_open(file, mode, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", windows_open)
        patch.setattr(io, "open", windows_open)
        yield
