"""Database and printer work off the UI thread, one task at a time, in order.

Like Anki's task manager: a single worker runs tasks in the order given, and the
result (or the error) comes back to the UI thread through a queued signal, so
the scanner's keystrokes are never blocked by a slow disk or printer.

A refusal (LoketError, its message in Indonesian) goes to the page's `on_error`, which shows
it red on the banner; so does a StorageError, the database locked by another program, full or
failing (see loket.db.errors), which is also written to the log for the admin. Anything else
is a bug: logged with its traceback, and the page says something went wrong.

`watch_failures(seen)` has `seen(error)` called on the worker with every failure, before the
next task starts: the desk's link to its server (ui/kit/connection.py) learns there that the
server has gone, so that the scans queued behind the one that found it out do not wait again.
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
        self._closed = False
        self._watchers: list[Callable[[BaseException], None]] = []
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def watch_failures(self, seen: Callable[[BaseException], None]) -> None:
        """`seen(error)` is called on the worker with every task's failure."""
        self._watchers.append(seen)

    def run(
        self,
        task: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._closed:
            # A timer of a page firing while the window closes: the desk is going, and nothing
            # the clerk asked for is dropped (a scan waits for the worker, see shutdown).
            log.info("task not started: the desk is closing")
            return
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
            _log_failure(error)
            for seen in self._watchers:
                seen(error)
            self._finished.emit(on_error, error, None)
        else:
            self._finished.emit(on_done, future.result(), None)

    @Slot(object, object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any, _unused: Any) -> None:
        self._pending -= 1
        callback(value)

    def shutdown(self) -> None:
        """Waits for the task in hand (a scan being committed) before the program ends."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=False)


def _log_failure(error: BaseException) -> None:
    from loket.domain.errors import LoketError, StorageError

    if isinstance(error, StorageError):
        log.warning("task refused by the database (%s): %s", error.problem.value, error.__cause__)
    elif not isinstance(error, LoketError):
        log.error("task failed:\n%s", "".join(traceback.format_exception(error)))
