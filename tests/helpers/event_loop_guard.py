"""The window never waits: a watchdog on the window's thread for every widget test.

`GuardedApplication` sees every event Qt delivers (`notify`) and the moments the event loop
goes idle (`aboutToBlock`). A stall is a stretch the thread was busy between two waits for
events: a slot that reads the database, writes a PDF or builds 20,000 rows shows up as one
long stall. Time spent inside a dialog's own event loop waiting for the user is not a stall.

The limit is on the work the window's thread itself did in the stretch (its CPU time), with a
looser ceiling on the wall clock. The watchdog's own `notify` is Python, so under it every
event Qt delivers must take the interpreter's lock; while the worker is inside a long Qt call
(drawing a page on a printer) each event waits for the lock, and twenty child widgets painted
wait twenty times: 225 ms measured, where the program without the watchdog (a 5 ms heartbeat
timer) waited 24 ms at most. Counting CPU time keeps that artefact of the watchdog out, and
the ceiling still catches a window blocked on a file or a lock for a second.

It also notes every database transaction begun on the window's thread while an event is
being handled: that is a use case run on the window instead of the worker, however fast it
happens to be on a test's small database.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import ClassVar

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication

#: The longest the window may stop answering: a person notices a tenth of a second.
STALL_LIMIT_S = 0.100
#: A window opening (its first painting: fonts, styles, a page rendered) may take a second.
OPENING_LIMIT_S = 1.0
#: However the thread waited (a file, a lock, the interpreter's lock, the CPU taken by the
#: worker's own threads: argon2 checks a password in four at once, on a two-core machine),
#: never this long.
WAIT_CEILING_S = 1.0
_PAINTS = (QEvent.Type.UpdateRequest, QEvent.Type.Expose, QEvent.Type.Paint)


@dataclass
class Stall:
    seconds: float  # by the wall clock
    event: str  # the event that started the busy stretch, "KeyPress to ScanField"
    opening: bool = False  # the first painting of a window just shown
    working: float = 0.0  # of those seconds, the window's thread's own work (CPU time)

    @property
    def limit(self) -> float:
        return OPENING_LIMIT_S if self.opening else STALL_LIMIT_S

    @property
    def over(self) -> float:
        """How far past its limits the stall went (negative: within them)."""
        return max(self.working - self.limit, self.seconds - max(self.limit, WAIT_CEILING_S))

    @property
    def too_long(self) -> bool:
        return self.over > 0

    def describe(self) -> str:
        return (
            f"{self.seconds * 1000:.0f} ms, {self.working * 1000:.0f} ms of it work on the "
            f"window's thread ({self.event})"
        )


@dataclass
class Watch:
    stalls: list[Stall] = field(default_factory=list)
    database_on_window: list[str] = field(default_factory=list)  # where, as a short stack

    def worst(self) -> Stall | None:
        """The stall furthest over its limit (the longest, when none is)."""
        return max(self.stalls, key=lambda stall: stall.over, default=None)


class GuardedApplication(QApplication):
    """A QApplication that measures its own event dispatch (tests only)."""

    watch = Watch()
    watching = False  # only a test's own steps are measured
    _depth = 0
    _busy_since: float | None = None
    _working_since = 0.0  # the window thread's CPU clock when the stretch began
    _started_by = ""
    _opening = False
    _painted: ClassVar[set[int]] = set()  # windows painted once already (by address)
    _fresh = False  # busy again: the next event names the stretch
    _hooked = False

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if threading.current_thread() is not threading.main_thread():
            return super().notify(receiver, event)  # the worker's own objects: not the window
        cls = GuardedApplication
        if not cls._hooked:
            cls._hook_dispatcher()
        if cls._depth == 0:
            cls._begin_busy()
        if cls._fresh:
            cls._fresh = False
            cls._started_by = f"{event.type().name} to {type(receiver).__name__}"
            cls._opening = False
            if event.type() in _PAINTS:
                key = id(receiver)
                cls._opening = key not in cls._painted
                cls._painted.add(key)
        cls._depth += 1
        try:
            return super().notify(receiver, event)
        finally:
            cls._depth -= 1
            if cls._depth == 0:
                cls._end_busy()

    @classmethod
    def _hook_dispatcher(cls) -> None:
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None:
            return
        cls._hooked = True  # first: connecting sends events of its own
        dispatcher.aboutToBlock.connect(cls._end_busy)
        dispatcher.awake.connect(cls._awake)

    @classmethod
    def _end_busy(cls) -> None:
        """The thread is about to wait for events (or left the outermost event): busy no more."""
        if cls._busy_since is not None and cls.watching:
            seconds = time.perf_counter() - cls._busy_since
            working = time.thread_time() - cls._working_since
            cls.watch.stalls.append(Stall(seconds, cls._started_by, cls._opening, working))
        cls._busy_since = None

    @classmethod
    def _begin_busy(cls) -> None:
        cls._busy_since = time.perf_counter()
        cls._working_since = time.thread_time()
        cls._fresh = True

    @classmethod
    def _awake(cls) -> None:
        if cls._depth > 0:  # a nested event loop (a dialog's) woke up: work starts again
            cls._begin_busy()

    @classmethod
    def in_event(cls) -> bool:
        """True while the window's thread is handling an event (a key, a click, a timer)."""
        return cls._depth > 0 and threading.current_thread() is threading.main_thread()

    @classmethod
    def reset(cls) -> Watch:
        """A new watch, measuring from now."""
        cls.watch = Watch()
        cls.watching = True
        return cls.watch

    @classmethod
    def stop(cls) -> Watch:
        """Stops measuring (a test's teardown closes windows: not the desk at work)."""
        cls.watching = False
        return cls.watch


def note_database_use() -> None:
    """Called at the start of every transaction: one begun on the window's thread is noted."""
    if GuardedApplication.watching and GuardedApplication.in_event():
        frames = [
            f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
            for frame in traceback.extract_stack()
            if "/loket/" in frame.filename
        ]
        GuardedApplication.watch.database_on_window.append(" <- ".join(reversed(frames[-4:])))
