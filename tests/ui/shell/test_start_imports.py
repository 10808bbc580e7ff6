"""The login window comes up before the libraries only the desk needs are loaded: they are
loaded behind it, on the worker (`ui/shell/app.py`, measured by bench/startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import loket

# What the window's thread imports before the login window shows: the command line, the
# desk's start, the login window and its worker.
_START = (
    "import sys; import loket.cli, loket.ui.shell.app, loket.ui.shell.login, "
    "loket.ui.shell.single_instance, loket.ui.kit.tasks, loket.ui.kit.theme, "
    "loket.ui.shell.collector; "
    "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"
)
_NOT_BEFORE_LOGIN = {"sqlalchemy", "alembic", "lokal", "argon2", "reportlab", "openpyxl"}


def test_the_login_window_needs_no_database_library_region_list_or_pdf_library() -> None:
    package_root = str(Path(loket.__file__).resolve().parents[1])
    loaded = subprocess.run(
        [sys.executable, "-c", _START],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=package_root),
    ).stdout.split()
    assert "PySide6" in loaded
    assert _NOT_BEFORE_LOGIN.isdisjoint(loaded), sorted(_NOT_BEFORE_LOGIN & set(loaded))
