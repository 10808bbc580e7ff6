"""A page that follows what other desks do: a cheap read every few seconds while it is on screen.

Only on a shared server (`core/following.py`: a desk's own SQLite file has nobody else
writing it, and a single-desk office is never asked anything). The read is a use case on the
worker like any other (`DeskContext.run`); the window only applies its answer. It waits while
the worker has anything in hand, so that a scan never queues behind it, and a page that has
just had fresh figures from its own work (`postpone`) skips its next read. A read that fails
(the server gone) is only logged: the clerk's own next action says what is wrong, and the
page reads again a little later.

LISTEN/NOTIFY would tell the desk at once, but it needs a connection of its own held open
and listened to beside the worker's, its own reconnecting when the link drops, and a trigger
on every table; a poll of a few rows every two seconds costs the server a fraction of a
millisecond and recovers by itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from loket.core import following
from loket.ui.kit.context import DeskContext

log = logging.getLogger(__name__)

#: How often an open page looks: "within a few seconds" of another desk's work.
FOLLOW_INTERVAL_MS = 2000
#: The worker was busy: look again this soon.
BUSY_RETRY_MS = 300
#: A read that took long (a big office's stock count) is made this many times rarer.
COST_FACTOR = 20

#: What a page gives: the read to run on the worker now, or None to skip this turn.
Ask = Callable[[], Callable[[], Any] | None]


class Follower(QObject):
    """`ask()` on the window gives the read; `apply(answer)` shows its answer on the window."""

    def __init__(
        self,
        page: QWidget,
        context: DeskContext,
        ask: Ask,
        apply: Callable[[Any], None],
        interval_ms: int | None = None,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._context = context
        self._ask = ask
        self._apply = apply
        self._interval = FOLLOW_INTERVAL_MS if interval_ms is None else interval_ms
        self._next = self._interval
        self._reading = False
        self.active = following.others_write(context.database)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._look)

    def shown(self, first_look_ms: int | None = None) -> None:
        """The page is on screen: follow it, the first look after `first_look_ms`."""
        if self.active and not self._reading:
            self._timer.start(self._next if first_look_ms is None else first_look_ms)

    def hidden(self) -> None:
        self._timer.stop()

    def postpone(self) -> None:
        """The page's own work has just shown fresh figures: the next look can wait."""
        if self._timer.isActive():
            self._timer.start(self._next)

    def _look(self) -> None:
        if not self._page.isVisible():
            return
        # A dialog open (its work may change what the page shows) or work in hand: not now.
        if self._context.tasks.busy or QApplication.activeModalWidget() is not None:
            self._timer.start(BUSY_RETRY_MS)
            return
        read = self._ask()
        if read is None:
            self._timer.start(self._next)
            return
        self._reading = True
        started = time.monotonic()

        def answered(answer: Any) -> None:
            took_ms = (time.monotonic() - started) * 1000
            self._next = max(self._interval, int(took_ms * COST_FACTOR))
            self._apply(answer)

        def refused(message: str) -> None:
            log.info("the page could not look for other desks' work: %s", message)

        def again() -> None:
            self._reading = False
            if self._page.isVisible():
                self._timer.start(self._next)

        self._context.run(read, answered, refused=refused, then=again)
