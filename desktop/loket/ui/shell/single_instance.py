"""One desk window per data folder: a second start brings the first window to the front.

A clerk who double-clicks the shortcut twice would otherwise get two full-screen windows
competing for the scanner. The first copy holds a lock file in the data folder (`QLockFile`:
a lock left by a copy that crashed is taken over, since its process is gone) and listens on a
local socket named after the folder. A second copy that cannot take the lock connects, hears
the first copy's process id, lets it take the foreground (Windows gives the foreground only to
the program the user just started, or to one it allows), asks it to show itself, and exits.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

log = logging.getLogger(__name__)

LOCK_FILE = "loket-desk.lock"
_SHOW = b"show\n"
_ANSWER_WAIT_MS = 2000  # a first copy still starting (opening the database) answers late
_ATTEMPTS = 5  # ...or has the lock and is not listening yet


def server_name(data_root: Path) -> str:
    """The same for every copy started on one folder, by one user; short enough for a socket."""
    folder = os.path.normcase(str(data_root.resolve()))
    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"loket-ktp-el-{digest}"


class Claim(enum.Enum):
    FIRST = "first"  # this copy is the desk on the folder
    SHOWN = "shown"  # another copy is: it was asked to come to the front
    UNANSWERED = "unanswered"  # another copy holds the folder and does not answer (hung)


class DeskInstance(QObject):
    """`claim()` once at start; the first copy on the folder then emits `show_requested`
    whenever another copy is started on it."""

    show_requested = Signal()

    def __init__(self, data_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_root)
        self._lock = QLockFile(str(data_root / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # never stale while its process lives, however long
        self._server: QLocalServer | None = None

    def claim(self) -> Claim:
        if self._lock.tryLock(0):
            self._listen()
            return Claim.FIRST
        for _attempt in range(_ATTEMPTS):
            if self._ask_first_copy_to_show():
                return Claim.SHOWN
            # The first copy holds the lock but is not listening yet, or just ended.
            if self._lock.tryLock(_ANSWER_WAIT_MS // _ATTEMPTS):
                self._listen()
                return Claim.FIRST
        log.warning("another copy holds %s and does not answer", self._lock.fileName())
        return Claim.UNANSWERED

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket file left by a copy that crashed (Unix): ours now, we hold the lock.
        QLocalServer.removeServer(self._name)
        if not server.listen(self._name):
            log.warning("a second copy cannot call this one: %s", server.errorString())
            return
        server.newConnection.connect(self._answer)
        self._server = server

    def _answer(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            connection = server.nextPendingConnection()
            connection.write(f"{os.getpid()}\n".encode())
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).endswith(_SHOW):
            log.info("another start on this data folder: the window is brought to the front")
            self.show_requested.emit()

    def _ask_first_copy_to_show(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(_ANSWER_WAIT_MS // _ATTEMPTS):
            return False
        try:
            if socket.waitForReadyRead(_ANSWER_WAIT_MS):
                first_pid = bytes(socket.readLine().data()).strip()
                if first_pid.isdigit():
                    _let_take_the_foreground(int(first_pid))
            socket.write(_SHOW)
            return socket.waitForBytesWritten(_ANSWER_WAIT_MS)
        finally:
            socket.disconnectFromServer()


def bring_to_front(app: QApplication) -> None:
    """The window the clerk should see now: a dialog waiting for them, else the desk."""
    visible = [w for w in app.topLevelWidgets() if w.isVisible()]
    widget: QWidget | None = app.activeModalWidget() or next(
        (w for w in visible if isinstance(w, QMainWindow)), visible[0] if visible else None
    )
    if widget is None:
        return
    if widget.isMinimized():
        widget.showMaximized() if isinstance(widget, QMainWindow) else widget.showNormal()
    widget.raise_()
    widget.activateWindow()


def _let_take_the_foreground(pid: int) -> None:
    """Windows lets a program come to the front only if the one in front allows it."""
    if sys.platform != "win32":
        return
    import ctypes

    ctypes.windll.user32.AllowSetForegroundWindow(pid)
