"""The office's database as the window holds it: opened here, handed to every use case.

The window never imports `loket.db`; it holds a `Database` only to pass it to core.
"""

from __future__ import annotations

from loket.db.engine import Database
from loket.db.open import open_database

__all__ = ["Database", "open_database", "server_answers"]


def server_answers(database: Database) -> bool:
    """Whether the database answers now: a desk whose server was gone asks until it does."""
    return database.reachable()
