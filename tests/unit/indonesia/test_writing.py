"""Dates and counts as Indonesian official papers write them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from loket.core.indonesia import lokal_adapter
from loket.core.indonesia.lokal_adapter import in_words
from loket.core.indonesia.writing import (
    count_in_words,
    date_time,
    day_sentence,
    long_date,
    month_name,
    roman_month,
    weekday_date,
    weekday_name,
)

KALIGAWE_EVENT = dt.date(2018, 1, 18)  # the day 56 cards were handed over at Rusunawa Kaligawe


def test_long_date_writes_the_month_in_indonesian() -> None:
    assert long_date(KALIGAWE_EVENT) == "18 Januari 2018"
    assert long_date(dt.date(2026, 8, 1)) == "1 Agustus 2026"


def test_weekday_date_is_how_the_desk_writes_a_date() -> None:
    assert weekday_date(KALIGAWE_EVENT) == "Kamis, 18 Januari 2018"
    assert weekday_date(dt.date(2026, 11, 27)) == "Jumat, 27 November 2026"


def test_weekday_name_in_indonesian() -> None:
    assert weekday_name(KALIGAWE_EVENT) == "Kamis"
    assert [weekday_name(dt.date(2026, 11, 23) + dt.timedelta(days=n)) for n in range(7)] == [
        "Senin",
        "Selasa",
        "Rabu",
        "Kamis",
        "Jumat",
        "Sabtu",
        "Minggu",
    ]


def test_every_month_name_is_indonesian() -> None:
    assert [month_name(dt.date(2026, m, 1)) for m in range(1, 13)] == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]


def test_date_time_shows_the_office_clock_and_zone() -> None:
    moment = dt.datetime(2018, 1, 18, 2, 30, tzinfo=dt.UTC)
    assert date_time(moment, ZoneInfo("Asia/Jakarta")) == "Kamis, 18 Januari 2018 pukul 09.30 WIB"
    assert date_time(moment, ZoneInfo("Asia/Makassar")) == (
        "Kamis, 18 Januari 2018 pukul 10.30 WITA"
    )
    assert date_time(moment, ZoneInfo("Asia/Jayapura")) == "Kamis, 18 Januari 2018 pukul 11.30 WIT"


def test_date_time_crosses_midnight_into_the_office_day() -> None:
    late_utc = dt.datetime(2018, 1, 17, 18, 5, tzinfo=dt.UTC)  # already 01.05 on the 18th in WIB
    assert date_time(late_utc, ZoneInfo("Asia/Jakarta")) == "Kamis, 18 Januari 2018 pukul 01.05 WIB"


def test_date_time_refuses_a_time_without_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        date_time(dt.datetime(2018, 1, 18, 9, 30), ZoneInfo("Asia/Jakarta"))


def test_count_in_words_as_on_official_minutes() -> None:
    assert count_in_words(56) == "56 (lima puluh enam) keping"
    assert count_in_words(53) == "53 (lima puluh tiga) keping"
    assert count_in_words(1) == "1 (satu) keping"
    assert count_in_words(11) == "11 (sebelas) keping"
    assert count_in_words(100) == "100 (seratus) keping"


def test_count_in_words_says_nol_for_nothing() -> None:
    assert count_in_words(0) == "0 (nol) keping"


def test_count_in_words_groups_thousands_with_a_dot() -> None:
    assert count_in_words(20000) == "20.000 (dua puluh ribu) keping"
    assert count_in_words(1250) == "1.250 (seribu dua ratus lima puluh) keping"


def test_count_in_words_with_another_unit_or_none() -> None:
    assert count_in_words(3, "lembar") == "3 (tiga) lembar"
    assert count_in_words(7, "") == "7 (tujuh)"


def test_count_in_words_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        count_in_words(-1)


def test_in_words_is_lokal_terbilang() -> None:
    assert in_words(56) == "lima puluh enam"
    assert in_words(2026) == "dua ribu dua puluh enam"
    assert lokal_adapter.in_words is in_words


def test_day_sentence_opens_a_berita_acara() -> None:
    assert day_sentence(dt.date(2026, 11, 27)) == (
        "Pada hari ini Jumat tanggal dua puluh tujuh bulan November tahun dua ribu dua puluh enam"
    )
    assert day_sentence(KALIGAWE_EVENT) == (
        "Pada hari ini Kamis tanggal delapan belas bulan Januari tahun dua ribu delapan belas"
    )


def test_day_sentence_says_satu_for_the_first_of_the_month() -> None:
    assert day_sentence(dt.date(2026, 1, 1)) == (
        "Pada hari ini Kamis tanggal satu bulan Januari tahun dua ribu dua puluh enam"
    )
    assert "tanggal sebelas bulan" in day_sentence(dt.date(2026, 11, 11))


def test_roman_month_for_letter_numbers() -> None:
    assert [roman_month(m) for m in range(1, 13)] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
    ]


@pytest.mark.parametrize("month", [0, 13, -1])
def test_roman_month_refuses_a_month_that_does_not_exist(month: int) -> None:
    with pytest.raises(ValueError):
        roman_month(month)
