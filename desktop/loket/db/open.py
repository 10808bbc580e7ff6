"""Opening a desk's data folder: prove it can be written, connect, migrate."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from loket.datadir import DataDir, ServerAddress
from loket.db import credentials, migrate, server
from loket.db.engine import BUSY_TIMEOUT_MS, Database
from loket.db.errors import storage_error
from loket.domain.errors import StorageProblem


def open_database(
    data: DataDir, busy_timeout_ms: int = BUSY_TIMEOUT_MS, desk: str = ""
) -> Database:
    """The desk's database, migrated to the current schema: its own SQLite file, or the shared
    PostgreSQL server that DIR/database-server.json names. `desk`: the name its writes record
    (core/storage.py gives the one in the desk's settings).

    Refused before anything is written: DataDirUnusable when the folder cannot be written,
    StorageError when the database is locked, full or on a failing disk, ServerUnusable when the
    server cannot be reached or used. A file that is not a database at all keeps the driver's
    DatabaseError (the caller says it is damaged).
    """
    data.check_writable()
    address = data.server
    if address is not None:
        return _open_server(data, address, busy_timeout_ms, desk)
    database = Database(data.database_url, busy_timeout_ms, desk)
    try:
        migrate.upgrade(database, backup_dir=data.backups)
    except DBAPIError as error:
        database.dispose()
        refusal = storage_error(error, database.location)
        if refusal is None or refusal.problem is StorageProblem.CORRUPT:
            raise
        raise refusal from error
    return database


def _open_server(
    data: DataDir, address: ServerAddress, busy_timeout_ms: int, desk: str
) -> Database:
    password = credentials.load_password(data, address)
    if password is None:
        raise server.ServerUnusable(server.ServerProblem.NO_PASSWORD, address)
    server.examine(address, password)  # reachable, new enough, a schema this program knows
    database = Database(server.server_url(address, password), busy_timeout_ms, desk)
    try:
        migrate.upgrade(database)
    except DBAPIError as error:
        database.dispose()
        problem, detail = server.connection_problem(error)
        raise server.ServerUnusable(problem, address, detail) from error
    return database
