"""Python's cycle collector, run only on the window's thread.

Left to itself the collector runs in whichever thread happens to allocate, and the desk's
worker thread allocates all the time. A dialog or printer object caught in a reference cycle
would then be destroyed on the worker thread, which crashes Qt at a random moment. So the
automatic collector is switched off and this timer does its work, with the same thresholds,
on the thread that owns every widget.

A full collection walks every object the program holds, and while the worker writes an
845-page berita acara that is millions: a second with the window frozen. So the oldest
generation waits while the desk's worker is busy (the younger ones, which only walk what
was made since, go on); it runs in the first pause, when the paper's objects are gone.
And what the desk holds from its start to its end is set aside once, so that a full
collection walks only what came after.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from loket.ui.kit.tasks import TaskRunner

CHECK_INTERVAL_MS = 50  # often enough that no collection of the young walks much


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """The generations whose allocation counts passed their thresholds, as gc would."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        oldest = 1 if self._worker_busy() else 2
        for generation in range(oldest, -1, -1):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    @staticmethod
    def set_aside_what_lives_now() -> None:
        """Once the desk is built: what lives now (modules, the pages, their widgets) lives
        until the program ends, so full collections stop walking it (`gc.freeze`, as Python's
        documentation advises after start-up). About 90,000 objects, 70 ms off every full
        collection. Called before the window is shown."""
        gc.collect()
        gc.freeze()

    def _worker_busy(self) -> bool:
        parent = self.parent()
        return parent is not None and any(runner.busy for runner in parent.findChildren(TaskRunner))
