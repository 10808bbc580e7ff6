"""Code 128 drawn as vector bars, and the A4 sheet of NIK barcodes for trying a scanner."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from barcode import Code128
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from loket.documents.kit import barcodes
from loket.documents.kit.barcodes import Code128Flowable, code128_width, draw_code128
from loket.documents.labels import barcode_sheet
from loket.documents.labels.barcode_sheet import write_barcode_sheet
from tests.helpers.pdf import image_xobjects, pattern_from_rects

NIK = "3374042606528310"  # FAJAR MAULANA, first row of the Kaligawe manifest
RECEIPT = "TT-3374041002-2026-000123"  # a receipt number: letters, dashes and digits


@dataclass
class RecordingCanvas:
    """Stands in for a reportlab canvas and keeps what was drawn."""

    rects: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[tuple[float, float, str]] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
        assert fill == 1 and stroke == 0, "bars are filled, never stroked"
        self.rects.append((x, y, w, h))

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self.texts.append((x, y, text))

    def __getattr__(self, _name: str) -> Any:
        return lambda *args, **kwargs: None  # saveState, setFont, setFillColorRGB, ...


@pytest.mark.parametrize("value", [NIK, RECEIPT, "0", "3374045708990002"])
def test_bars_drawn_are_exactly_python_barcode_pattern(value: str) -> None:
    canvas = RecordingCanvas()
    mw = 0.33 * mm
    width = draw_code128(canvas, value, 50, 100, module_width=mw, height=12 * mm)  # type: ignore[arg-type]
    expected = Code128(value).build()[0]
    quiet = 10 * mw
    drawn = pattern_from_rects(canvas.rects, 50 + quiet, mw)
    assert drawn == expected.rstrip("0")
    assert width == pytest.approx(code128_width(value, mw))
    assert width == pytest.approx((len(expected) + 20) * mw)


def test_each_run_of_dark_modules_is_one_rectangle() -> None:
    canvas = RecordingCanvas()
    draw_code128(canvas, NIK, 0, 0, module_width=1, height=30)  # type: ignore[arg-type]
    runs = re.findall("1+", Code128(NIK).build()[0])
    assert len(canvas.rects) == len(runs)
    assert sorted(round(w) for *_, w, _h in canvas.rects) == sorted(len(r) for r in runs)


def test_nik_symbol_starts_in_code_c_and_ends_with_the_stop_pattern() -> None:
    canvas = RecordingCanvas()
    draw_code128(canvas, NIK, 0, 0, module_width=1, height=30)  # type: ignore[arg-type]
    drawn = pattern_from_rects(canvas.rects, 10, 1)
    assert drawn.startswith("11010011100")  # Start C: 16 digits packed two per symbol
    assert drawn.endswith("1100011101011")  # stop pattern with its final bar
    assert len(drawn) == 11 + 8 * 11 + 11 + 13  # start, 8 digit pairs, check, stop


def test_quiet_zones_are_left_clear_on_both_sides() -> None:
    canvas = RecordingCanvas()
    mw = 0.5
    width = draw_code128(canvas, NIK, 20, 0, module_width=mw, height=30, quiet_zone_modules=12)  # type: ignore[arg-type]
    first_bar = min(x for x, *_ in canvas.rects)
    last_edge = max(x + w for x, _y, w, _h in canvas.rects)
    assert first_bar == pytest.approx(20 + 12 * mw)
    assert 20 + width - last_edge == pytest.approx(12 * mw)


def test_human_readable_digits_sit_under_the_bars_centred() -> None:
    canvas = RecordingCanvas()
    mw = 0.33 * mm
    draw_code128(canvas, NIK, 0, 0, module_width=mw, height=12 * mm)  # type: ignore[arg-type]
    [(x, y, text)] = canvas.texts
    assert text == NIK
    bars_bottom = min(by for _x, by, _w, _h in canvas.rects)
    assert 0 <= y < bars_bottom
    assert x == pytest.approx(10 * mw + len(Code128(NIK).build()[0]) * mw / 2)


def test_without_human_readable_no_text_and_bars_start_at_y() -> None:
    canvas = RecordingCanvas()
    draw_code128(canvas, NIK, 0, 40, module_width=1, height=30, human_readable=False)  # type: ignore[arg-type]
    assert canvas.texts == []
    assert {y for _x, y, _w, _h in canvas.rects} == {40}


def test_a_value_code_128_cannot_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="Code 128"):
        code128_width("NIK é", 1)
    with pytest.raises(ValueError):
        code128_width("", 1)


def test_pdf_holds_vector_bars_and_no_image(tmp_path: Path) -> None:
    pdf = tmp_path / "barcode.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    draw_code128(canvas, NIK, 100, 600, module_width=0.33 * mm, height=12 * mm)
    canvas.showPage()
    canvas.save()
    assert image_xobjects(pdf) == []
    assert NIK in PdfReader(pdf).pages[0].extract_text()


def test_flowable_in_a_story_draws_bars_and_no_image() -> None:
    out = io.BytesIO()
    flowable = Code128Flowable(RECEIPT, 0.3 * mm, 10 * mm)
    story = [Paragraph("Tanda terima", getSampleStyleSheet()["Normal"]), flowable]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    width, height = flowable.wrap(500, 500)
    assert width == pytest.approx(code128_width(RECEIPT, 0.3 * mm))
    assert height > 10 * mm
    out.seek(0)
    assert image_xobjects(out) == []
    assert RECEIPT in PdfReader(out).pages[0].extract_text()


def kaligawe_cards(samples: Path) -> list[tuple[str, str]]:
    with (samples / "manifest_kaligawe_clean.csv").open(encoding="utf-8") as manifest:
        return [(row["NIK"], row["NAMA"]) for row in csv.DictReader(manifest)]


def test_barcode_sheet_has_every_nik_and_name_three_across(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = kaligawe_cards(samples)
    assert len(cards) == 56
    drawn: list[dict[str, Any]] = []
    real_draw = barcodes.draw_code128

    def counting_draw(canvas: Canvas, value: str, x: float, y: float, **kw: Any) -> float:
        drawn.append({"value": value, "x": x, **kw})
        return real_draw(canvas, value, x, y, **kw)

    monkeypatch.setattr(barcode_sheet, "draw_code128", counting_draw)
    pdf = write_barcode_sheet(
        "Barcode NIK KTP-el Demo",
        "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang",
        cards,
        tmp_path / "barcode" / "demo.pdf",
    )
    assert [d["value"] for d in drawn] == [nik for nik, _ in cards]
    assert all(d["module_width"] == pytest.approx(0.33 * mm) for d in drawn)
    assert all(d["height"] == pytest.approx(12 * mm) for d in drawn)
    assert len({round(d["x"]) for d in drawn}) == 3  # three columns

    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert pages == 3  # 27 labels a page
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert sorted(re.findall(r"\b\d{16}\b", text)) == sorted(nik for nik, _ in cards)
    for nik, name in cards:
        assert nik in text
        assert name in text
    assert "Barcode NIK KTP-el Demo" in reader.pages[0].extract_text()
    for number, page in enumerate(reader.pages, start=1):
        assert f"Halaman {number} dari {pages}" in page.extract_text()
    assert image_xobjects(pdf) == []
    assert reader.metadata is not None and reader.metadata.title == "Barcode NIK KTP-el Demo"


def test_a_long_value_narrows_its_bars_to_stay_inside_its_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        ("3374042606528310", "HJ. SITI NUR’AINI BINTI MUHAMMAD ABDURRAHMAN WAHYUDI"),
        ("TT-3374041002-2026-000123-SALINAN-KEDUA", "Tanda terima salinan"),
    ]
    drawn: list[tuple[float, float]] = []
    real_draw = barcodes.draw_code128

    def measuring_draw(canvas: Canvas, value: str, x: float, y: float, **kw: Any) -> float:
        width = real_draw(canvas, value, x, y, **kw)
        drawn.append((x, width))
        return width

    monkeypatch.setattr(barcode_sheet, "draw_code128", measuring_draw)
    write_barcode_sheet("Barcode", "", items, tmp_path / "sheet.pdf")
    cell = barcode_sheet.CELL_WIDTH
    for column, (x, width) in enumerate(drawn):
        left = barcode_sheet.MARGIN + column * cell
        assert left <= x and x + width <= left + cell
    text = PdfReader(tmp_path / "sheet.pdf").pages[0].extract_text()
    assert "HJ. SITI NUR’AINI BINTI" in text  # a long name is shortened, never spills over


def test_barcode_sheet_refuses_a_value_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    with pytest.raises(ValueError):
        write_barcode_sheet("Barcode", "", [(NIK, "FAJAR"), ("NIK é", "SALAH")], target)
    assert list(tmp_path.iterdir()) == []


def test_barcode_sheet_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_barcode_sheet("Barcode", "", [(NIK, "FAJAR MAULANA")], tmp_path / "sheet.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_long_subtitle_wraps_instead_of_being_cut(tmp_path: Path) -> None:
    subtitle = (
        "Pindai barcode ini dengan pemindai di layar Penerimaan kiriman. 40 kartu pertama "
        "sudah diterima; dua kartu terakhir tidak ada di daftar."
    )
    pdf = write_barcode_sheet(
        "Kartu contoh — Kelurahan Kaligawe", subtitle, [(NIK, "FAJAR")], tmp_path / "s.pdf"
    )
    text = re.sub(r"\s+", " ", PdfReader(pdf).pages[0].extract_text())
    assert "Kartu contoh — Kelurahan Kaligawe" in text
    assert subtitle in text
