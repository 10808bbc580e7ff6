"""The office's database as the window holds it: opened here, handed to every use case.

The window never imports `loket.db`; it holds a `Database` only to pass it to core. Opened
here, the database carries the name of this PC's desk (DIR/desk-settings.json), which every
scan, handover, void and paper it writes records; the command line opens it here too.
"""

from __future__ import annotations

from loket.core.settings.desk import load_desk_settings
from loket.datadir import DataDir
from loket.db import open as opening
from loket.db.engine import BUSY_TIMEOUT_MS, Database

__all__ = ["Database", "open_database", "server_answers"]


def open_database(data: DataDir, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """The desk's database (db/open.py: migrated, or refused before anything is written),
    named after this desk."""
    desk = load_desk_settings(data.root).desk_name
    return opening.open_database(data, busy_timeout_ms, desk)


def server_answers(database: Database) -> bool:
    """Whether the database answers now: a desk whose server was gone asks until it does."""
    return database.reachable()
