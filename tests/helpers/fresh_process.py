"""What a fresh Python process imports: the program's start-up promises (no Alembic to open a
current database, no SQLAlchemy before the login window) are kept or broken in a new process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import loket

PACKAGE_ROOT = str(Path(loket.__file__).resolve().parents[1])


def modules_after(code: str, package: str) -> list[str]:
    """The modules of `package` (its top-level name) that running `code` in a fresh Python
    process of this program imported, sorted."""
    listing = f"sorted(m for m in sys.modules if m.split('.')[0] == {package!r})"
    script = f"{code}\nimport sys\nprint('\\n'.join({listing}))"
    shown = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=PACKAGE_ROOT),
    ).stdout
    return shown.split()


def opening_imports(root: Path, package: str) -> list[str]:
    """The modules of `package` that opening the data folder `root`'s database imports."""
    code = (
        "from pathlib import Path\nfrom loket.datadir import DataDir\n"
        "from loket.db.open import open_database\n"
        f"open_database(DataDir(Path({str(root)!r}))).dispose()"
    )
    return modules_after(code, package)
