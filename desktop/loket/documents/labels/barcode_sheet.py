"""A4 sheets of Code 128 barcodes (NIK and name), to try a real scanner or to label cards.

Bars are 0.33 mm per module with full quiet zones, the size a hand-held USB scanner
reads at once; the sheet must be printed at 100% scale for that to hold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from loket.documents.kit.barcodes import code128_pattern, draw_code128, symbol_height
from loket.documents.kit.fonts import SANS, SANS_BOLD, register_fonts
from loket.documents.kit.layout import CREATOR
from loket.documents.kit.output import atomic_write_pdf

MODULE_WIDTH = 0.33 * mm
BAR_HEIGHT = 12 * mm
QUIET_ZONE_MODULES = 10
COLUMNS = 3
MARGIN = 15 * mm
HEADER_HEIGHT = 22 * mm
FOOTER_HEIGHT = 8 * mm
CELL_HEIGHT = 26 * mm
CELL_PADDING = 2 * mm
NAME_SIZE = 8.5
PRINT_HINT = "Cetak dengan skala 100% (ukuran asli) agar barcode terbaca pemindai."

PAGE_WIDTH, PAGE_HEIGHT = A4
CELL_WIDTH = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
ROWS = int((PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT) // CELL_HEIGHT)
PER_PAGE = ROWS * COLUMNS


def _fit(
    text: str, font: str, size: float, width: float, smallest: float = 6.5
) -> tuple[str, float]:
    """Shrinks `text` down to `smallest`, then cuts it with "…", so it fits `width`."""
    if stringWidth(text, font, size) <= width:
        return text, size
    size = max(smallest, size * width / stringWidth(text, font, size))
    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…" if len(text) > 1 else ""
    return text, size


def _module_width(value: str) -> float:
    """0.33 mm, or narrower for a value so long it would not fit its cell."""
    modules = len(code128_pattern(value)) + 2 * QUIET_ZONE_MODULES
    return min(MODULE_WIDTH, (CELL_WIDTH - 2 * CELL_PADDING) / modules)


def _subtitle_lines(subtitle: str, width: float) -> tuple[list[str], float]:
    """The subtitle on at most two lines, a little smaller if it must."""
    for size in (10.0, 9.0, 8.5):
        lines = simpleSplit(subtitle, SANS, size, width)
        if len(lines) <= 2:
            return lines, size
    lines = simpleSplit(subtitle, SANS, 8.5, width)
    last, _size = _fit(" ".join(lines[1:]), SANS, 8.5, width, smallest=8.5)
    return [lines[0], last], 8.5


def _header(canvas: Canvas, title: str, subtitle: str) -> None:
    top = PAGE_HEIGHT - MARGIN
    width = PAGE_WIDTH - 2 * MARGIN
    text, size = _fit(title, SANS_BOLD, 14, width)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(MARGIN, top - 14, text)
    lines, size = _subtitle_lines(subtitle.strip(), width) if subtitle.strip() else ([], 10)
    canvas.setFont(SANS, size)
    for index, line in enumerate(lines):
        canvas.drawString(MARGIN, top - 28 - index * (size + 2), line)
    rule = top - HEADER_HEIGHT + 4 * mm
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, rule, PAGE_WIDTH - MARGIN, rule)


def _footer(canvas: Canvas, page: int, pages: int) -> None:
    y = MARGIN
    canvas.setFont(SANS, 8)
    canvas.drawString(MARGIN, y, PRINT_HINT)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, y, f"Halaman {page} dari {pages}")


def _cell(canvas: Canvas, x: float, y: float, value: str, name: str) -> None:
    """One label; (x, y) is its lower-left corner."""
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#9A9A9A"))
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 2)  # a cutting guide, light enough not to touch the quiet zone
    canvas.rect(x, y, CELL_WIDTH, CELL_HEIGHT, stroke=1, fill=0)
    canvas.restoreState()
    module_width = _module_width(value)
    width = (len(code128_pattern(value)) + 2 * QUIET_ZONE_MODULES) * module_width
    symbol_top = y + CELL_HEIGHT - 2.5 * mm
    symbol_bottom = symbol_top - symbol_height(BAR_HEIGHT, module_width)
    draw_code128(
        canvas,
        value,
        x + (CELL_WIDTH - width) / 2,
        symbol_bottom,
        module_width=module_width,
        height=BAR_HEIGHT,
        quiet_zone_modules=QUIET_ZONE_MODULES,
    )
    text, size = _fit(name, SANS_BOLD, NAME_SIZE, CELL_WIDTH - 2 * CELL_PADDING)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawCentredString(x + CELL_WIDTH / 2, symbol_bottom - size - 1.2 * mm, text)


def _draw(out: BinaryIO, title: str, subtitle: str, items: Sequence[tuple[str, str]]) -> None:
    register_fonts()
    canvas = Canvas(out, pagesize=A4, initialFontName=SANS, lang="id-ID")
    canvas.setTitle(title)
    canvas.setSubject(subtitle)
    canvas.setAuthor(CREATOR)
    canvas.setCreator(CREATOR)
    pages = max(1, math.ceil(len(items) / PER_PAGE))
    grid_top = PAGE_HEIGHT - MARGIN - HEADER_HEIGHT
    for page in range(pages):
        _header(canvas, title, subtitle)
        chunk = items[page * PER_PAGE : (page + 1) * PER_PAGE]
        if not chunk:
            canvas.setFont(SANS, 11)
            canvas.drawString(MARGIN, grid_top - 10 * mm, "Tidak ada barcode untuk dicetak.")
        for index, (value, name) in enumerate(chunk):
            row, column = divmod(index, COLUMNS)
            x = MARGIN + column * CELL_WIDTH
            y = grid_top - (row + 1) * CELL_HEIGHT
            _cell(canvas, x, y, value, name)
        _footer(canvas, page + 1, pages)
        canvas.showPage()
    canvas.save()


def write_barcode_sheet(
    title: str, subtitle: str, items: Sequence[tuple[str, str]], path: Path
) -> Path:
    """Writes `items` (value, name) as labelled barcodes, 3 across, to `path`; returns `path`."""
    for value, _name in items:
        code128_pattern(value)  # refuse a value Code 128 cannot carry before writing anything
    return atomic_write_pdf(path, lambda out: _draw(out, title, subtitle, items))
