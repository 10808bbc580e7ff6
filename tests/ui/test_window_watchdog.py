"""The watchdog that fails a widget test whose window waits can itself fail.

Each test makes the window's thread do what a careless page would (work in a slot, block on
a file, open a transaction) and reads what the watch saw; then clears the watch, so that the
test's own teardown does not fail on the stall it made on purpose.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from loket.core.storage import Database
from tests.helpers.event_loop_guard import STALL_LIMIT_S, WAIT_CEILING_S, GuardedApplication


def _busy(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def _run_in_a_slot(qtbot: QtBot, slot) -> None:
    ran = threading.Event()

    def call() -> None:
        slot()
        ran.set()

    QTimer.singleShot(0, call)
    qtbot.waitUntil(ran.is_set, timeout=5000)


def test_work_in_a_slot_over_100_ms_is_a_stall(qtbot: QtBot) -> None:
    watch = GuardedApplication.reset()
    _run_in_a_slot(qtbot, lambda: _busy(STALL_LIMIT_S * 1.5))
    worst = watch.worst()
    assert worst is not None and worst.too_long
    assert worst.working >= STALL_LIMIT_S
    GuardedApplication.reset()


def test_work_in_a_slot_under_the_limit_is_not(qtbot: QtBot) -> None:
    watch = GuardedApplication.reset()
    _run_in_a_slot(qtbot, lambda: _busy(STALL_LIMIT_S * 0.3))
    worst = watch.worst()
    assert worst is not None and not worst.too_long


def test_a_window_blocked_past_the_ceiling_is_a_stall_without_working(qtbot: QtBot) -> None:
    watch = GuardedApplication.reset()
    _run_in_a_slot(qtbot, lambda: time.sleep(WAIT_CEILING_S * 1.2))  # a file, a lock
    worst = watch.worst()
    assert worst is not None and worst.too_long and worst.working < STALL_LIMIT_S
    GuardedApplication.reset()


def test_waiting_for_the_worker_inside_a_qt_call_is_not_work(qtbot: QtBot) -> None:
    """A wait on a lock (here: sleeping) for less than the ceiling is not the window's work."""
    watch = GuardedApplication.reset()
    _run_in_a_slot(qtbot, lambda: time.sleep(STALL_LIMIT_S * 2))
    worst = watch.worst()
    assert worst is not None and not worst.too_long


@pytest.mark.parametrize("kind", ["transaction", "plain_transaction"])
def test_a_transaction_on_the_window_thread_is_noted(
    qtbot: QtBot, database: Database, kind: str
) -> None:
    """Either kind: the session's, or the plain statements' of a scan (db/plain.py)."""
    watch = GuardedApplication.reset()

    def read_on_the_window() -> None:
        with getattr(database, kind)():
            pass

    _run_in_a_slot(qtbot, read_on_the_window)
    assert len(watch.database_on_window) == 1
    assert "test_window_watchdog.py" not in watch.database_on_window[0]  # loket frames only
    GuardedApplication.reset()


def test_a_transaction_on_the_worker_is_not(qtbot: QtBot, database: Database) -> None:
    watch = GuardedApplication.reset()

    def on_the_worker() -> None:
        with database.transaction():
            pass

    worker = threading.Thread(target=on_the_worker)
    worker.start()
    worker.join()
    assert watch.database_on_window == []
