"""Database and printer work off the UI thread, one task at a time, in order.

Like Anki's task manager: a single worker runs tasks in the order given, and the
result (or the error) comes back to the UI thread through a queued signal, so
the scanner's keystrokes are never blocked by a slow disk or printer.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loket-task")
        self._pending = 0
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        task: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._pending += 1
        future = self._executor.submit(task)
        future.add_done_callback(lambda f: self._finish(f, on_done, on_error))

    def _finish(
        self,
        future: Future[Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        error = future.exception()
        if error is not None:
            if not _is_expected(error):
                log.error("task failed:\n%s", "".join(traceback.format_exception(error)))
            self._finished.emit(on_error, error, None)
        else:
            self._finished.emit(on_done, future.result(), None)

    @Slot(object, object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any, _unused: Any) -> None:
        self._pending -= 1
        callback(value)

    def shutdown(self) -> None:
        """Waits for the task in hand (a scan being committed) before the program ends."""
        self._executor.shutdown(wait=True, cancel_futures=False)


def _is_expected(error: BaseException) -> bool:
    from loket.core.errors import LoketError

    return isinstance(error, LoketError)
