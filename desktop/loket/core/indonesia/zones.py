"""Indonesia's three time zones: which one an office keeps, by its province."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# Indonesia's three zones by province code: WITA and WIT provinces; every other province is WIB.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def office_zone(region_code: str) -> ZoneInfo:
    province = region_code[:2]
    if province in _WIT_PROVINCES:
        return ZoneInfo("Asia/Jayapura")
    if province in _WITA_PROVINCES:
        return ZoneInfo("Asia/Makassar")
    return ZoneInfo("Asia/Jakarta")


def zone_abbreviation(zone: ZoneInfo) -> str:
    return {"Asia/Jayapura": "WIT", "Asia/Makassar": "WITA"}.get(zone.key, "WIB")


def local_days(
    first: dt.date, after_last: dt.date, zone: ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """From midnight of `first` to midnight of `after_last` on the office's clock, in UTC."""
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(after_last, dt.time(), zone).astimezone(dt.UTC)
    return start, end
