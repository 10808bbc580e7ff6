"""Numbers that never repeat and leave no gaps within a year: one counter row per series and year.

The counter is read and advanced inside the caller's transaction, so a rolled-back
transaction gives its number back and the next one takes it: no gaps.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.db.models import Counter


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
