"""The layers hold: every module of the package, every direction (ARCHITECTURE.md).

The check reads the source (tests/helpers/layers.py), so it is itself tested by planting a
forbidden import in a copy of the tree and watching it fail. A second check imports the
package for real and looks at what was loaded: no Qt below the window, no reportlab in core.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import loket
from tests.helpers.layers import violations

PACKAGE = Path(loket.__file__).resolve().parent


def test_no_module_of_the_package_imports_against_the_layers() -> None:
    assert violations(PACKAGE) == []


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("tree") / "loket"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


PLANTS = [
    ("core/delivery/runs.py", "from PySide6.QtCore import QSettings", "no PySide6 in core"),
    ("core/delivery/runs.py", "import reportlab", "no reportlab in core"),
    ("core/intake/scanning.py", "from loket.documents.intake import berita_acara", "core never"),
    ("core/intake/scanning.py", "from loket.ui.kit import feedback", "core never imports ui"),
    ("db/models.py", "from loket.core.cards import CardInfo", "db never imports core"),
    ("db/engine.py", "    from loket.core import clock", "db never imports core"),
    ("documents/kit/layout.py", "from loket.db.models import Card", "documents never imports db"),
    ("documents/stock/call_list.py", "from loket.core.stock import queries", "paper data of core"),
    ("documents/kit/fonts.py", "import sqlalchemy", "no sqlalchemy in documents"),
    ("ui/intake/page.py", "from loket.db.models import Scan", "ui never imports db"),
    ("ui/kit/theme.py", "from reportlab.lib.units import mm", "no reportlab in ui"),
    ("domain/states.py", "from loket.i18n import _", "domain imports nothing else"),
    ("datadir.py", "from loket.core import clock", "the package's root modules use only domain"),
    ("db/migrations/versions/0002_handover.py", "from loket.core.indonesia import names", "live"),
    ("core/intake/paper.py", "from loket.core.cards import CardInfo", "only other paper modules"),
    ("core/handover/words.py", "from loket.db.models import Card", "a words module"),
    ("core/handover/confirming.py", "from loket.core.delivery import runs", "import each other"),
    ("ui/kit/widgets.py", "from loket.ui.intake import page", "import each other"),
]


@pytest.mark.parametrize(("module", "line", "reason"), PLANTS)
def test_a_forbidden_import_planted_in_a_copy_is_caught(
    tree: Path, module: str, line: str, reason: str
) -> None:
    path = tree / module
    original = path.read_text(encoding="utf-8")
    indent = "def _planted() -> None:\n" if line.startswith(" ") else ""
    path.write_text(original + f"\n\n{indent}{line}\n", encoding="utf-8")
    try:
        found = violations(tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert found, f"planting {line!r} in {module} went unnoticed"
    assert any(reason in problem for problem in found), found


def test_the_copy_is_clean_again_after_each_plant(tree: Path) -> None:
    assert violations(tree) == []


PROBE = """
import importlib, pkgutil, sys
import loket
for found in pkgutil.walk_packages(loket.__path__, "loket."):
    if found.name.startswith(("loket.ui", "loket.documents", "loket.db.migrations")):
        continue
    if found.name in ("loket.cli", "loket.demo", "loket.__main__"):
        continue
    importlib.import_module(found.name)
assert "reportlab" not in sys.modules, "core, db or domain loaded reportlab"
import loket.documents
for found in pkgutil.walk_packages(loket.documents.__path__, "loket.documents."):
    importlib.import_module(found.name)
import loket.cli, loket.demo
qt = sorted(name for name in sys.modules if name.startswith("PySide6"))
assert not qt, qt
print("clean")
"""


def test_importing_everything_below_the_window_loads_no_qt_and_core_no_reportlab() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
