"""Which copies to keep: the newest of each of the last N days, weeks and months with a copy,
and always the newest good copy, whatever the numbers say."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from loket.core.backup.container import copies_in, taken_at

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Retention:
    daily: int = 14
    weekly: int = 8
    monthly: int = 12


def copies_to_keep(copies: list[Path], retention: Retention, zone: dt.tzinfo = dt.UTC) -> set[Path]:
    """`copies`: newest first, as `copies_in` gives them."""
    if not copies:
        return set()
    keep = {copies[0]}

    def newest_per(period: Callable[[dt.date], Hashable], count: int) -> None:
        seen: list[Hashable] = []
        for copy in copies:
            moment = taken_at(copy)
            assert moment is not None
            key = period(moment.astimezone(zone).date())
            if key in seen:
                continue
            if len(seen) >= count:
                return
            seen.append(key)
            keep.add(copy)

    newest_per(lambda day: day, retention.daily)
    newest_per(lambda day: day.isocalendar()[:2], retention.weekly)
    newest_per(lambda day: (day.year, day.month), retention.monthly)
    return keep


def rotate(
    folder: Path,
    retention: Retention,
    zone: ZoneInfo | dt.tzinfo = dt.UTC,
    just_made: Path | None = None,
) -> list[Path]:
    """Deletes the copies not kept (never `just_made`); returns them. A file that cannot be
    deleted stays."""
    copies = copies_in(folder)
    keep = copies_to_keep(copies, retention, zone) | {just_made}
    removed = []
    for copy in copies:
        if copy in keep:
            continue
        try:
            copy.unlink()
        except OSError as error:
            log.warning("old backup %s not removed: %s", copy, error)
            continue
        removed.append(copy)
    return removed
