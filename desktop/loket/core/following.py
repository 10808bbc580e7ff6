"""What other desks change, read cheaply by the pages that follow them on a shared server.

A SQLite file belongs to one desk (one data folder, one window: `ui/shell/single_instance.py`),
so nothing changes it behind the desk's back and its pages have nothing to follow. On a
PostgreSQL server every desk of the office writes, and an open page reads, every few seconds,
the few rows that say whether anything changed (`ui/kit/following.py`).
"""

from __future__ import annotations

from sqlalchemy import select

from loket.db.engine import Database
from loket.db.models import AuditChain


def others_write(database: Database) -> bool:
    """Other desks write this database: it is a shared server, not this desk's own file."""
    return database.engine.dialect.name != "sqlite"


_CHAIN_LENGTH = select(AuditChain.length).where(AuditChain.id == 1)


def office_stamp(database: Database) -> int:
    """A number that grows with every change any desk commits: the audit chain's length.

    Every use case that changes the office writes its audit row, and the chain's one head row
    is locked by each such commit (core/audit.py), so the length never skips one.
    """
    with database.transaction() as session:
        return session.scalar(_CHAIN_LENGTH) or 0
