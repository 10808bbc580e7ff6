"""Rotation keeps the newest copy of each of the last days, weeks and months, and the newest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from loket.core.backup.container import backup_name, copies_in, temporary_name
from loket.core.backup.rotation import Retention, copies_to_keep, rotate

WIB = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # a Monday, 08:00 WIB


def make_copies(folder: Path, moments: list[dt.datetime]) -> None:
    for moment in moments:
        (folder / backup_name(moment)).write_bytes(b"copy")


def test_a_year_of_copies_twice_a_day_keeps_14_days_8_weeks_12_months(tmp_path: Path) -> None:
    moments = [START + dt.timedelta(hours=12 * n) for n in range(2 * 400)]
    make_copies(tmp_path, moments)
    removed = rotate(tmp_path, Retention(14, 8, 12), WIB)
    kept = copies_in(tmp_path)
    assert len(kept) + len(removed) == len(moments)
    assert kept[0] == tmp_path / backup_name(moments[-1])
    # the 14 newest days (in WIB) each keep one copy: their newest, the 20:00 WIB one
    for moment in moments[-28:][1::2]:
        assert tmp_path / backup_name(moment) in kept
    for moment in moments[-28:][0::2]:
        assert tmp_path / backup_name(moment) not in kept
    assert len(kept) <= 14 + 8 + 12
    assert len(kept) >= 14 + 12  # weeks overlap with days, months reach back a year
    months = {p.name[9:15] for p in kept}
    assert len(months) == 12


def test_the_newest_copy_is_kept_even_when_every_count_is_zero(tmp_path: Path) -> None:
    make_copies(tmp_path, [START, START + dt.timedelta(days=1)])
    rotate(tmp_path, Retention(0, 0, 0))
    assert [p.name for p in copies_in(tmp_path)] == [backup_name(START + dt.timedelta(days=1))]


def test_a_half_written_copy_is_not_a_copy_and_is_never_counted(tmp_path: Path) -> None:
    final = tmp_path / backup_name(START)
    temporary_name(final).write_bytes(b"half")
    (tmp_path / "sebelum-migrasi-0005-20250101T000000Z.sqlite3").write_bytes(b"x")
    assert copies_in(tmp_path) == []
    assert rotate(tmp_path, Retention(0, 0, 0)) == []
    assert temporary_name(final).exists()


def test_the_office_day_decides_which_copy_is_the_days_newest() -> None:
    # 23:30 UTC is already the next morning in WIB: two copies of one WIB day, one kept.
    evening = dt.datetime(2025, 1, 6, 16, 0, tzinfo=dt.UTC)  # 23:00 WIB on the 6th
    night = dt.datetime(2025, 1, 6, 17, 30, tzinfo=dt.UTC)  # 00:30 WIB on the 7th
    paths = [Path(backup_name(night)), Path(backup_name(evening))]
    assert copies_to_keep(paths, Retention(2, 0, 0), WIB) == set(paths)
    assert copies_to_keep(paths, Retention(1, 0, 0), WIB) == {paths[0]}
    assert copies_to_keep(paths, Retention(2, 0, 0), dt.UTC) == {paths[0]}


def test_two_copies_in_one_second_the_later_counts_as_the_newest(tmp_path: Path) -> None:
    first = tmp_path / backup_name(START)
    second = tmp_path / backup_name(START, attempt=1)
    for path in (first, second):
        path.write_bytes(b"copy")
    assert copies_in(tmp_path) == [second, first]
    assert rotate(tmp_path, Retention(1, 0, 0)) == [first]
