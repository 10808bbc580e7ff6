"""A hostile world for the database, made truthfully: another program's lock, a full disk."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from loket.db.engine import Database

#: How long the tests' desks wait for a lock (the desk itself waits 15 s).
QUICK_BUSY_MS = 300

_HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
connection.close()
"""


class LockHolder:
    """Another process (a backup tool, a database viewer) holding SQLite's write lock."""

    def __init__(self, database_file: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(database_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        assert line == "locked", f"the other process did not take the lock: {line!r}"

    @property
    def holding(self) -> bool:
        return self._process.poll() is None

    def release(self) -> None:
        """The other program commits nothing and ends: the lock is free."""
        if self.holding:
            self._process.communicate("\n", timeout=30)

    def kill(self) -> None:
        if self.holding:
            self._process.kill()
        self._process.communicate(timeout=30)  # also closes the pipes


@contextmanager
def another_program_locks(database_file: Path) -> Iterator[LockHolder]:
    holder = LockHolder(database_file)
    try:
        yield holder
    finally:
        holder.kill()


class DiskLimit:
    """SQLite's `max_page_count` on every connection of a Database: the file cannot grow past it.

    Truthful: SQLite answers SQLITE_FULL ("database or disk is full") exactly as for a full
    disk. `fill()` sets the limit just above the current size; `free()` lifts it, as when the
    desk makes room on the disk.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._limit: int | None = None
        event.listen(database.engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        if self._limit is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {self._limit}")

    def pages(self) -> int:
        with self._database.engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())

    def fill(self, spare_pages: int = 1) -> None:
        self._database.engine.dispose()  # connections opened before keep no limit
        self._limit = self.pages() + spare_pages
        self._database.engine.dispose()

    def free(self) -> None:
        self._limit = None
        self._database.engine.dispose()

    def remove(self) -> None:
        self.free()
        event.remove(self._database.engine, "connect", self._on_connect)


def no_space_left(*_args: object, **_kwargs: object) -> None:
    """Stands in for os.fsync on a disk that filled up while the file was written."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def files_under(folder: Path) -> list[str]:
    """Every file below `folder` (hidden temporary files too), relative, sorted."""
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
