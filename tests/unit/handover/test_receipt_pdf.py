"""The tanda terima KTP-el, read back from the PDF as the resident and the archive would read it."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from barcode import Code128
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from loket.core.handover.paper import ReceiptSlip
from loket.core.papers.paper import Signatory
from loket.documents.handover import receipt_a5, receipt_text, receipt_thermal
from loket.documents.handover.receipt import write_receipt, write_receipt_a5, write_receipt_thermal
from loket.documents.handover.receipt_text import Grid, Text
from loket.documents.handover.receipt_thermal import thermal_module_width
from loket.documents.handover.signature import LINE_WIDTH, draw_strokes
from tests.helpers.papers import KALIGAWE, OFFICER, owner_collects, signature_strokes

WRITERS: dict[str, Callable[[ReceiptSlip, Path], Path]] = {
    "a5": write_receipt_a5,
    "thermal80": write_receipt_thermal,
}


def mother_collects() -> ReceiptSlip:
    """A mother collects her married daughter's new card with a surat kuasa, and signs on screen."""
    return ReceiptSlip(
        letterhead=KALIGAWE,
        receipt_number="3374041002-2026-000124",
        issued_at="Jumat, 27 November 2026 pukul 10.05 WIB",
        owner_name="Sumarni",
        owner_nik="3374096804070373",
        owner_address="Rusunawa Kaligawe Blok D Lt. 3 No. 26, RT 004/RW 004",
        collector_name="SITI AMINAH",
        collector_nik="3374045507780004",
        relation="Orang tua (surat kuasa)",
        collector_phone="0812-2845-1177",
        documents_checked=(
            "Bukti perekaman (resi) atas nama pemilik",
            "Surat kuasa bermeterai",
            "KTP-el pengambil (asli)",
            "Kartu Keluarga",
        ),
        old_card="KTP lama diserahkan untuk dimusnahkan",
        officer=OFFICER,
        collector=Signatory("Yang Menerima,", "", "SITI AMINAH", ""),
        place_and_date="Semarang, 27 November 2026",
        signature=signature_strokes(),
    )


def reprint() -> ReceiptSlip:
    return dataclasses.replace(mother_collects(), copy_label="SALINAN")


def voided() -> ReceiptSlip:
    return dataclasses.replace(
        owner_collects(),
        void_text="DIBATALKAN 28 November 2026: kartu diserahkan kepada orang yang salah",
    )


