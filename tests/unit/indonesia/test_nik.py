"""Every NIK rule, with the numbers scanners and spreadsheets really produce."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.core.indonesia.nik import NikProblem, clean_nik_text, describe_problem, parse_nik

TODAY = dt.date(2026, 11, 27)


def check(text: str):
    return parse_nik(text, TODAY)


def test_valid_nik_gives_birth_date_and_gender_of_a_man() -> None:
    result = check("3374042606528310")
    assert result.ok and result.problem is None
    assert result.nik is not None
    assert result.nik.birth_date == dt.date(1952, 6, 26)
    assert result.nik.is_female is False
    assert result.nik.district_code == "33.74.04"
    assert result.nik.grouped() == "3374 0426 0652 8310"


def test_woman_has_forty_added_to_her_day_of_birth() -> None:
    result = check("3374046404760519")
    assert result.nik is not None
    assert result.nik.is_female is True
    assert result.nik.birth_date == dt.date(1976, 4, 24)


@pytest.mark.parametrize(
    "text",
    [
        "3374 0441 0790 0002",
        "3374.0441.0790.0002",
        "3374-0441-0790-0002",
        "'3374044107900002",
        "\u20183374044107900002",
        " 3374044107900002\t",
        "3374\u00a00441\u00a00790\u00a00002",
        "\ufeff3374044107900002",
        "".join(chr(0xFF10 + int(d)) for d in "3374044107900002"),  # full-width, from an IME
    ],
)
def test_separators_apostrophe_and_full_width_digits_are_cleaned(text: str) -> None:
    result = check(text)
    assert result.ok, result.problem
    assert result.nik is not None and result.nik.digits == "3374044107900002"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", NikProblem.EMPTY),
        ("   ", NikProblem.EMPTY),
        ("33740441079", NikProblem.TOO_SHORT),
        ("33740441079000021", NikProblem.TOO_LONG),
        ("ABCDEFGHIJKLMNOP", NikProblem.NOT_DIGITS),
        ("3374O44107900002", NikProblem.NOT_DIGITS),  # letter O for zero
        ("3,37404E+15", NikProblem.NOT_DIGITS),  # Excel's scientific notation
        ("٣٣٧٤٠٤٤١٠٧٩٠٠٠٠٢", NikProblem.NOT_DIGITS),  # Arabic-Indic digits are not ASCII
        ("9974044107900002", NikProblem.UNKNOWN_PROVINCE),
        ("3300044107900002", NikProblem.ZERO_REGION),
        ("3374003213900001", NikProblem.ZERO_REGION),
        ("3374043213900001", NikProblem.IMPOSSIBLE_DATE),  # day 32
        ("3374040000000000", NikProblem.IMPOSSIBLE_DATE),  # zeros after the region
        ("3374044513900001", NikProblem.IMPOSSIBLE_DATE),  # woman's day 05, month 13
        ("3374047201900001", NikProblem.IMPOSSIBLE_DATE),  # woman's day 32
        ("3374043502900001", NikProblem.IMPOSSIBLE_DATE),  # day 35: neither man nor woman
        ("3374040001900001", NikProblem.IMPOSSIBLE_DATE),  # day 00
        ("3374043002900001", NikProblem.IMPOSSIBLE_DATE),  # 30 February
        ("3374042606520000", NikProblem.ZERO_SERIAL),
    ],
)
def test_numbers_that_cannot_be_a_nik_are_refused_with_the_reason(
    text: str, problem: NikProblem
) -> None:
    result = check(text)
    assert not result.ok
    assert result.problem is problem
    assert describe_problem(problem, result.cleaned)


def test_day_71_is_the_last_day_for_a_woman() -> None:
    result = check("3374047101900001")
    assert result.nik is not None and result.nik.birth_date == dt.date(1990, 1, 31)


def test_century_is_chosen_so_the_birth_date_is_not_in_the_future() -> None:
    born_last_year = check("3374041511250001")
    assert born_last_year.nik is not None
    assert born_last_year.nik.birth_date == dt.date(2025, 11, 15)
    next_month_means_a_century_ago = check("3374040112260001")
    assert next_month_means_a_century_ago.nik is not None
    assert next_month_means_a_century_ago.nik.birth_date == dt.date(1926, 12, 1)
    today_itself = check("3374042711260001")
    assert today_itself.nik is not None
    assert today_itself.nik.birth_date == dt.date(2026, 11, 27)


def test_29_february_of_a_leap_year() -> None:
    assert check("3374042902000001").ok  # 2000 is a leap year
    assert check("3374042902240001").ok  # 2024
    assert check("3374042902230001").problem is NikProblem.IMPOSSIBLE_DATE


def test_region_code_missing_from_todays_list_is_only_a_warning() -> None:
    # Province 33 exists; kabupaten 99 kecamatan 99 does not: NIKs keep old codes for life.
    result = check("3399994107900002")
    assert result.ok
    assert result.region_warning
    assert not check("3374044107900002").region_warning


def test_samples_of_other_kecamatan_are_valid_people_who_moved_in() -> None:
    for text in ("3322015904053942", "3172012708905497", "3374092405584309"):
        assert check(text).ok, text


def test_problem_sentences_are_indonesian_and_say_what_is_wrong() -> None:
    short = check("33740441079")
    assert short.problem is not None
    assert "11 angka" in describe_problem(short.problem, short.cleaned)
    day32 = check("3374043213900001")
    assert day32.problem is not None
    assert "32-13-90" in describe_problem(day32.problem, day32.cleaned)


def test_clean_nik_text_leaves_letters_for_the_caller_to_refuse() -> None:
    assert clean_nik_text(" ab-12.3 ") == "ab123"
