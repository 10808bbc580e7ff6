"""Opening a desk's data folder: create it, connect, migrate."""

from __future__ import annotations

from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database


def open_database(data: DataDir) -> Database:
    data.create()
    database = Database(data.database_url)
    migrate.upgrade(database, backup_dir=data.backups)
    return database
