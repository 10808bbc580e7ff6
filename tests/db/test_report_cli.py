"""`loket report daily|monthly`: the scheduled end-of-day job and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.cli import main
from loket.core.office import identity
from loket.core.settings.desk import DeskSettings, save_desk_settings
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db.models import Document
from loket.db.open import open_database
from loket.domain.states import Role


@pytest.fixture
def office_dir(tmp_path: Path) -> Path:
    data = DataDir(tmp_path / "kantor")
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 1", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni")
    accounts.add_staff(database, admin, "dewi", "rahasia-dewi", Role.OPERATOR, "Dewi Lestari")
    database.dispose()
    return data.root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_daily_report_is_written_where_the_job_asks(
    office_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan" / "harian.pdf"
    code, printed, _err = run(
        capsys, "--data-dir", str(office_dir), "report", "daily", "--date", "2026-11-27",
        "--out", str(out), "--user", "dewi",
    )  # fmt: skip
    assert code == 0 and str(out) in printed
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Jumat, 27 November 2026" in text and "Dewi Lestari" in text
    assert "Tidak ada penyerahan KTP-el pada hari ini." in text


def test_monthly_recap_goes_to_the_documents_folder_without_out(
    office_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, _err = run(
        capsys, "report", "monthly", "--month", "2026-10", "--data-dir", str(office_dir)
    )
    assert code == 0
    path = office_dir / "documents" / "rekap-bulanan" / "rekap-bulanan-2026-10.pdf"
    assert "Oktober 2026" in PdfReader(path).pages[0].extract_text()


def test_a_report_the_job_files_on_a_named_desk_records_that_desk(
    office_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_desk_settings(office_dir, DeskSettings(desk_name="Loket 3"))
    code, _out, _err = run(
        capsys, "--data-dir", str(office_dir), "report", "daily", "--date", "2026-11-27"
    )
    assert code == 0
    database = open_database(DataDir(office_dir))
    try:
        with database.transaction() as session:
            assert session.scalars(select(Document.desk)).all() == ["Loket 3"]
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("daily", "--date", "27-11-2026"), "Tanggal 27-11-2026 tidak dikenal"),
        (("daily", "--date", "2026-02-30"), "Tanggal 2026-02-30 tidak dikenal"),
        (("monthly", "--month", "2026-13"), "Bulan 2026-13 tidak dikenal"),
        (("monthly", "--month", "November"), "Bulan November tidak dikenal"),
    ],
)
def test_bad_date_or_month_is_refused_with_the_format_to_use(
    office_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    code, _out, err = run(capsys, "--data-dir", str(office_dir), "report", *args)
    assert code == 2 and said in err
    assert not (office_dir / "documents").exists()


def test_unwritable_out_path_is_refused_before_anything_is_filed(
    office_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "bukan-folder.txt"
    blocker.write_text("x")
    out = blocker / "harian.pdf"
    code, _out, err = run(
        capsys, "--data-dir", str(office_dir), "report", "daily", "--date", "2026-11-27",
        "--out", str(out),
    )  # fmt: skip
    assert code == 2 and "tidak bisa ditulis" in err
    assert not (office_dir / "documents").exists()
