"""Widget tests: Qt offscreen, every test here is marked `gui`."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.storage import Database
from loket.datadir import DataDir
from loket.ui.kit.tasks import TaskRunner
from tests.helpers.event_loop_guard import GuardedApplication, note_database_use
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


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    """The desk's worker for a dialog that runs before the desk exists (log-in, set-up)."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return GuardedApplication


def _noted(begin: Callable[[Database], AbstractContextManager[object]]) -> Callable[..., Any]:
    """`begin` (a kind of transaction of Database), noting where it was begun."""

    @contextlib.contextmanager
    def watched(self: Database) -> Iterator[object]:
        note_database_use()
        with begin(self) as transaction:
            yield transaction

    return watched


@pytest.fixture(autouse=True)
def _window_never_waits(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fails a test whose window stopped answering for over 100 ms, or that ran a use case on
    the window's thread (a transaction begun while a key, a click or a timer was handled)."""
    for kind in ("transaction", "plain_transaction"):
        monkeypatch.setattr(Database, kind, _noted(getattr(Database, kind)))
    GuardedApplication.reset()
    yield
    GuardedApplication.stop()
    _collect_what_the_test_left()
    watch = GuardedApplication.watch
    report = os.environ.get("LOKET_WATCH_REPORT")
    worst = watch.worst()
    if report:
        with open(report, "a", encoding="utf-8") as out:
            stall = worst.describe() if worst else "-"
            out.write(f"{request.node.nodeid}\t{stall}\t{len(watch.database_on_window)}\n")
            for where in dict.fromkeys(watch.database_on_window):
                out.write(f"    db on window: {where}\n")
        return
    assert not watch.database_on_window, "use cases run on the window's thread:\n" + "\n".join(
        dict.fromkeys(watch.database_on_window)
    )
    if worst is not None and request.node.get_closest_marker("window_may_wait") is None:
        assert not worst.too_long, f"the window stopped answering: {worst.describe()}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Only the test's own steps are watched: building and first painting its desk is not.

    What lives when the test begins is set aside from the cycle collector first (`gc.freeze`),
    as the program sets aside what lives once its desk is built (ui/shell/collector.py): a
    full collection then walks only what the test made. Without it, one walks everything the
    whole test session holds (800,000 objects late in a run: 0.3-0.7 s, over a second on a
    loaded machine), in whichever thread allocates, and the window's thread waits for Python's
    lock meanwhile: a stall the program itself never has."""
    gc.freeze()
    GuardedApplication.reset()
    yield
    GuardedApplication.stop()


_SWEEP_EVERY = 40  # widget tests between two full collections of what was set aside
_tests_since_sweep = 0


def _collect_what_the_test_left() -> None:
    """After the watch: the test's own garbage collected, and now and then (every
    `_SWEEP_EVERY` tests) what earlier tests' desks left behind when they were set aside."""
    global _tests_since_sweep
    _tests_since_sweep += 1
    if _tests_since_sweep >= _SWEEP_EVERY:
        _tests_since_sweep = 0
        gc.unfreeze()
    gc.collect()
