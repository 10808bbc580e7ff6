"""Reading the kecamatan's list as offices really write it: the sample files and their quirks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from loket.core.indonesia.nik import NikProblem, describe_problem, parse_nik
from loket.core.manifest.model import ManifestReport, ManifestRow, RowStatus
from loket.core.manifest.reader import format_report, read_manifest
from loket.core.manifest.source import ManifestUnreadable

TODAY = dt.date(2026, 11, 27)
EXCEL_FIX = ("angka terakhir", "Teks", "ketik ulang", "ekspor ulang")


def read(path: Path) -> ManifestReport:
    return read_manifest(path, today=TODAY)


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "daftar.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def by_row(report: ManifestReport) -> dict[int, ManifestRow]:
    return {row.row: row for row in report.rows}


# --- the sample files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "importable", "refused", "skipped", "first_row", "last_row"),
    [
        ("manifest_kaligawe_clean.csv", 56, 0, 0, 2, 57),
        ("manifest_semicolon_bom.csv", 40, 0, 1, 2, 42),
        ("manifest_cp1252.csv", 30, 0, 0, 2, 31),
        ("manifest_kecamatan.xlsx", 25, 0, 1, 5, 30),
        ("manifest_nik_as_number.xlsx", 0, 12, 0, 2, 13),
    ],
)
def test_every_sample_is_read_with_the_right_counts_and_row_numbers(
    samples: Path,
    filename: str,
    importable: int,
    refused: int,
    skipped: int,
    first_row: int,
    last_row: int,
) -> None:
    report = read(samples / filename)
    assert report.filename == filename
    assert (report.importable, len(report.refused), len(report.skipped)) == (
        importable,
        refused,
        skipped,
    )
    assert [row.row for row in report.rows] == list(range(first_row, last_row + 1))
    assert all(parse_nik(entry.nik, TODAY).ok for entry in report.entries)
    assert len({entry.nik for entry in report.entries}) == report.importable


def test_clean_csv_entry_keeps_name_rt_rw_and_address_as_written(samples: Path) -> None:
    report = read(samples / "manifest_kaligawe_clean.csv")
    first = report.entries[0]
    assert (first.row, first.nik, first.name) == (2, "3374042606528310", "FAJAR MAULANA")
    assert (first.rt, first.rw, first.address) == (
        "009",
        "001",
        "Rusunawa Kaligawe Blok A Lt. 1 No. 5",
    )
    assert report.entries[4].name == "Hj. Sumarni Susanti"  # not re-cased
    assert report.warnings == ()


def test_semicolon_bom_csv_reads_spaced_nik_header_rt_rw_column_and_skips_jumlah(
    samples: Path,
) -> None:
    report = read(samples / "manifest_semicolon_bom.csv")
    first = report.entries[0]
    assert (first.nik, first.name, first.rt, first.rw) == (
        "3374062609712632",
        "Heru Fauziah",
        "007",
        "004",
    )
    assert first.address == "Jl. Arteri Soekarno Hatta Km. 97"
    jumlah = by_row(report)[42]
    assert jumlah.status is RowStatus.SKIPPED
    assert "jumlah" in jumlah.reason.lower()
    assert report.warnings == ()  # JUMLAH says 40 and there are 40 rows


def test_windows_1252_csv_keeps_the_typographic_apostrophe_and_pads_rt_rw(samples: Path) -> None:
    report = read(samples / "manifest_cp1252.csv")
    galih = next(entry for entry in report.entries if entry.nik == "3172012708905497")
    assert galih.name == "GALIH NUR\u2019AINI"
    assert (galih.row, galih.rt, galih.rw) == (18, "010", "005")
    assert (report.entries[0].rt, report.entries[0].rw) == ("004", "005")


def test_xlsx_with_title_rows_numbers_rows_as_excel_shows_them(samples: Path) -> None:
    report = read(samples / "manifest_kecamatan.xlsx")
    first = report.entries[0]
    assert (first.row, first.nik, first.name) == (5, "3172010107064534", "SUPARMAN SETIAWAN")
    assert (first.rt, first.rw, first.address) == ("008", "001", "Jl. Gebanganom No. 74")
    assert report.entries[-1].row == 29
    assert by_row(report)[30].status is RowStatus.SKIPPED
    assert by_row(report)[30].value == "JUMLAH"


def test_nik_stored_as_number_is_refused_with_how_to_fix_the_file(samples: Path) -> None:
    report = read(samples / "manifest_nik_as_number.xlsx")
    assert report.importable == 0
    assert len(report.refused) == 12
    for row in report.refused:
        assert all(word in row.reason for word in EXCEL_FIX), row.reason
    assert report.refused[0].value == "3172011609895080"
    assert report.refused[0].name == "Wahyu Permatasari"
    assert any("Teks" in warning for warning in report.warnings)


def test_json_has_exactly_the_shape_the_cli_promises(samples: Path) -> None:
    as_json = read(samples / "manifest_nik_as_number.xlsx").to_json()
    assert set(as_json) == {"importable", "refused", "warnings"}
    assert as_json["importable"] == 0
    refused = as_json["refused"]
    assert isinstance(refused, list) and len(refused) == 12
    assert refused[0]["row"] == 2 and refused[0]["value"] == "3172011609895080"
    assert all(set(item) == {"row", "value", "reason"} for item in refused)
    assert isinstance(as_json["warnings"], list)
    json.dumps(as_json, ensure_ascii=False)  # plain JSON types only
    clean = read(samples / "manifest_kaligawe_clean.csv").to_json()
    assert clean == {"importable": 56, "refused": [], "warnings": []}


def test_text_report_has_aligned_rows_and_a_summary_line_at_the_end(samples: Path) -> None:
    text = format_report(read(samples / "manifest_kaligawe_clean.csv"))
    lines = text.splitlines()
    assert lines[-1] == "56 baris dapat diimpor, 0 ditolak"
    rows = [line for line in lines if "diimpor" in line and "baris" not in line]
    assert len(rows) == 56
    assert len({line.index("diimpor") for line in rows}) == 1  # one column
    assert len({line.index(line.split()[1]) for line in rows}) == 1  # NIKs start in one column
    assert any(line.lstrip().startswith("2 ") and "FAJAR MAULANA" in line for line in rows)


def test_text_report_shows_refusals_skips_and_warnings(samples: Path) -> None:
    text = format_report(read(samples / "manifest_nik_as_number.xlsx"))
    assert text.splitlines()[-1] == "0 baris dapat diimpor, 12 ditolak"
    assert text.count("DITOLAK") == 12
    assert "Peringatan:" in text
    semicolon = format_report(read(samples / "manifest_semicolon_bom.csv"))
    assert semicolon.splitlines()[-1] == "40 baris dapat diimpor, 0 ditolak, 1 dilewati"


# --- what the samples stand for ---------------------------------------------------------------


def test_nik_with_spaces_dots_or_leading_apostrophe_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "NIK;Nama\n"
        "3374 0426 0652 8310;Fajar Maulana\n"
        "33.74.09.680407.0373;Sumarni\n"
        "'3374046404760519;Dwi Handayani\n"
        "\u20183374046208602363;Yuliana\n",
    )
    report = read(path)
    assert [entry.nik for entry in report.entries] == [
        "3374042606528310",
        "3374096804070373",
        "3374046404760519",
        "3374046208602363",
    ]
    assert report.rows[0].value == "3374 0426 0652 8310"  # as in the file
    assert report.rows[2].value == "'3374046404760519"


@pytest.mark.parametrize(
    "written",
    ["3,37404E+15", "3.37404E+15", "3374042606528310.0", "3.374.042.606.528.310", "'3,37404E+15"],
)
def test_nik_that_excel_turned_into_a_number_in_a_csv_is_refused_with_fix(
    tmp_path: Path, written: str
) -> None:
    report = read(write_csv(tmp_path, f"NIK;Nama\n{written};Fajar Maulana\n"))
    (row,) = report.rows
    assert row.status is RowStatus.REFUSED
    assert row.value == written
    assert all(word in row.reason for word in EXCEL_FIX)


def test_unquoted_scientific_nik_split_by_a_comma_is_still_recognised(tmp_path: Path) -> None:
    report = read(write_csv(tmp_path, "NIK,Nama\n3,37404E+15,Fajar Maulana\n"))
    assert report.rows[0].status is RowStatus.REFUSED
    assert "angka terakhir" in report.rows[0].reason


def test_a_list_where_every_nik_ends_in_zero_lost_its_last_digit(tmp_path: Path) -> None:
    niks = ["3374042606528310", "3374046309984320", "3374042709545550", "3374044611663960"]
    niks.append("3374045211790650")
    body = "".join(f"{nik},Nama {i}\n" for i, nik in enumerate(niks))
    report = read(write_csv(tmp_path, "NIK,Nama\n" + body))
    assert report.importable == 0
    assert all("angka terakhir" in row.reason for row in report.refused)
    assert len(report.refused) == 5


def test_invalid_nik_is_refused_with_the_reason_nik_rules_give(tmp_path: Path) -> None:
    report = read(
        write_csv(
            tmp_path,
            "NIK,Nama\n33740441079,Budi\nABCDEFGHIJKLMNOP,Ani\n3374043213900001,Siti\n,Tanpa NIK\n",
        )
    )
    rows = by_row(report)
    assert rows[2].reason == describe_problem(NikProblem.TOO_SHORT, "33740441079")
    assert rows[3].reason == describe_problem(NikProblem.NOT_DIGITS, "ABCDEFGHIJKLMNOP")
    assert rows[4].reason == describe_problem(NikProblem.IMPOSSIBLE_DATE, "3374043213900001")
    assert rows[5].reason == describe_problem(NikProblem.EMPTY, "")
    assert report.importable == 0 and len(report.refused) == 4


def test_duplicate_row_is_skipped_and_same_nik_with_another_name_is_refused(
    tmp_path: Path,
) -> None:
    report = read(
        write_csv(
            tmp_path,
            "NIK,Nama,RT,RW\n"
            "3374042606528310,FAJAR MAULANA,9,1\n"
            "3374096804070373,Sumarni,4,4\n"
            "3374042606528310,Fajar  Maulana,9,1\n"
            "3374096804070373,Sutrisno,4,4\n",
        )
    )
    rows = by_row(report)
    assert rows[4].status is RowStatus.SKIPPED
    assert "sama dengan baris 2" in rows[4].reason
    assert rows[5].status is RowStatus.REFUSED
    assert rows[5].reason == "NIK sama dengan baris 3 tetapi nama berbeda."
    assert [entry.row for entry in report.entries] == [2, 3]
    assert "1 baris ganda dilewati" in report.warnings[0]
    assert any("baris 3" in warning and "baris 5" in warning for warning in report.warnings)


def test_blank_rows_are_skipped_and_trailing_ones_are_not_shown(tmp_path: Path) -> None:
    report = read(
        write_csv(
            tmp_path,
            "NO;NIK;NAMA\n1;3374042606528310;Fajar\n;;\n\n2;3374096804070373;Sumarni\n;;\n\n\n",
        )
    )
    assert [(row.row, row.status) for row in report.rows] == [
        (2, RowStatus.IMPORTABLE),
        (3, RowStatus.SKIPPED),
        (4, RowStatus.SKIPPED),
        (5, RowStatus.IMPORTABLE),
    ]


def test_jumlah_that_disagrees_with_the_rows_is_a_warning(tmp_path: Path) -> None:
    report = read(
        write_csv(
            tmp_path,
            "NIK;Nama\n3374042606528310;Fajar\n3374096804070373;Sumarni\n;JUMLAH 3\n"
            ";Semarang, 25 November 2026\n;Camat Gayamsari\n",
        )
    )
    assert report.importable == 2
    assert [row.status for row in report.rows[2:]] == [RowStatus.SKIPPED] * 3
    assert any("JUMLAH" in warning and "3" in warning for warning in report.warnings)


def test_header_variants_title_rows_and_a_merged_address_header_are_understood(
    tmp_path: Path,
) -> None:
    text = (
        "DAFTAR KTP-EL SIAP DISERAHKAN;;;;;\n"
        "KELURAHAN KALIGAWE;;;;;\n"
        ";;;;;\n"
        "No.;NIK KTP;Nama Pemilik;Alamat Lengkap;;\n"
        ";;;Jalan;RT;RW\n"
        "(1);(2);(3);(4);(5);(6)\n"
        "1;3374042606528310;Fajar Maulana;Jl. Kaligawe Raya 5;07;4\n"
    )
    report = read(write_csv(tmp_path, text))
    (entry,) = report.entries
    assert (entry.row, entry.name, entry.address, entry.rt, entry.rw) == (
        7,
        "Fajar Maulana",
        "Jl. Kaligawe Raya 5",
        "007",
        "004",
    )
    assert [row.row for row in report.rows] == [7]


@pytest.mark.parametrize(
    ("written", "rt", "rw"),
    [("007/004", "007", "004"), ("7/4", "007", "004"), ("07 / 04", "007", "004"), ("", "", "")],
)
def test_rt_rw_in_one_column_is_split_and_padded(
    tmp_path: Path, written: str, rt: str, rw: str
) -> None:
    report = read(write_csv(tmp_path, f"N I K;RT / RW\n3374042606528310;{written}\n"))
    assert (report.entries[0].rt, report.entries[0].rw) == (rt, rw)


def test_unreadable_rt_rw_is_left_empty_with_a_warning(tmp_path: Path) -> None:
    report = read(write_csv(tmp_path, "NIK;RT;RW\n3374042606528310;RT satu;12345\n"))
    assert (report.entries[0].rt, report.entries[0].rw) == ("", "")
    assert any("RT/RW" in warning and "2" in warning for warning in report.warnings)


def test_missing_name_column_is_fine_and_said(tmp_path: Path) -> None:
    report = read(write_csv(tmp_path, "NIK\n3374042606528310\n"))
    assert report.entries[0].name == ""
    assert any("nama" in warning.lower() for warning in report.warnings)


def test_region_code_missing_from_todays_list_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    report = read(write_csv(tmp_path, "NIK,Nama\n3374990101900001,Budi Santoso\n"))
    assert report.importable == 1
    assert any("33.74.99" in warning for warning in report.warnings)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", "\t"), ("cp1252", ";"), ("utf-16", "\t")],
)
def test_encodings_and_delimiters_excel_writes_are_read(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    text = delimiter.join(["NIK", "Nama"]) + "\n" + delimiter.join(["3374042606528310", "Nur’aini"])
    report = read(write_csv(tmp_path, text + "\n", encoding=encoding))
    assert [(entry.nik, entry.name) for entry in report.entries] == [
        ("3374042606528310", "Nur\u2019aini")
    ]


def test_quoted_address_over_two_lines_keeps_row_numbers_as_in_notepad(tmp_path: Path) -> None:
    text = (
        'NIK,Nama,Alamat\n3374042606528310,Fajar,"Rusunawa Kaligawe\nBlok A"\n'
        "3374096804070373,Sumarni,Jl. Kaligawe Raya\n"
    )
    report = read(write_csv(tmp_path, text))
    assert [entry.row for entry in report.entries] == [2, 4]
    assert report.entries[0].address == "Rusunawa Kaligawe Blok A"


def test_names_are_trimmed_and_spaces_collapsed_but_not_recased(tmp_path: Path) -> None:
    report = read(write_csv(tmp_path, "NIK;Nama\n3374042606528310;  hj.  Siti\u00a0 Nur'aini \n"))
    assert report.entries[0].name == "hj. Siti Nur'aini"


def test_xlsx_numbers_in_the_nik_column_are_refused_but_text_niks_are_read(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["NO", "NIK", "NAMA", "RT/RW"])
    sheet.append([1, "3374042606528310", "FAJAR MAULANA", "007/004"])
    sheet.append([2, 3374096804070373, "Sumarni", "004/004"])
    sheet.append([3, 3.37404680407e15, "Dwi", "005/006"])
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    report = read(path)
    assert [entry.nik for entry in report.entries] == ["3374042606528310"]
    assert [row.value for row in report.refused] == ["3374096804070373", "3374046804070000"]
    assert all("angka terakhir" in row.reason for row in report.refused)


def test_the_first_sheet_with_a_nik_column_is_read_and_others_are_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Keterangan"
    workbook.active.append(["Daftar ini dikirim bersama surat pengantar"])
    for title, nik in (("RW 04", "3374042606528310"), ("RW 05", "3374096804070373")):
        sheet = workbook.create_sheet(title)
        sheet.append(["NIK", "NAMA"])
        sheet.append([nik, "Warga"])
    path = tmp_path / "daftar.xlsx"
    workbook.save(path)
    report = read(path)
    assert [entry.nik for entry in report.entries] == ["3374042606528310"]
    assert any('"RW 05"' in warning for warning in report.warnings)


def test_unreadable_file_message_is_indonesian_and_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ManifestUnreadable) as raised:
        read(write_csv(tmp_path, "No;Nama;Alamat\n1;Budi;Jl. Kaligawe\n"))
    assert "Kolom NIK tidak ditemukan" in raised.value.message
    assert "judul kolom" in raised.value.message
