"""The core knows nothing of the window: core, db and documents import no Qt; core no reportlab."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import loket.core
for found in pkgutil.walk_packages(loket.core.__path__, "loket.core."):
    importlib.import_module(found.name)
import loket.cli, loket.demo
assert "reportlab" not in sys.modules, "core imported reportlab"
import loket.db.open
import loket.documents
for found in pkgutil.walk_packages(loket.documents.__path__, "loket.documents."):
    importlib.import_module(found.name)
bad = sorted(name for name in sys.modules if name.startswith("PySide6"))
assert not bad, bad
print("clean")
"""


def test_core_db_and_documents_import_no_qt_and_core_no_reportlab() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
