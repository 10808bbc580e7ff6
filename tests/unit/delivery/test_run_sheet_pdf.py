"""The run sheet (daftar pengantaran), read back from the PDF as the petugas pengantar reads it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from loket.core.delivery.paper import RunSheet, RunSheetGroup, RunSheetLine
from loket.core.indonesia.writing import count_in_words, long_date, weekday_date
from loket.core.papers.paper import Letterhead, Signatory, nik_leaving_office
from loket.documents.delivery.run_sheet import HEADS, TITLE, write_run_sheet
from loket.documents.kit import barcodes

DAY = dt.date(2026, 11, 28)
NUMBER = "474/0007/PENGANTARAN/XI/2026"
_FIRST = ("SITI", "SRI", "DEWI", "ENDANG", "EKO", "BUDI", "AGUS", "SLAMET", "JOKO", "HERU")
_LAST = ("AMINAH", "HANDAYANI", "SUSANTI", "SAPUTRA", "WULANDARI", "PURNOMO", "RIYADI")


def kaligawe_sheet(count: int = 40) -> RunSheet:
    """`count` cards of RW 005 over RT 001-003, as a run of the Rusunawa Kaligawe blocks."""
    groups: list[RunSheetGroup] = []
    number = 0
    for index, rt in enumerate(("001", "002", "003")):
        lines = []
        for i in range(index, count, 3):
            number += 1
            born = dt.date(1961, 1, 1) + dt.timedelta(days=397 * i)
            day = born.day + (40 if i % 2 else 0)
            nik = f"337404{day:02d}{born.month:02d}{born.year % 100:02d}{1000 + i:04d}"
            name = f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 3) % len(_LAST)]}"
            address = f"Rusunawa Kaligawe Blok {'ABC'[index]} Lt. {1 + i % 4} No. {1 + i % 30}"
            lines.append(
                RunSheetLine(number, nik_leaving_office(nik), name, address, f"DP7-{number}")
            )
        groups.append(RunSheetGroup(f"RT {rt} / RW 005", tuple(lines)))
    first, *rest = groups[0].lines
    renamed = RunSheetLine(1, first.nik, "NUR’AINI & SITI <ROHMAH>", first.address, first.code)
    groups[0] = RunSheetGroup(groups[0].heading, (renamed, *rest))
    return RunSheet(
        letterhead=Letterhead(
            government="PEMERINTAH KOTA SEMARANG",
            kecamatan="KECAMATAN GAYAMSARI",
            kelurahan="KELURAHAN KALIGAWE",
            address="Jl. Kaligawe Raya No. 1, Semarang, 50164",
        ),
        number=NUMBER,
        day=weekday_date(DAY),
        area="RW 005, RT 001, 002, 003",
        courier_name="Slamet Riyadi",
        kelurahan_name="Kelurahan Kaligawe",
        total_text=count_in_words(count),
        groups=tuple(groups),
        instructions="Kartu tidak diterima: tulis TR (tidak ada di rumah), PD (pindah), TL.",
        place_and_date=f"Semarang, {long_date(DAY)}",
        courier=Signatory("Petugas Pengantar,", "", "Slamet Riyadi", ""),
        acknowledged_by=Signatory(
            "Mengetahui,", "Lurah Kaligawe", "Drs. Bambang Sutrisno, M.Si.", "196805121994031007"
        ),
    )


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every barcode the sheet draws, with its size."""
    calls: list[dict[str, Any]] = []
    real = barcodes.draw_code128

    def recording(canvas: Any, value: str, x: float, y: float, **kw: Any) -> float:
        calls.append({"value": value, **kw})
        return real(canvas, value, x, y, **kw)

    monkeypatch.setattr(barcodes, "draw_code128", recording)
    return calls


def image_xobjects(reader: PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for name, obj in (page["/Resources"].get("/XObject") or {}).items():
            if obj.get_object().get("/Subtype") == "/Image":
                found.append(name)
    return found


def test_run_sheet_lists_every_card_with_a_vector_barcode_of_its_row_never_of_its_nik(
    tmp_path: Path, drawn: list[dict[str, Any]]
) -> None:
    sheet = kaligawe_sheet()
    lines = [line for group in sheet.groups for line in group.lines]
    pdf = write_run_sheet(sheet, tmp_path / "daftar-pengantaran" / "daftar-pengantaran.pdf")
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    text = flat(" ".join(pages))

    assert [call["value"] for call in drawn] == [f"DP7-{line.number}" for line in lines]
    assert all(call["module_width"] == pytest.approx(0.26 * mm) for call in drawn)
    assert all(call["height"] == pytest.approx(7 * mm) for call in drawn)
    assert all(call["quiet_zone_modules"] >= 10 for call in drawn)
    assert image_xobjects(reader) == []  # bars are drawn, never a picture

    # The sheet goes from house to house: no NIK in full, each as papers leaving the office show it.
    assert re.findall(r"\b\d{16}\b", text) == []
    assert sorted(re.findall(r"\b3374x{8}\d{4}\b", text)) == sorted(line.nik for line in lines)
    for line in lines:
        assert line.name in text
        assert flat(line.address) in text
    assert "NUR’AINI & SITI <ROHMAH>" in text
    assert "RT 001 / RW 005 — 14 kartu" in text and "RT 003 / RW 005 — 13 kartu" in text


def test_run_sheet_is_landscape_with_letterhead_title_details_and_signatures(
    tmp_path: Path,
) -> None:
    pdf = write_run_sheet(kaligawe_sheet(), tmp_path / "sheet.pdf")
    reader = PdfReader(pdf)
    first = flat(reader.pages[0].extract_text())
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    assert "PEMERINTAH KOTA SEMARANG" in first and "KELURAHAN KALIGAWE" in first
    assert TITLE in first and f"Nomor: {NUMBER}" in first
    assert "Sabtu, 28 November 2026" in first
    assert "RW 005, RT 001, 002, 003, Kelurahan Kaligawe" in first
    assert "Slamet Riyadi" in first and "40 (empat puluh) keping" in first
    last = flat(reader.pages[-1].extract_text())
    assert "Semarang, 28 November 2026" in last
    assert "Petugas Pengantar," in last and "Mengetahui," in last and "Lurah Kaligawe" in last
    assert "Drs. Bambang Sutrisno, M.Si." in last and "NIP. 19680512 199403 1 007" in last
    assert reader.metadata is not None
    assert reader.metadata.title == f"Daftar Pengantaran KTP-el Nomor {NUMBER}"


def test_every_page_repeats_the_column_heads_the_run_and_its_page_number(
    tmp_path: Path,
) -> None:
    pdf = write_run_sheet(kaligawe_sheet(), tmp_path / "sheet.pdf")
    pages = [flat(page.extract_text()) for page in PdfReader(pdf).pages]
    assert len(pages) >= 3
    with_table = pages if "No." in pages[-1] else pages[:-1]  # the last may hold only signatures
    for text in with_table:
        assert flat(" ".join(HEADS)) in text
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
        assert NUMBER in text
    for text in pages[1:]:
        assert "Petugas: Slamet Riyadi" in text


def test_a_short_run_fits_one_page(tmp_path: Path) -> None:
    pdf = write_run_sheet(kaligawe_sheet(3), tmp_path / "sheet.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert "Halaman 1 dari 1" in reader.pages[0].extract_text()
