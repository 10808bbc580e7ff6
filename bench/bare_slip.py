"""The handover's slip drawn plainly: the fair floor of `bench/handover.py` (issue 16).

The same texts as the program's tanda terima, in the same embedded Liberation TTFs, at the same
sizes and places near enough, the receipt number's Code 128 as filled rectangles (python-barcode's
pattern, as the program draws it), the resident's copy with its NIKs masked and no phone, then
written as the program writes a paper: a temporary file beside the target, fsync, rename, the
folder fsync'd. No platypus: lines are placed by hand, a value wrapped with `simpleSplit`.

"a5": both halves on one A4 sheet with the cut line between them; "thermal80": two 80 mm pages,
each as long as its lines.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from loket.core.handover.paper import ReceiptSlip, resident_copy
from loket.core.papers.paper import grouped_nip
from loket.documents.kit.barcodes import bar_runs, code128_pattern
from loket.documents.kit.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts

HALVES = ("Lembar untuk warga", "Lembar arsip kelurahan")


@dataclass(frozen=True, slots=True)
class Face:
    regular: str
    bold: str
    size: float  # the fields' and signatures' type
    heading: tuple[float, float, float, float]  # government, kecamatan, kelurahan, address
    title: float
    label_width: float
    row_gap: float
    signature_space: float
    signature_size: float
    date_across: bool  # the place and date across both columns (a narrow slip)


A5 = Face(SERIF, SERIF_BOLD, 10, (10, 10, 12.5, 8), 13.5, 38 * mm, 1.4, 15 * mm, 10, False)
THERMAL = Face(SANS, SANS_BOLD, 8.5, (8.5, 8.5, 10, 7.5), 11, 21 * mm, 1.6, 14 * mm, 7.5, True)


@dataclass
class Lines:
    """What a slip draws, its y measured down from the top of its box: text, rules, bars."""

    face: Face
    x: float
    width: float
    y: float = 0.0
    texts: list[tuple[str, float, float, float, str, str]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)
    ticks: list[tuple[float, float, float]] = field(default_factory=list)

    def text(self, font: str, size: float, x: float, text: str, align: str = "l") -> None:
        self.texts.append((font, size, x, self.y + size, text, align))

    def wrapped(self, font: str, size: float, x: float, width: float, text: str) -> int:
        lines = simpleSplit(text, font, size, width) or ["-"]
        for index, line in enumerate(lines):
            self.texts.append((font, size, x, self.y + size + index * size * 1.2, line, "l"))
        return len(lines)

    def centred(self, font: str, size: float, text: str) -> None:
        self.text(font, size, self.x + self.width / 2, text, "c")
        self.y += size * 1.2


def _fields(slip: ReceiptSlip) -> Iterator[tuple[str, str | tuple[str, ...]]]:
    collector = slip.collector_name.strip() or slip.owner_name.strip()
    if slip.collector_nik.strip() and slip.collector_nik.strip() != slip.owner_nik.strip():
        collector += f" (NIK {slip.collector_nik.strip()})"
    yield "Nama pemilik", slip.owner_name
    yield "NIK", slip.owner_nik
    yield "Alamat", slip.owner_address
    yield "Diambil oleh", collector
    yield "Hubungan", slip.relation
    if slip.collector_phone.strip():
        yield "No. HP", slip.collector_phone
    if slip.delivery_text.strip():
        yield "Pengantaran", slip.delivery_text
    if slip.documents_checked or not slip.delivery_text:
        yield "Dokumen yang diperiksa", slip.documents_checked
    yield "KTP lama", slip.old_card
    yield "Petugas", slip.officer.name
    if slip.desk.strip():
        yield "Loket", slip.desk
    yield "Waktu", slip.issued_at
    if slip.reprint_text.strip():
        yield "Dicetak ulang", slip.reprint_text


def _kop(lines: Lines, slip: ReceiptSlip, logo_space: float) -> None:
    face, head = lines.face, slip.letterhead
    government, kecamatan, kelurahan, address = face.heading
    text_width = lines.width - 2 * logo_space
    for text, size in ((head.government, government), (head.kecamatan, kecamatan)):
        lines.centred(face.bold, size, text)
    lines.centred(face.bold, kelurahan, head.kelurahan)
    for line in simpleSplit(head.address, face.regular, address, text_width):
        lines.centred(face.regular, address, line)
    lines.y += 2.5
    lines.rules.append((lines.x, lines.y, lines.x + lines.width, lines.y, 1.4))
    lines.rules.append((lines.x, lines.y + 2.3, lines.x + lines.width, lines.y + 2.3, 0.5))
    lines.y += 6


def _barcode(lines: Lines, number: str, left: float, module: float) -> float:
    """The bars (10 mm) and the digits under them from `left` (the quiet zone's start)."""
    pattern = code128_pattern(number)
    start = left + 10 * module
    for first, length in bar_runs(pattern):
        lines.bars.append((start + first * module, lines.y, length * module, 10 * mm))
    size = max(6.0, min(9.0, module * 9.0))
    digits_y = lines.y
    lines.y += 10 * mm
    lines.text(SANS, size, start + len(pattern) * module / 2, number, "c")
    lines.y = digits_y
    return 10 * mm + size * 1.25


def _title_a5(lines: Lines, slip: ReceiptSlip) -> None:
    face = lines.face
    module = 0.3 * mm
    width = (len(code128_pattern(slip.receipt_number)) + 20) * module
    top = lines.y
    height = _barcode(lines, slip.receipt_number, lines.x + lines.width - width, module)
    lines.y = top + (height - face.title * 1.2 - face.size * 1.2) / 2
    lines.text(face.bold, face.title, lines.x, "TANDA TERIMA KTP-el")
    lines.y += face.title * 1.2
    _number(lines, slip, lines.x)
    lines.y = top + height


def _number(lines: Lines, slip: ReceiptSlip, x: float, centred: bool = False) -> None:
    face = lines.face
    label = "Nomor: "
    if centred:
        whole = stringWidth(label, face.regular, face.size)
        whole += stringWidth(slip.receipt_number, face.bold, face.size)
        x = lines.x + (lines.width - whole) / 2
    lines.text(face.regular, face.size, x, label)
    lines.text(
        face.bold, face.size, x + stringWidth(label, face.regular, face.size), slip.receipt_number
    )
    lines.y += face.size * 1.2


def _title_thermal(lines: Lines, slip: ReceiptSlip) -> None:
    face = lines.face
    lines.y += 2 * mm
    lines.centred(face.bold, face.title, "TANDA TERIMA KTP-el")
    _number(lines, slip, lines.x, centred=True)
    lines.y += 2 * mm
    modules = len(code128_pattern(slip.receipt_number)) + 20
    dot = 72 / 203
    module = int(lines.width / (modules * dot)) * dot
    left = round((lines.x + (lines.width - modules * module) / 2) / dot) * dot
    lines.y += _barcode(lines, slip.receipt_number, left, module) + 2 * mm


def _field_rows(lines: Lines, slip: ReceiptSlip) -> None:
    face = lines.face
    size, leading = face.size, face.size * 1.2
    colon = lines.x + face.label_width
    value_x = colon + size * 0.7
    value_width = lines.x + lines.width - value_x
    for label, value in _fields(slip):
        lines.y += face.row_gap / 2
        used = lines.wrapped(face.regular, size, lines.x, face.label_width, label)
        lines.text(face.regular, size, colon, ":")
        if isinstance(value, tuple):
            rows = 0
            for item in value or ("-",):
                lines.ticks.append((value_x, lines.y + (rows + 1) * leading, size * 0.8))
                lines.y += rows * leading
                rows_here = lines.wrapped(
                    face.regular, size, value_x + size * 1.25, value_width - size * 1.25, item
                )
                lines.y -= rows * leading
                rows += rows_here
        else:
            rows = lines.wrapped(face.regular, size, value_x, value_width, value.strip() or "-")
        lines.y += max(used, rows) * leading + face.row_gap / 2


def _signatures(lines: Lines, slip: ReceiptSlip) -> None:
    face = lines.face
    size = face.signature_size
    half = lines.width / 2
    left, right = lines.x + half / 2, lines.x + half + half / 2
    lines.y += 3 * mm
    if face.date_across:
        lines.centred(face.regular, size, slip.place_and_date)
    else:
        lines.text(face.regular, size, right, slip.place_and_date, "c")
        lines.y += size * 1.2
    for collector, officer in (
        (slip.collector.role, slip.officer.role),
        (slip.collector.title, slip.officer.title),
    ):
        rows = 1
        for x, text in ((left, collector), (right, officer)):
            split = simpleSplit(text, face.regular, size, half - 4)
            for index, line in enumerate(split):
                y = lines.y + size * (1 + 1.2 * index)
                lines.texts.append((face.regular, size, x, y, line, "c"))
            rows = max(rows, len(split))
        lines.y += rows * size * 1.2
    lines.y += face.signature_space
    for x, name in ((left, slip.collector.name), (right, slip.officer.name)):
        lines.text(face.bold, size, x, name, "c")
        width = stringWidth(name, face.bold, size)
        underline = lines.y + size * 1.1
        lines.rules.append((x - width / 2, underline, x + width / 2, underline, size / 14))
    lines.y += size * 1.2
    nip = grouped_nip(slip.officer.nip)
    if nip:
        lines.text(face.regular, size, right, f"NIP. {nip}", "c")
        lines.y += size * 1.2


def _slip_lines(slip: ReceiptSlip, face: Face, x: float, width: float, label: str) -> Lines:
    lines = Lines(face, x, width)
    if face is A5:
        lines.text(SANS_BOLD, 8, x + width, label, "r")
        lines.y += 11
        _kop(lines, slip, 3.4 * cm)
        lines.y += 2.5 * mm
        _title_a5(lines, slip)
        lines.y += 2.5 * mm
    else:
        lines.centred(face.bold, face.size, label)
        lines.y += 1 * mm
        _kop(lines, slip, 0)
        _title_thermal(lines, slip)
    _field_rows(lines, slip)
    _signatures(lines, slip)
    return lines


def _draw(canvas: Canvas, lines: Lines, top: float) -> None:
    canvas.setFillColorRGB(0, 0, 0)
    for x, y, width, height in lines.bars:
        canvas.rect(x, top - y - height, width, height, stroke=0, fill=1)
    for font, size, x, y, text, align in lines.texts:
        canvas.setFont(font, size)
        if align == "c":
            canvas.drawCentredString(x, top - y, text)
        elif align == "r":
            canvas.drawRightString(x, top - y, text)
        else:
            canvas.drawString(x, top - y, text)
    for x1, y1, x2, y2, width in lines.rules:
        canvas.setLineWidth(width)
        canvas.line(x1, top - y1, x2, top - y2)
    canvas.setLineWidth(1.1)
    for x, y, size in lines.ticks:
        path = canvas.beginPath()
        path.moveTo(x + size * 0.08, top - y + size * 0.5)
        path.lineTo(x + size * 0.38, top - y + size * 0.14)
        path.lineTo(x + size * 0.95, top - y + size * 0.92)
        canvas.drawPath(path, stroke=1, fill=0)


def _canvas(out: object, pagesize: tuple[float, float], slip: ReceiptSlip) -> Canvas:
    register_fonts()
    canvas = Canvas(out, pagesize=pagesize, initialFontName=SANS_BOLD, lang="id-ID")
    canvas.setTitle(f"Tanda Terima KTP-el {slip.receipt_number}")
    canvas.setAuthor(slip.letterhead.kelurahan)
    canvas.setSubject(f"Penyerahan KTP-el kepada {slip.owner_name}")
    return canvas


def _a5(out: object, slip: ReceiptSlip) -> None:
    width, height = A4
    canvas = _canvas(out, A4, slip)
    for copy, label, bottom in ((resident_copy(slip), HALVES[0], height / 2), (slip, HALVES[1], 0)):
        _draw(
            canvas,
            _slip_lines(copy, A5, 14 * mm, width - 28 * mm, label),
            bottom + height / 2 - 6 * mm,
        )
    canvas.setDash(3, 2)
    canvas.setLineWidth(0.5)
    gap = stringWidth("potong di sini", SANS, 7) / 2 + 2 * mm
    canvas.line(14 * mm, height / 2, width / 2 - gap, height / 2)
    canvas.line(width / 2 + gap, height / 2, width - 6 * mm, height / 2)
    canvas.setFont(SANS, 7)
    canvas.drawCentredString(width / 2, height / 2 - 2.4, "potong di sini")
    canvas.circle(6 * mm, height / 2 + 1.5 * mm, 1 * mm)
    canvas.circle(6 * mm, height / 2 - 1.5 * mm, 1 * mm)
    canvas.showPage()
    canvas.save()


def _thermal(out: object, slip: ReceiptSlip) -> None:
    width = 80 * mm
    canvas = _canvas(out, (width, A4[1]), slip)
    for copy, label in ((resident_copy(slip), HALVES[0]), (slip, HALVES[1])):
        lines = _slip_lines(copy, THERMAL, 4 * mm, 72 * mm, label)
        height = 3 * mm + lines.y + 6 * mm
        canvas.setPageSize((width, height))
        _draw(canvas, lines, height - 3 * mm)
        canvas.showPage()
    canvas.save()


def write_bare_slip(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
    """The slip drawn plainly and saved the way the program saves a paper."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        mode="w+b", dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False
    )
    with handle:
        (_a5 if slip_format == "a5" else _thermal)(handle, slip)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return path
