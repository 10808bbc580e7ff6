"""Whatever text arrives, the NIK parser answers without raising, and only real NIKs pass."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from loket.core.indonesia.nik import NIK_LENGTH, parse_nik

TODAY = dt.date(2026, 11, 27)
digits = st.text(alphabet="0123456789", min_size=14, max_size=18)
noisy = st.text(alphabet="0123456789 .-'\u3000\uff10\uff11\uff19abcXYZ\r\n\t", max_size=24)


@given(st.one_of(st.text(max_size=40), digits, noisy))
def test_any_text_gets_an_answer_and_only_valid_niks_pass(text: str) -> None:
    check = parse_nik(text, TODAY)
    assert (check.nik is None) != (check.problem is None)
    if check.nik is not None:
        nik = check.nik.digits
        assert len(nik) == NIK_LENGTH and nik.isascii() and nik.isdigit()
        assert check.nik.birth_date <= TODAY
        assert nik[12:] != "0000"
        assert nik[2:4] != "00" and nik[4:6] != "00"


@given(digits)
def test_the_day_and_gender_round_trip(text: str) -> None:
    check = parse_nik(text, TODAY)
    if check.nik is not None:
        day = int(text[6:8])
        assert check.nik.birth_date.day == (day - 40 if check.nik.is_female else day)
