"""The command line for IT staff: exit codes, messages in Indonesian, JSON for scripts."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from loket.cli import main
from loket.core.intake import batches
from loket.core.office import identity
from loket.core.staff import login
from loket.datadir import ENV_VARIABLE, DataDir, resolve_data_dir
from loket.db.open import open_database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_setup_then_first_admin_then_import_a_batch(
    tmp_path: Path,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "kantor"
    code, out, _err = run(
        capsys,
        "--data-dir",
        str(data),
        "setup",
        "--kelurahan",
        "33.74.04.1002",
        "--lurah",
        "Drs. Bambang Sutrisno, M.Si.",
        "--lurah-nip",
        "19680512 199403 1 007",
    )
    assert code == 0 and "Kelurahan Kaligawe" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("rahasia-admin\n"))
    code, out, _err = run(
        capsys,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        "--data-dir",
        str(data),
    )
    assert code == 0 and "admin" in out
    code, out, _err = run(
        capsys,
        "--data-dir",
        str(data),
        "batch",
        "import",
        str(samples / "manifest_semicolon_bom.csv"),
        "--reference",
        "470/9/XI/2026",
        "--date",
        "2026-11-20",
        "--courier",
        "Rahmat",
    )
    assert code == 0 and "40 kartu" in out
    database = open_database(DataDir(data))
    try:
        info = identity.get_office(database)
        assert info is not None and info.lurah_nip == "196805121994031007"
        assert login.log_in(database, "admin", "rahasia-admin").username == "admin"
        (batch,) = batches.open_batches(database)
        assert (batch.reference, batch.counts.expected) == ("470/9/XI/2026", 40)
    finally:
        database.dispose()


def test_unknown_region_code_is_refused_with_an_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "setup", "--kelurahan", "99.99")
    assert code == 1
    assert "33.74.04.1002" in err


def test_manifest_check_exit_codes_and_json(
    samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "manifest", "check", str(samples / "manifest_kaligawe_clean.csv"))
    assert code == 0 and "56 baris dapat diimpor, 0 ditolak" in out
    code, out, _err = run(
        capsys, "manifest", "check", str(samples / "manifest_nik_as_number.xlsx"), "--json"
    )
    report = json.loads(out)
    assert code == 1
    assert report["importable"] == 0 and len(report["refused"]) == 12
    assert set(report["refused"][0]) == {"row", "value", "reason"}
    assert "Teks" in report["refused"][0]["reason"]
    code, _out, err = run(capsys, "manifest", "check", str(samples / "scans_with_noise.txt"))
    assert code == 2 and err
    code, _out, err = run(capsys, "manifest", "check", str(samples / "tidak-ada.csv"))
    assert code == 2 and "tidak ditemukan" in err


def test_batch_import_with_a_bad_date_changes_nothing(
    tmp_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "batch",
        "import",
        str(samples / "manifest_kaligawe_clean.csv"),
        "--reference",
        "X",
        "--date",
        "25-11-2026",
    )
    assert code == 2 and "TTTT-BB-HH" in err


def test_user_add_without_an_office_admin_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("pendek\n"))
    code, _out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "user",
        "add",
        "budi",
        "--role",
        "operator",
        "--password-stdin",
    )
    assert code == 0  # the very first account may be created without an admin
    monkeypatch.setattr(sys, "stdin", io.StringIO("12345\n"))
    code, _out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "user",
        "add",
        "sari",
        "--role",
        "operator",
        "--password-stdin",
    )
    assert code == 1 and err


def test_data_dir_comes_from_the_option_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VARIABLE, str(tmp_path / "dari-env"))
    assert resolve_data_dir(None) == (tmp_path / "dari-env").resolve()
    assert resolve_data_dir(str(tmp_path / "opsi")) == (tmp_path / "opsi").resolve()
    monkeypatch.delenv(ENV_VARIABLE)
    assert "Loket KTP-el" in str(resolve_data_dir(None))


def test_python_dash_m_loket_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loket", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0 and "Loket KTP-el" in result.stdout


def test_demo_makes_a_realistic_office_half_through_a_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    from loket.demo import DEMO_CARDS, DEMO_HANDED_OVER, DEMO_RECEIVED, demo_cards

    code, out, _err = run(capsys, "demo", "--no-gui", "--data-dir", str(tmp_path / "demo"))
    assert code == 0 and "petugas123" in out
    data = DataDir(tmp_path / "demo")
    database = open_database(data)
    try:
        info = identity.get_office(database)
        assert info is not None and (info.kelurahan, info.kecamatan) == ("Kaligawe", "Gayamsari")
        assert login.log_in(database, "petugas", "petugas123").role.value == "operator"
        (batch,) = batches.open_batches(database)
        assert batch.counts.expected == DEMO_CARDS - 2
        assert batch.counts.received == DEMO_RECEIVED
    finally:
        database.dispose()
    receipts = list(data.documents("receipts").glob("*.pdf"))
    assert len(receipts) == DEMO_HANDED_OVER
    sheet = data.documents("demo") / "barcode-kartu-demo.pdf"
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert all(card.nik in text for card in demo_cards())


def test_a_corrupt_database_file_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "rusak"
    data.mkdir()
    garbage = bytes(range(256)) * 32
    (data / "loket.sqlite3").write_bytes(garbage)
    code, _out, err = run(capsys, "--data-dir", str(data), "setup", "--kelurahan", "33.74.04.1002")
    assert code == 2
    assert "tidak bisa dibuka" in err and "Tidak ada yang diubah" in err
    assert (data / "loket.sqlite3").read_bytes() == garbage
