"""Dates and counts written the way Indonesian official papers write them.

"Kamis, 18 Januari 2018", "56 (lima puluh enam) keping", "Pada hari ini Jumat tanggal
dua puluh tujuh bulan November tahun dua ribu dua puluh enam". Official papers are
Indonesian only, so nothing here goes through the translation catalogue.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from loket.core.indonesia.lokal_adapter import in_words
from loket.core.indonesia.zones import zone_abbreviation

__all__ = [
    "count_in_words",
    "date_time",
    "day_sentence",
    "figure",
    "in_words",
    "long_date",
    "month_name",
    "roman_month",
    "weekday_date",
    "weekday_name",
]

_LOCALE = "id"
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def long_date(d: dt.date) -> str:
    """18 Januari 2018."""
    return format_date(d, "d MMMM y", locale=_LOCALE)


def weekday_date(d: dt.date) -> str:
    """Kamis, 18 Januari 2018."""
    return format_date(d, "EEEE, d MMMM y", locale=_LOCALE)


def weekday_name(d: dt.date) -> str:
    """Kamis."""
    return format_date(d, "EEEE", locale=_LOCALE)


def month_name(d: dt.date) -> str:
    """Januari."""
    return format_date(d, "MMMM", locale=_LOCALE)


def date_time(moment: dt.datetime, zone: ZoneInfo) -> str:
    """Kamis, 18 Januari 2018 pukul 09.30 WIB: the moment as the office's clock showed it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive time would be read in the PC's own zone, which may not be the office's.
        raise ValueError("date_time needs a timezone-aware datetime")
    local = moment.astimezone(zone)
    return f"{weekday_date(local.date())} pukul {local:%H.%M} {zone_abbreviation(zone)}"


def figure(n: int) -> str:
    """1250 -> "1.250": thousands grouped with a dot, as Indonesians write numbers."""
    return format_decimal(n, locale=_LOCALE)


def count_in_words(n: int, unit: str = "keping") -> str:
    """56 -> "56 (lima puluh enam) keping"."""
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    text = f"{figure(n)} ({in_words(n)})"
    return f"{text} {unit}" if unit else text


def day_sentence(d: dt.date) -> str:
    """The opening of a berita acara, the date written out in words."""
    return (
        f"Pada hari ini {weekday_name(d)} tanggal {in_words(d.day)} "
        f"bulan {month_name(d)} tahun {in_words(d.year)}"
    )


def roman_month(month: int) -> str:
    """11 -> "XI", as used in the number of an official letter."""
    if not 1 <= month <= 12:
        raise ValueError(f"no such month: {month}")
    return _ROMAN_MONTHS[month - 1]
