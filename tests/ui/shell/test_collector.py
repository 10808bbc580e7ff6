"""Cycles are collected on the window's thread only, never on the worker thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.ui.shell.collector import MainThreadCollector


class Cyclic:
    """Records the thread that finalises it, as a Qt wrapper's destructor would run there."""

    finalised_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cyclic.finalised_in.append(threading.current_thread().name)


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[MainThreadCollector]:
    Cyclic.finalised_in = []
    collector = MainThreadCollector(qapp)
    yield collector
    collector.deleteLater()
    gc.enable()


def test_a_busy_worker_thread_never_finalises_a_cycle(
    collector: MainThreadCollector, qtbot: QtBot
) -> None:
    assert not gc.isenabled()
    for _ in range(50):
        Cyclic()

    # Kept alive until the end: gc counts allocations less deallocations, so junk freed at once
    # would leave the young generation under its threshold and nothing would be due.
    junk: list[list[object]] = []

    def allocate() -> None:
        junk.extend([object()] for _ in range(200_000))  # far past every threshold

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert gc.get_count()[0] > gc.get_threshold()[0]  # due: the worker did not collect
    assert Cyclic.finalised_in == []
    qtbot.waitUntil(lambda: len(Cyclic.finalised_in) == 50, timeout=5000)
    assert set(Cyclic.finalised_in) == {threading.main_thread().name}
    assert len(junk) == 200_000