def flat(text: str) -> str:
    """Line breaks and no-break spaces as plain spaces, to find a value wherever it wrapped."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def pdf_text(pdf: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))


def expected_values(slip: ReceiptSlip) -> list[str]:
    return [
        slip.receipt_number,
        slip.owner_name,
        slip.owner_nik,
        slip.owner_address,
        slip.collector_name,
        slip.relation,
        *slip.documents_checked,
        slip.old_card,
        slip.officer.name,
        "NIP. 19890315 201503 2 004",
        slip.issued_at,
        slip.place_and_date,
        "TANDA TERIMA KTP-el",
        "KELURAHAN KALIGAWE",
    ]


@dataclass
class Bars:
    """The filled rectangles of one barcode, as drawn on the page."""

    rects: list[tuple[float, float]] = field(default_factory=list)  # (x, width) in points

    def module_width(self) -> float:
        return min(width for _x, width in self.rects)

    def pattern(self) -> str:
        module = self.module_width()
        left = min(x for x, _w in self.rects)
        modules: list[str] = []
        for x, width in sorted(self.rects):
            modules += ["0"] * (round((x - left) / module) - len(modules))
            modules += ["1"] * round(width / module)
        return "".join(modules)

    def width(self) -> float:
        return max(x + w for x, w in self.rects) - min(x for x, _w in self.rects)


def barcodes(pdf: Path, bar_height: float) -> list[Bars]:
    """Every barcode on the first page: filled rectangles `bar_height` tall, grouped by row."""
    rows: dict[float, Bars] = defaultdict(Bars)

    def visit(operator: bytes, operands: list[Any], cm: list[float], _tm: list[float]) -> None:
        if operator != b"re":
            return
        x, y, w, h = (float(value) for value in operands)
        a, _b, _c, d, e, f = cm
        if abs(h * d - bar_height) < 0.01:
            rows[round(y * d + f, 2)].rects.append((x * a + e, w * a))

    PdfReader(pdf).pages[0].extract_text(visitor_operand_before=visit)
    return [rows[y] for y in sorted(rows, reverse=True)]


def test_owner_collecting_gets_every_value_on_both_halves_of_the_a5_sheet(tmp_path: Path) -> None:
    slip = owner_collects()
    text = pdf_text(write_receipt_a5(slip, tmp_path / "tt.pdf"))
    resident, archive = text.split("Lembar arsip kelurahan")
    assert "Lembar untuk warga" in resident
    for half in (resident, archive):
        for value in expected_values(slip):
            if value != slip.owner_nik:
                assert value in half, value
        assert "Diambil oleh : FAJAR MAULANA Hubungan : Pemilik sendiri" in half
        assert "Yang Menerima," in half and "Petugas Loket," in half
    # The resident's half goes home: the NIK as every paper leaving the office prints it.
    assert slip.owner_nik not in resident and "3374xxxxxxxx8310" in resident
    assert slip.owner_nik in archive
    assert "No. HP" not in text  # no number given, no empty row


@pytest.mark.parametrize("slip_format", WRITERS)
def test_the_residents_copy_masks_both_niks_and_leaves_the_phone_at_the_office(
    tmp_path: Path, slip_format: str
) -> None:
    slip = mother_collects()
    text = pdf_text(WRITERS[slip_format](slip, tmp_path / "tt.pdf"))
    resident, archive = text.split("Lembar arsip kelurahan")
    assert slip.owner_nik not in resident and slip.collector_nik not in resident
    assert "3374xxxxxxxx0373" in resident and "3374xxxxxxxx0004" in resident
    assert "0812-2845-1177" not in resident and "No. HP" not in resident
    assert slip.owner_nik in archive and "No. HP : 0812-2845-1177" in archive


def test_mother_collecting_with_surat_kuasa_shows_her_nik_relation_and_documents(
    tmp_path: Path,
) -> None:
    slip = mother_collects()
    for slip_format, write in WRITERS.items():
        text = pdf_text(write(slip, tmp_path / f"{slip_format}.pdf"))
        for value in expected_values(slip):
            assert value in text, (slip_format, value)
        assert "Diambil oleh : SITI AMINAH (NIK 3374045507780004)" in text
        assert "Hubungan : Orang tua (surat kuasa)" in text
        assert "No. HP : 0812-2845-1177" in text
        assert "Dokumen yang diperiksa : Bukti perekaman (resi) atas nama pemilik" in text


@pytest.mark.parametrize("slip_format", WRITERS)
def test_the_desk_that_handed_the_card_over_is_named_under_its_officer(
    tmp_path: Path, slip_format: str
) -> None:
    named = pdf_text(
        WRITERS[slip_format](dataclasses.replace(owner_collects(), desk="Loket 2"), tmp_path / "a")
    )
    assert named.count("Petugas : Dewi Lestari Loket : Loket 2 Waktu :") == 2  # on both copies
    unnamed = pdf_text(WRITERS[slip_format](owner_collects(), tmp_path / "b"))
    assert "Loket :" not in unnamed  # a handover from before desks had names: no empty row


def test_a5_is_one_a4_page_with_both_halves_and_the_number_twice(tmp_path: Path) -> None:
    pdf = write_receipt_a5(mother_collects(), tmp_path / "tt.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((210 * mm, 297 * mm), abs=0.5)
    text = pdf_text(pdf)
    assert text.index("Lembar untuk warga") < text.index("Lembar arsip kelurahan")
    assert text.count("Nomor: 3374041002-2026-000124") == 2
    assert "potong di sini" in text


def test_thermal_slip_is_80_mm_wide_and_as_long_as_its_content(tmp_path: Path) -> None:
    def size(slip: ReceiptSlip, name: str) -> tuple[float, float]:
        """The office's copy, the second of the two slips (the printer cuts between pages)."""
        reader = PdfReader(write_receipt_thermal(slip, tmp_path / name))
        assert len(reader.pages) == 2
        assert "Lembar untuk warga" in reader.pages[0].extract_text()
        assert "Lembar arsip kelurahan" in reader.pages[1].extract_text()
        box = reader.pages[1].mediabox
        return float(box.width), float(box.height)

    short_width, short_height = size(owner_collects(), "short.pdf")
    long_width, long_height = size(mother_collects(), "long.pdf")
    assert short_width == pytest.approx(80 * mm, abs=0.01)
    assert long_width == pytest.approx(80 * mm, abs=0.01)
    assert long_height > short_height + 15 * mm  # three more documents, a phone, a wrapped NIK
    office = receipt_thermal.COPIES[1]
    assert short_height == pytest.approx(
        receipt_thermal.thermal_page_height(owner_collects(), office)
    )
    more = dataclasses.replace(
        mother_collects(), documents_checked=mother_collects().documents_checked * 3
    )
    assert size(more, "longer.pdf")[1] > long_height


