"""The desk's link to the office's shared server: lost, said, tried again, found again.

A task that fails because the server cannot be reached (StorageError UNAVAILABLE: the server
stopped or restarted, its PC asleep, the cable out; db/link.py finds a silent link in seconds)
marks the link lost on the worker at once, so that the scans queued behind it are refused
without waiting on the server again. The banner then says, red, until the server is back, that
the link is lost, which scans were NOT recorded (their codes, to scan again) and that the desk
tries again by itself; Enter and Esc leave it. A scan that comes while the link is lost is
refused at once and named there too: nothing is queued, nothing is shown as received. Every
`PROBE_EVERY_MS` a quick query on the worker asks whether the server answers; once it does the
desk carries on, and the banner says so and names the scans still to be scanned again (that
message waits for Esc like any error, and counts down as each of them is scanned again and
recorded, until it goes by itself after the last). A desk on its own SQLite file has no link.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from loket.domain.errors import StorageError, StorageProblem
from loket.domain.states import Severity
from loket.i18n import _
from loket.ui.kit.feedback import Feedback, Message
from loket.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:  # the login window imports this module before SQLAlchemy is loaded
    from loket.core.storage import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How often a desk whose server is gone asks whether it is back.
PROBE_EVERY_MS = 2000
_NAMED = 20  # refused codes named on the banner (the newest); older ones are counted


def is_lost_link(error: BaseException) -> bool:
    return isinstance(error, StorageError) and error.problem is StorageProblem.UNAVAILABLE


class ServerLink(QObject):
    """One desk's link to its server, as the window and the worker see it."""

    _lost_on_worker = Signal()

    def __init__(self, database: Database, tasks: TaskRunner, feedback: Feedback) -> None:
        super().__init__(feedback)
        self._database = database
        self._tasks = tasks
        self._feedback = feedback
        self._gone = threading.Event()  # set and cleared on the worker, read by the window too
        self._said_gone = False  # the window's side: the banner says so, the probe runs
        self._refused: list[str] = []  # scans not recorded since the link was lost, in order
        # Once the server is back: the scans still to be scanned again, and the red message that
        # names them, counted down as each is recorded and withdrawn after the last.
        self._to_rescan: list[str] = []
        self._reminder: Message | None = None
        self._probing = False
        self._probe = QTimer(self)
        self._probe.setInterval(PROBE_EVERY_MS)
        self._probe.timeout.connect(self._ask_server)
        self._lost_on_worker.connect(self._say_gone)
        tasks.watch_failures(self._seen_on_worker)

    @property
    def gone(self) -> bool:
        """The server did not answer the last task (or probe) that asked it."""
        return self._gone.is_set()

    @property
    def refused_codes(self) -> tuple[str, ...]:
        return tuple(self._refused)

    def guarded(self, task: Callable[[], T]) -> Callable[[], T]:
        """`task`, refused on the worker without asking the server while the link is lost."""

        def attempt() -> T:
            if self._gone.is_set():
                raise StorageError(StorageProblem.UNAVAILABLE, _("Server kantor tidak terjangkau."))
            return task()

        return attempt

    def refuse(self, code: str = "") -> None:
        """Work not done because the link is lost: the banner says so, with a sound, and names
        the scan `code` (if it was one) among those to scan again."""
        code = code.strip()
        if code:
            log.warning("scan not recorded, the server is gone: %s", code)
            if code not in self._refused:
                self._refused.append(code)
        self._say_gone(sound=True)

    def recorded(self, code: str) -> None:
        """The scan `code` reached the database: if it was one not recorded while the link was
        lost, the message that asks for it counts one fewer (and goes after the last)."""
        code = code.strip()
        if code not in self._to_rescan:
            return
        self._to_rescan.remove(code)
        if self._reminder is not None:
            revised = self._rescan_message() if self._to_rescan else None
            self._feedback.revise(self._reminder, revised)
            self._reminder = revised

    def _seen_on_worker(self, error: BaseException) -> None:
        if is_lost_link(error) and not self._gone.is_set():
            self._gone.set()
            self._lost_on_worker.emit()  # queued to the window's thread

    def _say_gone(self, sound: bool = True) -> None:
        if not self._said_gone:
            log.warning("the link to the server is lost; asking every %d ms", PROBE_EVERY_MS)
            self._said_gone = True
            self._probe.start()
            # Lost again before every card was scanned again: the lost link names them all.
            self._refused[:0] = [code for code in self._to_rescan if code not in self._refused]
            self._to_rescan = []
            if self._reminder is not None:
                self._feedback.revise(self._reminder, None)
                self._reminder = None
        self._feedback.stand(self._gone_message(), sound=sound)

    def _gone_message(self) -> Message:
        title = _("Koneksi ke server kantor terputus")
        detail = _(
            "Server kantor tidak menjawab (kabel jaringan, PC server mati atau tidur, atau "
            "PostgreSQL dinyalakan ulang). Program mencoba menyambung lagi sendiri setiap 2 "
            "detik; tidak perlu menutup program."
        )
        if self._refused:
            title = _("Koneksi ke server kantor terputus — {count} kartu BELUM tercatat").format(
                count=len(self._refused)
            )
            detail += "\n" + _("Pindai ulang setelah tersambung: {codes}.").format(
                codes=_named(self._refused)
            )
        return Message(Severity.ERROR, title, detail)

    def _ask_server(self) -> None:
        if self._probing:
            return
        self._probing = True
        database, gone = self._database, self._gone

        def probe() -> bool:
            from loket.core.storage import server_answers

            back = server_answers(database)
            if back:
                gone.clear()  # on the worker: the tasks after this one ask the server again
            return back

        self._tasks.run(probe, self._answered, lambda _error: self._answered(False))

    def _answered(self, back: bool) -> None:
        self._probing = False
        if not back or not self._said_gone:
            return
        if self._gone.is_set():
            return  # a task after the probe found the server gone again
        self._probe.stop()
        self._said_gone = False
        refused, self._refused = self._refused, []
        log.warning("the server answers again; %d scan(s) to be scanned again", len(refused))
        self._feedback.stand(None)
        if refused:
            self._to_rescan = refused
            reminder = self._rescan_message()
            self._reminder = self._feedback.error(reminder.title, reminder.detail)
        else:
            self._feedback.ok(_("Tersambung lagi ke server kantor"), _("Lanjutkan seperti biasa."))

    def _rescan_message(self) -> Message:
        count = len(self._to_rescan)
        return Message(
            Severity.ERROR,
            _("Tersambung lagi: {count} kartu BELUM tercatat").format(count=count),
            _("Server kantor menjawab lagi. Pindai ulang kartu ini: {codes}.").format(
                codes=_named(self._to_rescan)
            ),
        )


def _named(codes: list[str]) -> str:
    named = ", ".join(codes[-_NAMED:])
    hidden = len(codes) - _NAMED
    if hidden > 0:
        # The clerk cannot read a log: scanning the whole stack again costs nothing instead.
        return _(
            "{codes} dan {count} kartu sebelumnya. Paling mudah: pindai ulang seluruh tumpukan; "
            "kartu yang sudah tercatat dijawab “Sudah dipindai” dan tidak dihitung dua kali"
        ).format(codes=named, count=hidden)
    return named
