"""A4 sticker sheets: on each label the owner's name, the NIK as Code 128 and its digits.

Nothing is drawn outside a label (no header, no page number): the sheet is sticker paper.
Bars are whole printer dots wide (4 or 3 dots at 300 dpi, 8 or 6 at 600) and start on
the dot grid, so every bar prints the same width; quiet zones stay inside the label.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from loket.core.labels.paper import LABEL_PADDING_MM, MIN_MODULE_MM, LabelSheetPaper, PlacedLabel
from loket.documents.kit.barcodes import (
    DEFAULT_QUIET_ZONE_MODULES,
    code128_pattern,
    draw_code128,
    text_band,
)
from loket.documents.kit.fonts import SANS, SANS_BOLD, register_fonts
from loket.documents.kit.layout import CREATOR
from loket.documents.kit.output import atomic_write_pdf

PAGE_WIDTH, PAGE_HEIGHT = A4
DOT = 72 / 600  # one dot of a 600 dpi printer, in points (two of them make a 300 dpi dot)
#: Module widths tried, widest first: 4 and 3 dots at 300 dpi (0.339 and 0.254 mm).
MODULE_WIDTHS = (8 * DOT, 6 * DOT)
MAX_BAR_HEIGHT = 15 * mm
MIN_BAR_HEIGHT = 8 * mm
NAME_SIZES = (8.5, 11.0)  # a taller label gets a bigger name, within these
SMALLEST_NAME_SIZE = 7.0
NAME_GAP = 0.8 * mm  # between the name and the bars
PADDING = LABEL_PADDING_MM * mm
QUIET = DEFAULT_QUIET_ZONE_MODULES
OUTLINE = colors.HexColor("#8A8A8A")


def name_size(label_height: float) -> float:
    smallest, largest = NAME_SIZES
    return min(largest, max(smallest, label_height / mm * 0.28))


def fit_name(name: str, width: float, largest: float = NAME_SIZES[0]) -> tuple[str, float]:
    """The name at `largest`, smaller down to SMALLEST_NAME_SIZE, then cut with "…"."""
    name = " ".join(name.split()) or "-"
    if stringWidth(name, SANS_BOLD, largest) <= width:
        return name, largest
    size = max(SMALLEST_NAME_SIZE, largest * width / stringWidth(name, SANS_BOLD, largest))
    if stringWidth(name, SANS_BOLD, size) <= width:
        return name, size
    while len(name) > 1 and stringWidth(name + "…", SANS_BOLD, size) > width:
        name = name[:-1].rstrip()
    return name + "…", size


def module_width(nik: str, label_width: float) -> float:
    """The widest module that keeps the symbol and its quiet zones inside the padded label."""
    modules = len(code128_pattern(nik)) + 2 * QUIET
    for candidate in MODULE_WIDTHS:
        if modules * candidate <= label_width - 2 * PADDING:
            return candidate
    raise ValueError(
        f"label {label_width / mm:.1f} mm is too narrow for {nik} at {MIN_MODULE_MM} mm a module"
    )


def label_box(paper: LabelSheetPaper, label: PlacedLabel) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the label in points, y from the bottom of the page."""
    width, height = paper.label_width_mm * mm, paper.label_height_mm * mm
    return label.left_mm * mm, PAGE_HEIGHT - label.top_mm * mm - height, width, height


def _draw_label(canvas: Canvas, paper: LabelSheetPaper, label: PlacedLabel) -> None:
    x, y, width, height = label_box(paper, label)
    canvas.saveState()
    if paper.outlines:
        canvas.setStrokeColor(OUTLINE)
        canvas.setLineWidth(0.4)
        canvas.rect(x, y, width, height, stroke=1, fill=0)
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)  # belt and braces: nothing may reach a neighbour
    module = module_width(label.nik, width)
    symbol_width = (len(code128_pattern(label.nik)) + 2 * QUIET) * module
    name, size = fit_name(label.name, width - 2 * PADDING, name_size(height))
    name_band = size * 1.15
    digits = text_band(module)
    bars = min(MAX_BAR_HEIGHT, height - 2 * PADDING - name_band - NAME_GAP - digits)
    if bars < MIN_BAR_HEIGHT - 0.01:
        raise ValueError(f"label {height / mm:.1f} mm is too short for the bars")
    block = name_band + NAME_GAP + bars + digits
    bottom = y + (height - block) / 2  # the block centred: the top row often prints short
    left = round((x + (width - symbol_width) / 2) / DOT) * DOT  # bars on the printer's grid
    draw_code128(
        canvas,
        label.nik,
        left,
        bottom,
        module_width=module,
        height=bars,
        quiet_zone_modules=QUIET,
    )
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawCentredString(x + width / 2, bottom + digits + bars + NAME_GAP + size * 0.22, name)
    canvas.restoreState()


def _draw(out: BinaryIO, paper: LabelSheetPaper) -> None:
    register_fonts()
    canvas = Canvas(out, pagesize=A4, initialFontName=SANS, lang="id-ID")
    canvas.setTitle(paper.title)
    canvas.setAuthor(paper.author)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    canvas.setSubject(paper.layout_title)
    for page in range(max(1, paper.pages)):
        for label in paper.labels:
            if label.page == page:
                _draw_label(canvas, paper, label)
        canvas.showPage()
    canvas.save()


def write_label_sheet(paper: LabelSheetPaper, path: Path) -> Path:
    """Writes the sheets to `path` atomically and returns it; a NIK that cannot fit is refused
    before anything is written."""
    width = paper.label_width_mm * mm
    for label in paper.labels:
        module_width(label.nik, width)
    return atomic_write_pdf(path, lambda out: _draw(out, paper))
