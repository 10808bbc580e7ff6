"""One retry after a race lost to another desk.

Two desks may record the same card at the same moment. The database refuses the second with
a unique index (IntegrityError) and rolls its transaction back; run again, the use case then
sees what the first desk recorded and answers accordingly ("already scanned", "already in a
return"). Once is enough: the row that won is committed and will not move again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

T = TypeVar("T")


def after_lost_race(attempt: Callable[[], T]) -> T:
    """`attempt()`, and once more if another desk's row made it fail a unique index."""
    try:
        return attempt()
    except IntegrityError:
        return attempt()
