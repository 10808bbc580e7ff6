"""Widget tests: Qt offscreen, every test here is marked `gui`."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.storage import Database
from loket.datadir import DataDir
from tests.helpers.widget_desk import DeskFactory

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_real_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No printer for widget tests, even on a machine (CI) with a CUPS queue for the end-to-end
    tests: a test that reaches the print path must not print or wait on a dialog. Per test, so
    the end-to-end tests (run later in the same session) still find the real queue."""
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/cups.sock")


@pytest.fixture
def build_desk(
    qtbot: QtBot, qapp: QApplication, database: Database, data_dir: DataDir
) -> Iterator[DeskFactory]:
    """`build_desk(member, office, page)`: the shared desk with a test file's page shown."""
    factory = DeskFactory(qtbot, qapp, database, data_dir)
    yield factory
    factory.take_down()
