"""The reader tells how far it has come, so the window can say it while a big list is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from loket.core.manifest.progress import ReadProgress, Stage, progress_text
from loket.core.manifest.reader import read_manifest

TODAY = dt.date(2026, 11, 27)


def rows(count: int) -> list[list[str]]:
    """Valid NIKs of Gayamsari (33.74.04), births spread over the days of 1980."""
    lines = [["NO", "NIK", "NAMA", "RT", "RW"]]
    for i in range(count):
        day, month, serial = i % 28 + 1, (i // 28) % 12 + 1, i // 336 + 1
        lines.append(
            [str(i + 1), f"337404{day:02d}{month:02d}80{serial:04d}", f"WARGA {i}", "1", "2"]
        )
    return lines


def as_csv(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "daftar.csv"
    path.write_text("\r\n".join(",".join(line) for line in rows(count)), encoding="utf-8")
    return path


def as_xlsx(tmp_path: Path, count: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in rows(count):
        sheet.append(line)
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("write", [as_csv, as_xlsx])
def test_reading_then_checking_is_told_every_thousand_rows_and_at_the_end(
    tmp_path: Path, write: Callable[[Path, int], Path]
) -> None:
    told: list[ReadProgress] = []
    path = write(tmp_path, 2_500)
    report = read_manifest(path, today=TODAY, progress=told.append)
    assert len(report.entries) == 2_500
    assert told == [
        ReadProgress(Stage.READING, 1_000),
        ReadProgress(Stage.READING, 2_000),
        ReadProgress(Stage.CHECKING, 1_000, 2_500),
        ReadProgress(Stage.CHECKING, 2_000, 2_500),
        ReadProgress(Stage.CHECKING, 2_500, 2_500),
    ]


def test_a_small_list_is_told_once_when_checked(tmp_path: Path) -> None:
    told: list[ReadProgress] = []
    read_manifest(as_csv(tmp_path, 40), today=TODAY, progress=told.append)
    assert told == [ReadProgress(Stage.CHECKING, 40, 40)]


def test_progress_is_said_with_indonesian_figures() -> None:
    reading = ReadProgress(Stage.READING, 12_000)
    checking = ReadProgress(Stage.CHECKING, 12_000, 20_000)
    assert progress_text("daftar.xlsx", reading) == "Membaca daftar daftar.xlsx… 12.000 baris"
    assert progress_text("daftar.xlsx", checking) == (
        "Memeriksa daftar daftar.xlsx… 12.000 dari 20.000 baris"
    )
