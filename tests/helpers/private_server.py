"""A PostgreSQL 15 server of the test's own, that may be stopped, crashed and started again.

The shared cluster (localhost:5432) runs everyone's tests and is never stopped; a desk whose
server goes away is tested against this one instead: `initdb` into a temporary folder, `pg_ctl`
on a free port of 127.0.0.1 with its own socket folder. PostgreSQL refuses to run as root, and
CI runs the tests as root: there the binaries run as the `postgres` user (`runuser`), in a
folder that user owns.

`Blackhole` stands between a desk and the server for a pulled cable: it forwards bytes until
`cut()`, then keeps every connection open and forwards nothing, so that no reset or close tells
the desk anything; only its own timeouts can find the dead link.

Without the binaries the tests skip, except where LOKET_TEST_POSTGRES is set (CI): there a
missing PostgreSQL is a broken machine, and the tests fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL

from tests.conftest import POSTGRES_URL

BIN = Path(os.environ.get("LOKET_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
USER = "loket"
PASSWORD = "loket-private"
DATABASE = "loket"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def binaries_or_skip() -> None:
    missing = [name for name in ("initdb", "pg_ctl", "postgres") if not (BIN / name).exists()]
    if not missing:
        return
    reason = f"PostgreSQL binaries not found in {BIN} ({', '.join(missing)}); set LOKET_TEST_PG_BIN"
    if POSTGRES_URL:
        pytest.fail(f"{reason}: LOKET_TEST_POSTGRES is set, so they must be there")
    pytest.skip(reason)


class PrivateServer:
    """One private PostgreSQL instance: `start()`, `stop(mode)`, `start()` again, same port."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="loket-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        self.sockets.mkdir()
        password_file = self.root / "password"
        password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
            for path in (self.sockets, password_file):
                shutil.chown(path, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={password_file}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",  # a test's server: its files need not survive the machine's power cut
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.sockets}'\nfsync = on\n"
                "max_connections = 30\nshared_buffers = 16MB\n"
            )
        self.running = False
        self.start()
        self._run_sql(f"CREATE DATABASE {DATABASE} OWNER {USER}")

    def url(self, port: int | None = None) -> URL:
        """The URL a desk connects with; `port` to go through a Blackhole instead."""
        return URL.create(
            "postgresql+psycopg",
            username=USER,
            password=PASSWORD,
            host="127.0.0.1",
            port=port or self.port,
            database=DATABASE,
        )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """`immediate`: the server crashes (every connection cut, recovery at the next start);
        `fast`: it shuts down cleanly, ending every session."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")
        self.running = False

    def remove(self) -> None:
        if self.running:
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def _run_sql(self, sql: str) -> None:
        psql = BIN / "psql"
        self._run(
            str(psql), "-h", str(self.sockets), "-p", str(self.port), "-U", USER,
            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql,
        )  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        command = [str(BIN / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = (
                self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
            )
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                f"server log:\n{log[-3000:]}"
            )


class Blackhole:
    """A TCP relay on 127.0.0.1 to the server; `cut()` makes it a pulled cable, `mend()` plugs
    it back in (connections made before the cut stay dead, as a real cable's would after the
    server has given up on them; new connections work again)."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        self._cut = threading.Event()
        self._closing = threading.Event()
        self._held: list[socket.socket] = []  # kept open, never read, while the cable is out
        self._lock = threading.Lock()
        self._generation = 0  # connections of an older generation stay dead after a mend
        self._cut_after: bytes = b""
        self._cut_once_seen: bytes = b""
        threading.Thread(target=self._accept, daemon=True, name="blackhole").start()

    def cut(self) -> None:
        with self._lock:
            self._generation += 1
        self._cut.set()

    def cut_after_sending(self, marker: bytes, once_seen: bytes) -> None:
        """The cable comes out just after the desk's statement containing `marker` has reached
        the server, before its answer comes back, on the first connection that has sent
        `once_seen` before it (`b"COMMIT"` after `b"INSERT INTO scan "`: that scan committed,
        never acknowledged; another connection's COMMIT, such as a page's poll, does not
        count)."""
        self._cut_once_seen = once_seen
        self._cut_after = marker

    def mend(self) -> None:
        self._cut_after = b""
        self._cut_once_seen = b""
        self._cut.clear()

    def close(self) -> None:
        self._closing.set()
        self._listener.close()
        with self._lock:
            for held in self._held:
                held.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._held.append(client)
                generation = self._generation
            if self._cut.is_set():
                continue  # the SYN is answered by our kernel, then nothing: held, never read
            try:
                server = socket.create_connection(("127.0.0.1", self._target))
            except OSError:
                client.close()  # the server is not there: refused, as it would be without us
                continue
            with self._lock:
                self._held.append(server)
            for source, sink, upstream in ((client, server, True), (server, client, False)):
                threading.Thread(
                    target=self._pump, args=(source, sink, generation, upstream), daemon=True
                ).start()

    def _alive(self, generation: int) -> bool:
        return not self._cut.is_set() and generation == self._generation

    def _pump(
        self, source: socket.socket, sink: socket.socket, generation: int, upstream: bool
    ) -> None:
        source.settimeout(0.1)
        seen = False  # this connection has sent `_cut_once_seen`
        while not self._closing.is_set():
            if not self._alive(generation):
                time.sleep(0.05)  # bytes stay unread in the kernel: nothing acknowledged upstream
                continue
            try:
                chunk = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                _close_on(sink)  # a side closed while the cable was in: pass the close on
                return
            if not self._alive(generation):
                return  # cut while this chunk was in hand: it is lost on the cable
            try:
                sink.sendall(chunk)
            except OSError:
                _close_on(source)
                return
            if upstream and self._cut_after:
                before, first, after = chunk.partition(self._cut_once_seen)
                rest = after if first else before  # what this chunk sent after `once_seen`
                if (seen or first) and self._cut_after in rest:
                    self.cut()
                seen = seen or bool(first)


def _close_on(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture(scope="module")
def private_server() -> Iterator[PrivateServer]:
    """A private PostgreSQL server for the module's tests, running (tests restart it if they
    stopped it: see `running_server`)."""
    binaries_or_skip()
    server = PrivateServer()
    yield server
    server.remove()


@pytest.fixture
def running_server(private_server: PrivateServer) -> PrivateServer:
    if not private_server.running:
        private_server.start()
    return private_server
