"""Opening a desk's data folder: prove it can be written, connect, migrate."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import BUSY_TIMEOUT_MS, Database
from loket.db.errors import storage_error
from loket.domain.errors import StorageProblem


def open_database(data: DataDir, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """The desk's database, migrated to the current schema.

    Refused before anything is written: DataDirUnusable when the folder cannot be written,
    StorageError when the database is locked, full or on a failing disk. A file that is not a
    database at all keeps the driver's DatabaseError (the caller says it is damaged).
    """
    data.check_writable()
    database = Database(data.database_url, busy_timeout_ms)
    try:
        migrate.upgrade(database, backup_dir=data.backups)
    except DBAPIError as error:
        database.dispose()
        refusal = storage_error(error, database.location)
        if refusal is None or refusal.problem is StorageProblem.CORRUPT:
            raise
        raise refusal from error
    return database
