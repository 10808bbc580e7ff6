"""The time, in one place, so tests (and a PC whose clock was set back) can be reasoned about."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# Indonesia's three zones by province code: WITA and WIT provinces; every other province is WIB.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def utc_now() -> dt.datetime:
    """The PC's clock, in UTC: every time the program records comes from here."""
    return _system_clock()


def _system_clock() -> dt.datetime:
    # Looked up at each call, so a test can set the whole program's clock back in one place.
    return dt.datetime.now(dt.UTC)


def office_zone(region_code: str) -> ZoneInfo:
    province = region_code[:2]
    if province in _WIT_PROVINCES:
        return ZoneInfo("Asia/Jayapura")
    if province in _WITA_PROVINCES:
        return ZoneInfo("Asia/Makassar")
    return ZoneInfo("Asia/Jakarta")


def zone_abbreviation(zone: ZoneInfo) -> str:
    return {"Asia/Jayapura": "WIT", "Asia/Makassar": "WITA"}.get(zone.key, "WIB")
