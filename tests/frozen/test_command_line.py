"""The frozen `loket` answers the command line IT staff use as the source tree does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from loket.core.manifest.reader import read_manifest
from tests.frozen.conftest import Bundle, project_version

MANIFESTS = (
    "manifest_kaligawe_clean.csv",
    "manifest_semicolon_bom.csv",
    "manifest_cp1252.csv",
    "manifest_kecamatan.xlsx",
    "manifest_nik_as_number.xlsx",
)


def set_up_office(bundle: Bundle, data_dir: Path) -> None:
    """What IT staff type before the desk opens (as tests/e2e prepare_office does)."""
    setup = bundle.run(
        "setup",
        "--kelurahan",
        "33.74.04.1002",
        "--lurah",
        "Drs. Bambang Sutrisno, M.Si.",
        "--lurah-nip",
        "196805121994031007",
        data_dir=data_dir,
    )
    assert setup.returncode == 0, setup.stderr
    assert "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang" in setup.stdout
    for username, role, password in (
        ("admin", "admin", "admin-rahasia"),
        ("dewi", "operator", "dewi-rahasia"),
    ):
        added = bundle.run(
            "user", "add", username, "--role", role, "--name", username.title(),
            "--password-stdin", data_dir=data_dir, stdin=f"{password}\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        assert f"Akun {username} " in added.stdout


def count_cards(data_dir: Path) -> int:
    with sqlite3.connect(f"file:{data_dir / 'loket.sqlite3'}?mode=ro", uri=True) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM card").fetchone()
    return int(count)


def test_version_is_the_one_written_in_pyproject(bundle: Bundle) -> None:
    answer = bundle.run("--version")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip() == f"Loket KTP-el {project_version()}"


def test_messages_are_indonesian_and_english_on_request(bundle: Bundle, tmp_path: Path) -> None:
    missing = str(tmp_path / "tidak-ada.csv")
    indonesian = bundle.run("manifest", "check", missing)
    english = bundle.run("--lang", "en", "manifest", "check", missing)  # en.po travelled
    assert (indonesian.returncode, english.returncode) == (2, 2)
    assert indonesian.stderr.strip() == f"Berkas {missing} tidak ditemukan."
    assert english.stderr.strip() == f"File {missing} not found."


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_check_reads_each_sample_list_as_the_source_does(
    bundle: Bundle, samples: Path, name: str
) -> None:
    expected = read_manifest(samples / name)
    answer = bundle.run("manifest", "check", "--json", str(samples / name))
    assert answer.returncode == (1 if expected.refused else 0), answer.stderr
    assert json.loads(answer.stdout) == json.loads(
        json.dumps(expected.to_json(), ensure_ascii=False)
    )


def test_nik_mangled_by_excel_is_refused_row_by_row(bundle: Bundle, samples: Path) -> None:
    answer = bundle.run("manifest", "check", "--json", str(samples / "manifest_nik_as_number.xlsx"))
    report = json.loads(answer.stdout)
    assert answer.returncode == 1
    assert report["importable"] == 0
    assert len(report["refused"]) == 12


@pytest.mark.parametrize("name", MANIFESTS[:4])
def test_batch_import_of_each_sample_list_then_daily_report(
    bundle: Bundle, samples: Path, tmp_path: Path, name: str
) -> None:
    data_dir = tmp_path / "Dewi Lestari" / "Loket KTP-el"  # a user folder with a space
    set_up_office(bundle, data_dir)
    expected = len(read_manifest(samples / name).entries)

    imported = bundle.run(
        "batch", "import", str(samples / name), "--reference", "470/112/XI/2026",
        "--date", "2026-11-25", "--courier", "Rahmat Hidayat", data_dir=data_dir,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert f"{expected} kartu dari daftar diimpor" in imported.stdout
    assert count_cards(data_dir) == expected

    out = tmp_path / "laporan.pdf"
    report = bundle.run(
        "report", "daily", "--date", "2026-11-25", "--out", str(out), data_dir=data_dir
    )
    assert report.returncode == 0, report.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_daily_report_embeds_the_shipped_fonts_and_says_the_date_in_indonesian(
    bundle: Bundle, samples: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    data_dir = tmp_path / "data"
    set_up_office(bundle, data_dir)
    report = bundle.run("report", "daily", "--date", "2026-11-25", data_dir=data_dir)
    assert report.returncode == 0, report.stderr
    (pdf,) = (data_dir / "documents").rglob("laporan-harian-2026-11-25.pdf")
    assert str(pdf) in report.stdout
    page = PdfReader(pdf).pages[0]
    text = page.extract_text()
    assert "LAPORAN HARIAN" in text
    assert "Rabu, 25 November 2026" in text  # Babel's Indonesian locale data travelled
    fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in font for font in fonts), fonts


def test_demo_without_window_fills_a_throw_away_office(bundle: Bundle, tmp_path: Path) -> None:
    answer = bundle.run("demo", "--no-gui", "--data-dir", str(tmp_path / "demo"))
    assert answer.returncode == 0, answer.stderr
    assert "petugas / petugas123" in answer.stdout
    assert (tmp_path / "demo" / "documents" / "demo" / "barcode-kartu-demo.pdf").is_file()
    assert count_cards(tmp_path / "demo") > 0
