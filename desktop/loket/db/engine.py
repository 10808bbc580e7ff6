"""Engine set-up: SQLite for one desk (WAL, synchronous=FULL), PostgreSQL for several."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from loket.db.errors import storage_error
from loket.i18n import _

#: How long a desk waits for another program's (or desk's) lock before it says so.
BUSY_TIMEOUT_MS = 15_000


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Take the write lock up front: two desks never both read, then both try to write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    # A row locked by another desk (or a stuck program) is waited for as long, not for ever.
    options = f"-c lock_timeout={int(busy_timeout_ms)}"
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options})


class Database:
    """An engine and its sessions. Each use case runs in one `transaction()`.

    `busy_timeout_ms`: how long a transaction waits for a lock held elsewhere before it is
    refused with StorageError (15 s at the desk; tests pass a fraction of a second).
    """

    def __init__(self, url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.engine = make_engine(url, busy_timeout_ms)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def location(self) -> str:
        """The database as the desk's messages name it: its file, or its server."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return url.database or "(memori)"
        return _("{database} di server {host}").format(
            database=url.database, host=url.host or "localhost"
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commits when the block ends, rolls back if it raises.

        A locked, full, read-only or failing database raises StorageError (a LoketError with an
        Indonesian message) instead of the driver's error; the block's writes are rolled back.
        """
        try:
            with self._sessions.begin() as session:
                yield session
        except DBAPIError as error:
            refusal = storage_error(error, self.location)
            if refusal is None:
                raise
            raise refusal from error

    def dispose(self) -> None:
        self.engine.dispose()
