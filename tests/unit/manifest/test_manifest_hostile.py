"""Hostile manifests get a clear Indonesian answer: never an exception, a hang or a full memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.core.indonesia.nik import parse_nik
from loket.core.manifest.model import ManifestReport, RowStatus
from loket.core.manifest.reader import read_manifest
from loket.core.manifest.source import ManifestUnreadable

TODAY = dt.date(2026, 11, 27)
TOO_BIG = "terlalu besar"
SPLIT = "pecah daftar"
FAST_SECONDS = 4.0


def read(path: Path) -> ManifestReport:
    return read_manifest(path, today=TODAY)


def unreadable(path: Path) -> str:
    with pytest.raises(ManifestUnreadable) as raised:
        read(path)
    return raised.value.message


def refused_quickly(path: Path) -> str:
    started = time.perf_counter()
    message = unreadable(path)
    assert time.perf_counter() - started < FAST_SECONDS
    return message


def junk(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


# --- files that are not a list ----------------------------------------------------------------


def test_missing_file_says_it_is_not_found(tmp_path: Path) -> None:
    assert "tidak ditemukan" in unreadable(tmp_path / "tidak-ada.csv")


def test_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    assert "kosong" in unreadable(path)


def test_binary_junk_is_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(junk(4096))
    assert "biner" in unreadable(path)


def test_png_renamed_to_csv_is_called_a_picture(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + junk(500))
    assert "gambar" in unreadable(path)


@pytest.mark.parametrize(
    ("start", "expected"),
    [(b"%PDF-1.7\n", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls")],
)
def test_pdf_and_old_excel_files_are_named_with_what_to_do(
    tmp_path: Path, start: bytes, expected: str
) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(start + junk(300))
    message = unreadable(path)
    assert expected in message and "xlsx" in message.lower()


def test_xlsx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_text("NIK;Nama\n3374042606528310;Fajar\n", encoding="utf-8")
    assert "bukan buku kerja Excel" in unreadable(path)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.jpg", junk(100))
    assert "arsip zip" in unreadable(path)


def test_truncated_xlsx_is_called_broken(tmp_path: Path, samples: Path) -> None:
    data = (samples / "manifest_kecamatan.xlsx").read_bytes()
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "rusak" in unreadable(path)


def test_header_only_says_there_is_no_nik(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("NO;NIK;NAMA;RT/RW\n;;;\n", encoding="utf-8")
    assert "Tidak ada satu NIK pun" in unreadable(path)


def test_no_nik_column_says_which_header_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("NO;NAMA;ALAMAT\n1;Budi;Jl. Kaligawe\n", encoding="utf-8")
    assert '"NIK"' in unreadable(path)


def test_a_line_of_megabytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("NIK;Nama\n3374042606528310;" + "A" * 1_000_000 + "\n", encoding="utf-8")
    assert "terlalu panjang" in unreadable(path)


# --- too big for one batch --------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    with path.open("wb") as file:
        file.truncate(25 * 1024 * 1024)  # sparse: instant to make
    message = refused_quickly(path)
    assert TOO_BIG in message and SPLIT in message


def test_million_row_csv_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("NIK\n" + "3374042606528310\n" * 1_000_000, encoding="ascii")
    message = refused_quickly(path)
    assert TOO_BIG in message and SPLIT in message


def _sheet_xml(rows: int, with_dimension: bool) -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?>'
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if with_dimension:
        yield b'<dimension ref="A1:A%d"/>' % (rows + 1)
    yield b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c></row>'
    cell = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>3374042606528310</t></is></c></row>'
    for start in range(2, rows + 2, 50_000):
        yield b"".join(cell % (n, n) for n in range(start, min(start + 50_000, rows + 2)))
    yield b"</sheetData></worksheet>"


def write_raw_xlsx(path: Path, rows: int, with_dimension: bool) -> None:
    """An XLSX written part by part: quicker than openpyxl for a million rows."""
    main = "http://schemas.openxmlformats.org"
    relationships = f"{main}/package/2006/relationships"
    office = f"{main}/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{main}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}/spreadsheetml/2006/main" xmlns:r="{office}">'
            '<sheets><sheet name="Daftar" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for chunk in _sheet_xml(rows, with_dimension):
                sheet.write(chunk)


def test_raw_xlsx_writer_makes_a_workbook_the_reader_accepts(tmp_path: Path) -> None:
    path = tmp_path / "kecil.xlsx"
    write_raw_xlsx(path, rows=3, with_dimension=False)
    report = read(path)
    assert report.importable == 1 and len(report.skipped) == 2


@pytest.mark.parametrize("with_dimension", [True, False])
def test_million_row_xlsx_is_refused_early(tmp_path: Path, with_dimension: bool) -> None:
    path = tmp_path / "daftar.xlsx"
    write_raw_xlsx(path, rows=1_000_000, with_dimension=with_dimension)
    message = refused_quickly(path)
    assert TOO_BIG in message and SPLIT in message


# --- hostile cells ----------------------------------------------------------------------------


def test_formula_cells_in_a_csv_are_refused_and_never_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text(
        "NIK,Nama,Alamat\n"
        '3374042606528310,"=HYPERLINK(""http://contoh.id"",""klik"")",Jl. Kaligawe\n'
        "3374096804070373,Sumarni,+cmd|' /C calc'!A0\n"
        "3374046404760519,@SUM(A1:A9),Jl. Sedayu\n"
        "=1+1,Dwi,Jl. Gebanganom\n"
        '="3374046208602363",Yuliana,Jl. Arteri\n',
        encoding="utf-8",
    )
    report = read(path)
    refused = [row for row in report.rows if row.status is RowStatus.REFUSED]
    assert [row.row for row in refused] == [2, 3, 4, 5]
    assert all("rumus" in row.reason and "tidak dijalankan" in row.reason for row in refused)
    assert "Kolom Alamat" in refused[1].reason
    # ="..." is Excel's way of keeping digits as text: a literal, read as the text it holds
    assert [entry.nik for entry in report.entries] == ["3374046208602363"]


def test_formula_cells_in_an_xlsx_are_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["NO", "NIK", "NAMA"])
    sheet.append(["=ROW()-1", "3374042606528310", "FAJAR MAULANA"])  # a numbering formula is fine
    sheet.append([2, '=TEXT(3374096804070373,"0")', "Sumarni"])
    sheet.append([3, "3374046404760519", '=CONCATENATE("Dwi"," ","Handayani")'])
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    report = read(path)
    assert [entry.nik for entry in report.entries] == ["3374042606528310"]
    assert [row.row for row in report.refused] == [3, 4]
    assert all("rumus" in row.reason for row in report.refused)


def test_control_characters_in_names_do_not_reach_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_bytes(b"NIK;Nama\r\n3374042606528310;FAJAR\x0bMAULANA\x1b[31m\r\n")
    assert read(path).entries[0].name == "FAJAR MAULANA [31m"


def test_a_name_longer_than_any_card_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("NIK;Nama\n3374042606528310;" + "SITI " * 100 + "\n", encoding="utf-8")
    (row,) = read(path).rows
    assert row.status is RowStatus.REFUSED and "Nama terlalu panjang" in row.reason


# --- properties -------------------------------------------------------------------------------


def assert_sound(report: ManifestReport) -> None:
    """Nothing invalid importable, and the report agrees with itself."""
    importable_rows = [row.row for row in report.rows if row.status is RowStatus.IMPORTABLE]
    assert importable_rows == [entry.row for entry in report.entries]
    assert report.importable == len(report.entries)
    assert len({entry.nik for entry in report.entries}) == len(report.entries)
    for entry in report.entries:
        assert re.fullmatch(r"[0-9]{16}", entry.nik)
        assert parse_nik(entry.nik, TODAY).ok
        assert re.fullmatch(r"([0-9]{3})?", entry.rt) and re.fullmatch(r"([0-9]{3})?", entry.rw)
    for row in report.rows:
        assert (row.reason == "") == (row.status is RowStatus.IMPORTABLE)


def read_or_refuse(path: Path) -> None:
    try:
        report = read(path)
    except ManifestUnreadable as refusal:
        assert refusal.message
        return
    assert_sound(report)


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    """A NIK that parse_nik accepts, written the ways people write it."""
    region = draw(st.sampled_from(["337404", "337409", "332201", "317201", "352613"]))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 40]))
    month, year = draw(st.integers(1, 12)), draw(st.integers(50, 99))
    digits = f"{region}{day:02d}{month:02d}{year:02d}{draw(st.integers(1, 9999)):04d}"
    spaced = " ".join(digits[i : i + 4] for i in range(0, 16, 4))
    return draw(st.sampled_from([digits, digits, spaced, "'" + digits, f'="{digits}"']))


NIK_LIKE = st.one_of(
    valid_niks(),
    st.sampled_from(
        [
            "3374042606528310",
            "3,37404E+15",
            "3374042606528310.0",
            "3.374.042.606.528.310",
            "3374043213900001",
            "3374040000000000",
            "9974042606528311",
            "33740441079",
            "=A1",
            "",
        ]
    ),
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
CELL = st.one_of(NIK_LIKE, TEXT, st.sampled_from(["JUMLAH", "7/4", "RT 3", "-", "Nur’aini"]))
HEADERS = ["NO", "Nama Lengkap", "NAMA", "RT/RW", "RT", "RW", "ALAMAT", "JUMLAH", "Keterangan"]
NIK_HEADERS = st.sampled_from(["NIK", "N I K", "No. NIK", "nik", "Nomor Induk Kependudukan"])


@st.composite
def headers(draw: st.DrawFn) -> list[str]:
    others = draw(st.lists(st.sampled_from(HEADERS), max_size=5))
    if draw(st.integers(0, 9)):  # mostly with a NIK column, sometimes without
        others.insert(draw(st.integers(0, len(others))), draw(NIK_HEADERS))
    return others or ["Keterangan"]


@PROPERTY
@given(data=st.binary(max_size=3000), head=st.sampled_from([b"", b"NIK;Nama\r\n", b"PK\x03\x04"]))
def test_random_bytes_never_escape_as_an_exception(
    tmp_path: Path, data: bytes, head: bytes
) -> None:
    path = tmp_path / "acak.csv"
    path.write_bytes(head + data)
    read_or_refuse(path)


@PROPERTY
@given(
    header=headers(),
    rows=st.lists(st.lists(CELL, max_size=7), max_size=25),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_random_rows_of_text_never_make_an_invalid_entry(
    tmp_path: Path, header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "acak.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    read_or_refuse(path)


XLSX_CELL = st.one_of(
    NIK_LIKE,
    st.none(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
)


@settings(PROPERTY, max_examples=25)
@given(
    header=headers(),
    rows=st.lists(st.lists(XLSX_CELL, max_size=6), max_size=12),
)
def test_random_xlsx_cells_never_make_an_invalid_entry(
    tmp_path: Path, header: list[str], rows: list[list[object]]
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "acak.xlsx"
    workbook.save(path)
    read_or_refuse(path)


@settings(PROPERTY, max_examples=40)
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8))
def test_damaged_sample_xlsx_never_escapes_as_an_exception(
    tmp_path: Path, samples: Path, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((samples / "manifest_kecamatan.xlsx").read_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes(data))
    read_or_refuse(path)
