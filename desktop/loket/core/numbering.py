"""Numbers that never repeat and leave no gaps within a year: one counter row per series and year.

The counter is read and advanced inside the caller's transaction, so a rolled-back
transaction gives its number back and the next one takes it: no gaps.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from loket.db.models import Base, Counter
from loket.db.plain import PlainStatement, PlainTransaction


def next_number(session: Session, series: str, year: int) -> int:
    counter = session.scalar(
        select(Counter).where(Counter.series == series, Counter.year == year).with_for_update()
    )
    if counter is None:
        counter = Counter(series=series, year=year, value=0)
        session.add(counter)
    counter.value += 1
    session.flush()
    return counter.value


def next_number_plain(plain: PlainTransaction, series: str, year: int) -> int:
    """`next_number` in a transaction of plain statements (db/plain.py)."""
    counter = plain.first(_COUNTER, series=series, year=year)
    if counter is None:
        plain.run(_FIRST, series=series, year=year)
        return 1
    plain.run(_ADVANCE, counter_id=counter.id, value=counter.value + 1)
    return int(counter.value) + 1


_COUNTERS = Base.metadata.tables["counter"]
_COUNTER = PlainStatement(
    select(_COUNTERS.c.id, _COUNTERS.c.value)
    .where(_COUNTERS.c.series == bindparam("series"), _COUNTERS.c.year == bindparam("year"))
    .with_for_update()
)
_FIRST = PlainStatement(
    insert(_COUNTERS).values(series=bindparam("series"), year=bindparam("year"), value=1).inline()
)
_ADVANCE = PlainStatement(
    update(_COUNTERS)
    .where(_COUNTERS.c.id == bindparam("counter_id"))
    .values(value=bindparam("value"))
)
