"""The link to a shared server, watched while the desk waits on it.

TCP alone does not find every dead link in seconds. libpq's `tcp_user_timeout` exists only on
Linux (the desks run Windows), keepalives probe only a silent connection, and whatever still
acknowledges the desk's packets without answering them (a hung server PC, a router that keeps
the connection) is never found at all: the scan would wait for ever. So while a transaction on
the server has waited longer than `SUSPECT_AFTER_S`, a second thread asks the server, on a new
connection, the one question PostgreSQL answers before any log-in (an SSLRequest: one byte
back, nothing in the server's log). No byte within `PROBE_TIMEOUT_S`: the link is dead, every
connection of the desk is shut at the socket so that the waiting statement fails at once (the
server rolls back what it had of the transaction), and new connections are refused without
waiting until the server answers the probe again. A server that answers is merely slow (a long
report, a lock held by another desk): the transaction goes on, asked about again every
`SUSPECT_AFTER_S`.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
import weakref
from typing import Any

log = logging.getLogger(__name__)

#: A transaction waiting this long on the server makes the desk ask whether it still answers.
SUSPECT_AFTER_S = 3.0
#: The server's postmaster answers within this on a live link, however busy its sessions are.
PROBE_TIMEOUT_S = 3.0
_SSL_REQUEST = struct.pack("!ii", 8, 80877103)


def server_answers(host: str, port: int, timeout_s: float = PROBE_TIMEOUT_S) -> bool:
    """Whether PostgreSQL at host:port answers an SSLRequest ('S' or 'N') within `timeout_s`."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as probe:
            probe.settimeout(timeout_s)
            probe.sendall(_SSL_REQUEST)
            return probe.recv(1) in (b"S", b"N")
    except OSError:
        return False


class LinkWatch:
    """Watches the transactions of one server's engine from a thread of its own."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._lock = threading.Lock()
        self._open: dict[object, float] = {}  # a transaction under way → when it began
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()  # the driver's connections
        self._wake = threading.Event()
        self._down = False
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def down(self) -> bool:
        """The server did not answer the last probe (and has not answered one since)."""
        return self._down

    def connected(self, dbapi_connection: Any) -> None:
        self._connections.add(dbapi_connection)

    def refusal(self) -> str:
        """Why no new connection is tried now ("" when one may be): the link is known dead."""
        if not self._down:
            return ""
        return f"{self.host}:{self.port} did not answer; not connecting until it does"

    def begin(self) -> object:
        token = object()
        with self._lock:
            self._open[token] = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="loket-link-watch", daemon=True
                )
                self._thread.start()
        self._wake.set()
        return token

    def end(self, token: object) -> None:
        with self._lock:
            self._open.pop(token, None)

    def check(self) -> bool:
        """Asks the server now; True when it answers (and new connections are allowed again)."""
        answers = server_answers(self.host, self.port)
        if answers:
            if self._down:
                log.warning("server %s:%d answers again", self.host, self.port)
            self._down = False
        return answers

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    def _oldest(self) -> float | None:
        with self._lock:
            return min(self._open.values(), default=None)

    def _watch(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            while not self._closed and (began := self._oldest()) is not None:
                due = began + SUSPECT_AFTER_S - time.monotonic()
                if due > 0:
                    time.sleep(due)
                    continue
                if self._oldest() != began:
                    continue  # that transaction ended while we slept
                if self.check():
                    time.sleep(SUSPECT_AFTER_S)  # alive, merely slow: ask again later
                    continue
                self._cut(time.monotonic() - began)
                while not self._closed and self._oldest() == began:
                    time.sleep(0.05)  # until the cut transaction has given up

    def _cut(self, waited_s: float) -> None:
        self._down = True
        connections = list(self._connections)
        log.warning(
            "server %s:%d did not answer for %.1f s: the link is down; cutting %d connection(s)",
            self.host,
            self.port,
            waited_s,
            len(connections),
        )
        for connection in connections:
            _shut(connection)


def _shut(dbapi_connection: Any) -> None:
    """Shuts a psycopg connection's socket under it: whatever waits on it fails at once."""
    try:
        fd = dbapi_connection.pgconn.socket
    except Exception:  # already closed: nothing to shut
        return
    try:
        sock = socket.socket(fileno=fd)
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()  # the socket stays libpq's to close
