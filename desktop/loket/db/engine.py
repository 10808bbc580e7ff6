"""Engine set-up: SQLite for one desk (WAL, synchronous=FULL), PostgreSQL for several."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from loket.db.errors import storage_error
from loket.db.link import LinkWatch
from loket.db.plain import PlainTransaction
from loket.domain.errors import StorageError
from loket.i18n import _

#: How long a desk waits for another program's (or desk's) lock before it says so.
BUSY_TIMEOUT_MS = 15_000

# A shared server: a dead link (cable pulled, server PC asleep) is found in seconds, not the
# minutes the operating system's defaults take, on both ends of the connection.
CONNECT_TIMEOUT_S = 5  # no answer to "connect" within this: the server is not reachable
KEEPALIVE_IDLE_S = 5  # a silent connection is probed after this long...
KEEPALIVE_INTERVAL_S = 2  # ...every this long...
KEEPALIVE_COUNT = 3  # ...and given up after this many unanswered probes (about 11 s in all)
TCP_USER_TIMEOUT_MS = 10_000  # data sent and not acknowledged for this long: the link is dead
# Where TCP cannot tell (Windows has no tcp_user_timeout; a hung PC that still acknowledges),
# a transaction kept waiting is asked about on a second connection: db/link.py, about 6 s.
#: No statement of the desk takes this long (a day's report on a million cards: a few seconds);
#: one that does is stuck, and is stopped by the server. Migrations lift it (db/migrate.py).
STATEMENT_TIMEOUT_MS = 60_000
#: A desk gone in the middle of a transaction holds its locks; the server ends it after this.
IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000
#: How a desk's connections are named on the server (`loket database status` counts them).
APPLICATION_NAME = "Loket KTP-el"


def postgres_connect_args(busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> dict[str, Any]:
    """libpq's settings for every connection to a shared server (also the connection test's)."""
    server_side = {
        # A row locked by another desk (or a stuck program) is waited for as long, not for ever.
        "lock_timeout": int(busy_timeout_ms),
        "statement_timeout": STATEMENT_TIMEOUT_MS,
        "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_TIMEOUT_MS,
        # The server's end of the link: a desk PC switched off mid-scan is found as quickly,
        # and the locks of its transaction freed before other desks' lock_timeout runs out.
        "tcp_keepalives_idle": KEEPALIVE_IDLE_S,
        "tcp_keepalives_interval": KEEPALIVE_INTERVAL_S,
        "tcp_keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }
    return {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_S,
        "keepalives_interval": KEEPALIVE_INTERVAL_S,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "application_name": APPLICATION_NAME,
        "options": " ".join(f"-c {name}={value}" for name, value in server_side.items()),
    }


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


def make_engine(url: str | URL, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    if str(url).startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    # Pre-ping: after the server restarted, a pooled connection found dead is replaced at once,
    # so the first scan after it is recorded (SQLAlchemy drops the whole pool on a disconnect).
    return create_engine(
        url, pool_pre_ping=True, connect_args=postgres_connect_args(busy_timeout_ms)
    )


_DESK = "loket.desk"


def desk_of(session: Session) -> str:
    """The name of the desk whose transaction this is ("" outside `Database.transaction`)."""
    return str(session.info.get(_DESK, ""))


def _watch_link(engine: Engine) -> LinkWatch | None:
    """The server's link watch, for a server reached over TCP (not a local socket folder)."""
    url = engine.url
    host = url.host or ""
    if url.get_backend_name() != "postgresql" or not host or host.startswith("/"):
        return None
    watch = LinkWatch(host, url.port or 5432)

    @event.listens_for(engine, "do_connect")
    def before_connect(*_args: Any) -> None:
        refusal = watch.refusal()
        if refusal:  # the driver's own kind of error: said as every lost connection is
            raise engine.dialect.loaded_dbapi.OperationalError(refusal)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        watch.connected(dbapi_connection)

    return watch


class Database:
    """An engine and its sessions. Each use case runs in one `transaction()`.

    `busy_timeout_ms`: how long a transaction waits for a lock held elsewhere before it is
    refused with StorageError (15 s at the desk; tests pass a fraction of a second).
    `desk`: the name of the desk (PC) that writes through it ("Loket 2"); every scan, handover,
    void and paper records it (`desk_of`). "" where no desk writes (a copy, a check).
    """

    def __init__(
        self, url: str | URL, busy_timeout_ms: int = BUSY_TIMEOUT_MS, desk: str = ""
    ) -> None:
        self.url = url  # a server's URL object keeps its password out of its str()
        self.busy_timeout_ms = busy_timeout_ms
        self.desk = desk  # renamed in Pengaturan while the desk runs: read at each transaction
        self.engine = make_engine(url, busy_timeout_ms)
        self.link = _watch_link(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def on_server(self) -> bool:
        """A shared server (PostgreSQL), not this desk's own file."""
        return self.engine.dialect.name != "sqlite"

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
        with self._refusing(), self._sessions.begin() as session:
            session.info[_DESK] = self.desk
            yield session

    @contextmanager
    def plain_transaction(self) -> Iterator[PlainTransaction]:
        """`transaction()` without the ORM: plain statements on the driver's cursor (db/plain.py),
        for a path where SQLAlchemy's layers would cost more than its SQL. The same begin
        (SQLite's BEGIN IMMEDIATE), commit, rollback, refusals and link watch."""
        with self._refusing(), self.engine.begin() as connection:
            plain = PlainTransaction(connection, self.desk)
            try:
                yield plain
            finally:
                plain.close()

    @contextmanager
    def _refusing(self) -> Iterator[None]:
        """A storage problem raised as StorageError; a server's transaction watched (db/link.py)."""
        watched = self.link.begin() if self.link is not None else None
        try:
            yield
        except DBAPIError as error:
            refusal = storage_error(error, self.location)
            if refusal is None:
                raise
            raise refusal from error
        finally:
            if watched is not None and self.link is not None:
                self.link.end(watched)

    def reachable(self) -> bool:
        """Whether the database answers a query now: a server found again after a lost link
        (its dead pooled connections are replaced on the way)."""
        if self.link is not None and not self.link.check():
            return False
        try:
            with self.transaction() as session:
                session.connection().exec_driver_sql("SELECT 1")
        except StorageError:
            return False
        return True

    def dispose(self) -> None:
        if self.link is not None:
            self.link.close()
        self.engine.dispose()
