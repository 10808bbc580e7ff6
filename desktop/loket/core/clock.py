"""The time, in one place, so tests (and a PC whose clock was set back) can be reasoned about."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """The PC's clock, in UTC: every time the program records comes from here."""
    return _system_clock()


def _system_clock() -> dt.datetime:
    # Looked up at each call, so a test can set the whole program's clock back in one place.
    return dt.datetime.now(dt.UTC)
