"""Windows: printing the day again while this morning's laporan harian is open in a PDF
reader, or exporting onto a workbook open in Excel. The old file cannot be replaced there; the
new one is saved beside it, registered under its real name, and the desk is told."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from loket.cli import main
from loket.core.office.identity import OfficeInfo
from loket.core.papers.register import find_documents
from loket.core.reports import daily, saving
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.reports.daily_report import write_daily_report
from loket.documents.reports.xlsx_export import export_daily_xlsx
from tests.helpers.windows import held_open

DAY = dt.date(2026, 11, 27)


def test_a_report_open_in_a_reader_is_kept_and_the_new_one_saved_and_filed_beside_it(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
    assert first.name == saving.daily_report_name(DAY)
    morning = first.read_bytes()
    with held_open(monkeypatch, first) as held:
        second = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
        held.add(second.resolve())
        third = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
    assert (first.read_bytes(), second.name, third.name) == (
        morning,
        "laporan-harian-2026-11-27-2.pdf",
        "laporan-harian-2026-11-27-3.pdf",
    )
    assert "27 November 2026" in PdfReader(third).pages[0].extract_text()
    filed = {entry.path.name for entry in find_documents(database, data_dir, kaligawe.zone)}
    assert {first.name, second.name, third.name} <= filed


@pytest.mark.sqlite_only  # the command line opens the data folder's own database
def test_the_command_line_says_where_the_new_report_went(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
    args = ["--data-dir", str(data_dir.root), "report", "daily", "--date", DAY.isoformat()]
    with held_open(monkeypatch, first):
        code = main(args)
    printed = capsys.readouterr()
    aside = first.with_name("laporan-harian-2026-11-27-2.pdf")
    assert code == 0 and aside.is_file()
    assert f"{first.name} sedang dibuka di program lain" in printed.err
    assert f"disimpan sebagai {aside}" in printed.err
    assert str(aside) in printed.out


def test_an_export_onto_a_workbook_open_in_excel_is_saved_beside_it(
    database: Database, kaligawe: OfficeInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Dokumen" / "laporan harian.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"open in Excel")
    with held_open(monkeypatch, target):
        saved = export_daily_xlsx(daily.daily_report(database, DAY), target)
    assert saved == target.with_name("laporan harian-2.xlsx")
    assert target.read_bytes() == b"open in Excel"
    assert saved.read_bytes()[:2] == b"PK"  # a workbook
    assert {path.name for path in target.parent.iterdir()} == {target.name, saved.name}
