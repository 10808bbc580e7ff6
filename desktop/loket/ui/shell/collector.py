"""Python's cycle collector, run only on the window's thread.

Left to itself the collector runs in whichever thread happens to allocate, and the desk's
worker thread allocates all the time. A dialog or printer object caught in a reference cycle
would then be destroyed on the worker thread, which crashes Qt at a random moment. So the
automatic collector is switched off and this timer does its work, with the same thresholds,
on the thread that owns every widget.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 200


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
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