@pytest.mark.parametrize("slip_format", WRITERS)
@pytest.mark.parametrize("make", [owner_collects, mother_collects, reprint, voided])
def test_no_raster_image_and_only_embedded_liberation_fonts(
    tmp_path: Path, slip_format: str, make: Callable[[], ReceiptSlip]
) -> None:
    pdf = WRITERS[slip_format](make(), tmp_path / "tt.pdf")
    for page in PdfReader(pdf).pages:
        resources = page["/Resources"]
        for xobject in (resources.get("/XObject") or {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"
        fonts = resources["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            assert "Liberation" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


@pytest.mark.parametrize("slip_format", WRITERS)
def test_pdf_title_names_the_receipt_number(tmp_path: Path, slip_format: str) -> None:
    meta = PdfReader(WRITERS[slip_format](owner_collects(), tmp_path / "tt.pdf")).metadata
    assert meta is not None
    assert meta.title == "Tanda Terima KTP-el 3374041002-2026-000123"


def test_reprint_is_marked_salinan_on_both_halves_and_on_the_slip(tmp_path: Path) -> None:
    resident, archive = pdf_text(write_receipt_a5(reprint(), tmp_path / "a5.pdf")).split(
        "Lembar arsip kelurahan"
    )
    assert "SALINAN" in resident and "SALINAN" in archive
    assert "SALINAN" in pdf_text(write_receipt_thermal(reprint(), tmp_path / "th.pdf"))
    assert "SALINAN" not in pdf_text(write_receipt_a5(mother_collects(), tmp_path / "o.pdf"))


@pytest.mark.parametrize("slip_format", WRITERS)
def test_voided_receipt_says_dibatalkan_with_its_reason(tmp_path: Path, slip_format: str) -> None:
    text = pdf_text(WRITERS[slip_format](voided(), tmp_path / "tt.pdf"))
    halves = text.split("Lembar arsip kelurahan") if slip_format == "a5" else [text]
    for half in halves:
        assert "DIBATALKAN 28 November 2026: kartu diserahkan kepada orang yang salah" in half
        assert half.count("DIBATALKAN") >= 2  # the reason, and the word across the page
        assert "FAJAR MAULANA" in half  # still legible under the mark
    clean = pdf_text(WRITERS[slip_format](owner_collects(), tmp_path / "clean.pdf"))
    assert "DIBATALKAN" not in clean


def test_a_reason_without_the_word_still_reads_dibatalkan(tmp_path: Path) -> None:
    slip = dataclasses.replace(owner_collects(), void_text="salah serah kartu")
    text = pdf_text(write_receipt_thermal(slip, tmp_path / "tt.pdf"))
    assert "DIBATALKAN: salah serah kartu" in text


@pytest.mark.parametrize("slip_format", WRITERS)
@pytest.mark.parametrize("make", [owner_collects, mother_collects, reprint, voided])
def test_each_text_of_a_slip_is_laid_out_once_and_no_platypus_table_or_paragraph_is_built(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    slip_format: str,
    make: Callable[[], ReceiptSlip],
) -> None:
    """Measured, then drawn as measured: no text's lines broken twice, no grid of rows laid out
    twice (each half, each thermal page, was once built and wrapped two or three times); and
    nothing parsed as markup or wrapped as a platypus Table."""
    breaks = [0]
    texts: dict[int, tuple[Text, int]] = {}
    grids: dict[int, tuple[Grid, int]] = {}
    break_lines, text_wrap, grid_wrap = receipt_text.break_lines, Text.wrap, Grid.wrap

    def counted_break(*args: Any) -> Any:
        breaks[0] += 1
        return break_lines(*args)

    def counted_text_wrap(self: Text, width: float, height: float) -> Any:
        before = breaks[0]
        measured = text_wrap(self, width, height)
        _, times = texts.get(id(self), (self, 0))
        texts[id(self)] = (self, times + breaks[0] - before)  # kept alive: no id is reused
        return measured

    def counted_grid_wrap(self: Grid, width: float, height: float) -> Any:
        _, times = grids.get(id(self), (self, 0))
        grids[id(self)] = (self, times + (not self._laid))
        return grid_wrap(self, width, height)

    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a slip builds no platypus Paragraph or Table")

    monkeypatch.setattr(receipt_text, "break_lines", counted_break)
    monkeypatch.setattr(Text, "wrap", counted_text_wrap)
    monkeypatch.setattr(Grid, "wrap", counted_grid_wrap)
    monkeypatch.setattr(Paragraph, "__init__", refused)
    monkeypatch.setattr(Table, "__init__", refused)
    assert "Lembar arsip kelurahan" in pdf_text(WRITERS[slip_format](make(), tmp_path / "t.pdf"))
    assert len(texts) >= 60  # two copies of labels, values, roles, names...
    assert {times for _, times in texts.values()} == {1}
    assert len(grids) >= 4 and {times for _, times in grids.values()} == {1}


def test_a5_barcodes_are_python_barcode_pattern_at_three_tenths_mm(tmp_path: Path) -> None:
    slip = mother_collects()
    found = barcodes(write_receipt_a5(slip, tmp_path / "tt.pdf"), receipt_a5.BAR_HEIGHT)
    assert len(found) == 2  # the resident's half and the archive's
    expected = Code128(slip.receipt_number).build()[0]
    for bars in found:
        assert bars.pattern() == expected
        assert bars.module_width() == pytest.approx(0.3 * mm)


@pytest.mark.parametrize(
    "number", ["3374041002-2026-000123", "3374041002-2026-999999", "3374041002-2027-000001"]
)
def test_thermal_barcode_has_quarter_mm_modules_and_fits_72_mm(tmp_path: Path, number: str) -> None:
    slip = dataclasses.replace(owner_collects(), receipt_number=number)
    (bars,) = barcodes(write_receipt_thermal(slip, tmp_path / "tt.pdf"), receipt_thermal.BAR_HEIGHT)
    expected = Code128(number).build()[0]
    assert bars.pattern() == expected
    module = thermal_module_width(number)
    assert module >= 0.25 * mm
    assert bars.module_width() == pytest.approx(module, abs=1e-3)
    quiet = receipt_thermal.QUIET_ZONE_MODULES * module
    left = min(x for x, _w in bars.rects) - quiet
    right = max(x + w for x, w in bars.rects) + quiet
    assert right - left <= 72 * mm
    assert left >= 4 * mm - 1e-6 and right <= 76 * mm + 1e-6  # inside the printable width
    # Whole printer dots, starting on a dot: every bar prints the same width at 203 dpi.
    dot = 72 / 203
    assert module / dot == pytest.approx(round(module / dot))
    assert min(x for x, _w in bars.rects) / dot == pytest.approx(
        round(min(x for x, _w in bars.rects) / dot)
    )


def test_write_receipt_dispatches_on_the_desk_format(tmp_path: Path) -> None:
    a5 = write_receipt(owner_collects(), tmp_path / "a.pdf", "a5")
    thermal = write_receipt(owner_collects(), tmp_path / "t.pdf", "thermal80")
    assert float(PdfReader(a5).pages[0].mediabox.width) == pytest.approx(210 * mm, abs=0.5)
    assert float(PdfReader(thermal).pages[0].mediabox.width) == pytest.approx(80 * mm, abs=0.01)
    with pytest.raises(ValueError, match="unknown receipt format"):
        write_receipt(owner_collects(), tmp_path / "x.pdf", "letter")
    assert not (tmp_path / "x.pdf").exists()


def test_a_number_code128_cannot_carry_is_refused_before_any_file(tmp_path: Path) -> None:
    slip = dataclasses.replace(owner_collects(), receipt_number="TT–2026–№1")
    for write in WRITERS.values():
        with pytest.raises(ValueError, match="Code 128"):
            write(slip, tmp_path / "tt.pdf")
    assert list(tmp_path.iterdir()) == []


def test_reprinting_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "documents" / "receipts"
    target = folder / "3374041002-2026-000124.pdf"
    write_receipt_a5(mother_collects(), target)
    write_receipt_a5(reprint(), target)
    assert [p.name for p in folder.iterdir()] == [target.name]
    assert "SALINAN" in pdf_text(target)


def test_a_long_address_and_many_documents_still_fit_each_a5_half(tmp_path: Path) -> None:
    slip = dataclasses.replace(
        mother_collects(),
        owner_address=(
            "Rusunawa Kaligawe Blok D Lantai 3 Nomor 26, Jalan Kaligawe Raya Gang Tengah "
            "Belakang Masjid, RT 004/RW 004, Kelurahan Kaligawe, Kecamatan Gayamsari"
        ),
        documents_checked=(
            *mother_collects().documents_checked,
            "Surat keterangan hilang dari Polsek Gayamsari No. SKH/123/XI/2026",
            "Fotokopi buku nikah",
            "Surat keterangan domisili",
        ),
        void_text="DIBATALKAN 28 November 2026: kartu diserahkan kepada orang yang salah",
        copy_label="SALINAN",
        desk="Loket Pelayanan Terpadu 2",
    )
    text = pdf_text(write_receipt_a5(slip, tmp_path / "tt.pdf"))
    resident, archive = text.split("Lembar arsip kelurahan")
    for half in (resident, archive):
        assert "Surat keterangan domisili" in half
        assert "NIP. 19890315 201503 2 004" in half  # the last line is still on its half


@dataclass
class RecordingCanvas:
    """Stands in for a reportlab canvas and keeps the paths drawn."""

    paths: list[list[tuple[float, float]]] = field(default_factory=list)
    dots: list[tuple[float, float]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def beginPath(self) -> RecordingPath:
        return RecordingPath()

    def drawPath(self, path: RecordingPath, stroke: int = 1, fill: int = 0) -> None:
        assert stroke == 1 and fill == 0, "strokes are lines, not shapes"
        self.paths.append(path.points)

    def circle(self, x: float, y: float, _r: float, stroke: int = 1, fill: int = 0) -> None:
        self.dots.append((x, y))

    def setLineWidth(self, width: float) -> None:
        self.settings["width"] = width

    def setLineCap(self, cap: int) -> None:
        self.settings["cap"] = cap

    def setLineJoin(self, join: int) -> None:
        self.settings["join"] = join

    def __getattr__(self, _name: str) -> Any:
        return lambda *args, **kwargs: None  # saveState, colours, restoreState


@dataclass
class RecordingPath:
    points: list[tuple[float, float]] = field(default_factory=list)

    def moveTo(self, x: float, y: float) -> None:
        self.points.append((x, y))

    def lineTo(self, x: float, y: float) -> None:
        self.points.append((x, y))


def test_signature_is_drawn_as_round_lines_fitted_into_its_space() -> None:
    canvas = RecordingCanvas()
    strokes = signature_strokes()
    draw_strokes(canvas, strokes, 100, 50, 80, 40)
    assert [len(path) for path in canvas.paths] == [len(stroke) for stroke in strokes]
    assert canvas.settings == {"width": LINE_WIDTH, "cap": 1, "join": 1}
    points = [point for path in canvas.paths for point in path]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) >= 100 and max(xs) <= 180 and min(ys) >= 50 and max(ys) <= 90
    # One scale for both axes: the ink keeps the shape it had on the pad.
    ink_xs = [x for stroke in strokes for x, _ in stroke]
    ink_ys = [y for stroke in strokes for _, y in stroke]
    scale_x = (max(xs) - min(xs)) / (max(ink_xs) - min(ink_xs))
    scale_y = (max(ys) - min(ys)) / (max(ink_ys) - min(ink_ys))
    assert scale_x == pytest.approx(scale_y)
    assert max(xs) - min(xs) == pytest.approx(80 - LINE_WIDTH) or max(ys) - min(ys) == (
        pytest.approx(40 - LINE_WIDTH)
    )
    # y grows downwards on the pad and upwards on paper: the underline ends up lowest.
    underline = canvas.paths[2]
    assert max(y for _, y in underline) < min(y for _, y in canvas.paths[1])


def test_signature_dot_and_empty_strokes_draw_safely() -> None:
    canvas = RecordingCanvas()
    draw_strokes(canvas, (), 0, 0, 50, 20)
    draw_strokes(canvas, ((),), 0, 0, 50, 20)
    assert canvas.paths == [] and canvas.dots == []
    draw_strokes(canvas, (((0.5, 0.5),), ((0.2, 0.3), (0.8, 0.3))), 0, 0, 50, 20)
    assert len(canvas.dots) == 1 and len(canvas.paths) == 1
    assert canvas.paths[0][0][1] == pytest.approx(canvas.paths[0][1][1])  # a level line stays


def test_drawn_signature_adds_vector_lines_to_the_receipt(tmp_path: Path) -> None:
    def line_operators(slip: ReceiptSlip, name: str) -> int:
        count = 0

        def visit(operator: bytes, *_args: Any) -> None:
            nonlocal count
            count += operator == b"l"

        PdfReader(write_receipt_thermal(slip, tmp_path / name)).pages[0].extract_text(
            visitor_operand_before=visit
        )
        return count

    signed = line_operators(mother_collects(), "signed.pdf")
    unsigned = line_operators(dataclasses.replace(mother_collects(), signature=()), "plain.pdf")
    segments = sum(len(stroke) - 1 for stroke in signature_strokes())
    assert signed - unsigned == segments


def test_twenty_documents_are_squeezed_onto_each_half_rather_than_cut_off(tmp_path: Path) -> None:
    documents = tuple(f"Dokumen pendukung nomor {n}" for n in range(1, 21))
    slip = dataclasses.replace(voided(), documents_checked=documents)
    pdf = write_receipt_a5(slip, tmp_path / "tt.pdf")
    assert len(PdfReader(pdf).pages) == 1
    resident, archive = pdf_text(pdf).split("Lembar arsip kelurahan")
    for half in (resident, archive):
        assert "Dokumen pendukung nomor 20" in half
        assert "NIP. 19890315 201503 2 004" in half
        assert half.count("DIBATALKAN") >= 2
