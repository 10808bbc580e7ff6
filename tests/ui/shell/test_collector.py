"""Cycles are collected on the window's thread only, never on the worker thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.ui.kit.tasks import TaskRunner
from loket.ui.shell.collector import CHECK_INTERVAL_MS, MainThreadCollector


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


@pytest.mark.window_may_wait("collecting 200,000 objects at once is the point of the test")
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


@pytest.mark.window_may_wait("the full collection it waits for walks the whole test session")
def test_a_full_collection_waits_for_the_worker_to_finish(
    collector: MainThreadCollector, qapp: QApplication, qtbot: QtBot
) -> None:
    """Walking every object while the worker builds a long paper would freeze the window."""
    runner = TaskRunner(qapp)
    release = threading.Event()
    runner.run(lambda: release.wait(10), lambda _done: None, lambda _error: None)
    full: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(note)
    try:
        for _ in range(gc.get_threshold()[2] + 1):  # the oldest generation due
            gc.collect(1)
        assert gc.get_count()[2] > gc.get_threshold()[2]
        qtbot.wait(3 * CHECK_INTERVAL_MS)
        assert full == []  # due, but the worker is busy
        release.set()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        qtbot.waitUntil(lambda: bool(full), timeout=5000)
    finally:
        gc.callbacks.remove(note)
        release.set()
        runner.shutdown()


@pytest.mark.window_may_wait("it collects the whole test session once, as the desk does at start")
def test_what_lives_when_the_desk_is_built_is_set_aside_from_full_collections() -> None:
    kept = [Cyclic() for _ in range(100)]  # alive: set aside with the rest
    try:
        MainThreadCollector.set_aside_what_lives_now()
        assert gc.get_freeze_count() >= 100
        walked: list[int] = []

        def note(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                walked.append(len(gc.get_objects(generation=2)))

        gc.callbacks.append(note)
        try:
            gc.collect()
        finally:
            gc.callbacks.remove(note)
        assert walked[0] < gc.get_freeze_count() / 10  # a full collection walks only the new
    finally:
        gc.unfreeze()
        del kept
