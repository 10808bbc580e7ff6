"""The tanda terima on A4 paper: two A5 halves, the resident's and the archive's, cut apart.

Both halves carry the same content; the type shrinks a step at a time only when a long
address or many documents would not fit the half. The barcode keeps its size.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from loket.core.handover.paper import ReceiptSlip, resident_copy
from loket.documents.handover.receipt_marks import draw_copy_mark, draw_void_mark, void_banner
from loket.documents.handover.receipt_parts import (
    TITLE,
    CompactKop,
    SlipStyles,
    draw_laid,
    fields_table,
    lay_out,
    signature_blocks,
    slip_styles,
    start_canvas,
)
from loket.documents.handover.receipt_text import Cell, Grid, Row, Text
from loket.documents.kit.barcodes import Code128Flowable, code128_width
from loket.documents.kit.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD

PAGE_WIDTH, PAGE_HEIGHT = A4
HALF_HEIGHT = PAGE_HEIGHT / 2
SIDE_MARGIN = 14 * mm
TOP_MARGIN = 6 * mm
BOTTOM_MARGIN = 7 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
MODULE_WIDTH = 0.3 * mm
BAR_HEIGHT = 10 * mm
QUIET_ZONE_MODULES = 10
LOGO_SPACE = 3.4 * cm  # the kop's emblem space; the SALINAN mark sits in the right one
HALVES = ("Lembar untuk warga", "Lembar arsip kelurahan")
CUT_HINT = "potong di sini"
LABEL_LINE = 11  # points above the kop for "Lembar untuk warga"
_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7)


def _styles(scale: float) -> SlipStyles:
    return slip_styles(SERIF, SERIF_BOLD, 10 * scale, 13.5 * scale)


def _title_row(slip: ReceiptSlip, styles: SlipStyles) -> Grid:
    """Title and number on the left, the number's barcode on the right."""
    barcode = Code128Flowable(
        slip.receipt_number, MODULE_WIDTH, BAR_HEIGHT, quiet_zone_modules=QUIET_ZONE_MODULES
    )
    barcode_width = code128_width(slip.receipt_number, MODULE_WIDTH, QUIET_ZONE_MODULES)
    number = Text([("Nomor: ", styles.font), (slip.receipt_number, styles.bold)], styles.value)
    left = CONTENT_WIDTH - barcode_width
    return Grid(
        [
            Row(
                (
                    Cell(0, left, [Text(TITLE, styles.title), number], middle=True),
                    Cell(left, barcode_width, [barcode], align="right", middle=True),
                )
            )
        ],
        CONTENT_WIDTH,
    )


def _parts(slip: ReceiptSlip, scale: float) -> tuple[list[Flowable], list[Flowable]]:
    """(kop, title and barcode; the fields and signatures): the void mark crosses the second."""
    styles = _styles(scale)
    kop = CompactKop(
        slip,
        headings=((SERIF_BOLD, 10 * scale), (SERIF_BOLD, 10 * scale), (SERIF_BOLD, 12.5 * scale)),
        address=(SERIF, 8 * scale),
        logo_space=LOGO_SPACE,
    )
    header: list[Flowable] = [kop, Spacer(1, 2.5 * mm * scale), _title_row(slip, styles)]
    if slip.void_text.strip():
        header += [Spacer(1, 2 * mm * scale), void_banner(slip.void_text, styles.banner)]
    body: list[Flowable] = [
        Spacer(1, 2.5 * mm * scale),
        fields_table(slip, styles, CONTENT_WIDTH, 38 * mm, 1.4 * scale),
        Spacer(1, 3 * mm * scale),
        signature_blocks(slip, styles, CONTENT_WIDTH, max(10 * mm, 15 * mm * scale)),
    ]
    return header, body


def _sheet_label(canvas: Any, text: str, top: float) -> None:
    canvas.setFont(SANS_BOLD, 8)
    canvas.drawRightString(PAGE_WIDTH - SIDE_MARGIN, top - 8, text)


def _draw_half(canvas: Any, slip: ReceiptSlip, sheet_label: str, bottom: float) -> None:
    top = bottom + HALF_HEIGHT - TOP_MARGIN
    content_top = top - LABEL_LINE
    room = content_top - (bottom + BOTTOM_MARGIN)
    _sheet_label(canvas, sheet_label, top)
    for scale in _SCALES:  # each size laid out once; the first that fits is drawn as laid out
        header, body = _parts(slip, scale)
        laid_header = lay_out(header, CONTENT_WIDTH, canvas)
        laid_body = lay_out(body, CONTENT_WIDTH, canvas)
        if laid_header.height + laid_body.height <= room:
            body_top = draw_laid(canvas, laid_header, SIDE_MARGIN, content_top)
            body_bottom = draw_laid(canvas, laid_body, SIDE_MARGIN, body_top)
            break
    else:
        # Never met on real data: squeezed rather than cut off, the void mark across it all.
        squeezed = KeepInFrame(CONTENT_WIDTH, room, [*header, *body], mode="shrink")
        body_top = content_top
        body_bottom = draw_laid(
            canvas, lay_out([squeezed], CONTENT_WIDTH, canvas), SIDE_MARGIN, content_top
        )
    if slip.copy_label.strip():
        draw_copy_mark(
            canvas,
            slip.copy_label,
            PAGE_WIDTH - SIDE_MARGIN,
            content_top - 1 * mm,
            15,
            LOGO_SPACE - 2 * mm,
        )
    if slip.void_text.strip():
        draw_void_mark(canvas, SIDE_MARGIN, body_bottom, CONTENT_WIDTH, body_top - body_bottom)


def _draw_scissors(canvas: Any, x: float, y: float) -> None:
    """Two finger loops and crossed blades pointing along the cut (no font has the glyph)."""
    canvas.saveState()
    canvas.setLineWidth(0.6)
    r = 1.0 * mm
    canvas.circle(x, y + 1.5 * mm, r, stroke=1, fill=0)
    canvas.circle(x, y - 1.5 * mm, r, stroke=1, fill=0)
    canvas.line(x + 0.8 * mm, y + 0.9 * mm, x + 6.5 * mm, y - 0.7 * mm)
    canvas.line(x + 0.8 * mm, y - 0.9 * mm, x + 6.5 * mm, y + 0.7 * mm)
    canvas.restoreState()


def _draw_cut_line(canvas: Any) -> None:
    y = HALF_HEIGHT
    hint_width = canvas.stringWidth(CUT_HINT, SANS, 7)
    gap_left = PAGE_WIDTH / 2 - hint_width / 2 - 2 * mm
    gap_right = PAGE_WIDTH / 2 + hint_width / 2 + 2 * mm
    canvas.saveState()
    canvas.setStrokeColorRGB(0.35, 0.35, 0.35)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    _draw_scissors(canvas, 6 * mm, y)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    canvas.line(14 * mm, y, gap_left, y)
    canvas.line(gap_right, y, PAGE_WIDTH - 6 * mm, y)
    canvas.setFont(SANS, 7)
    canvas.drawCentredString(PAGE_WIDTH / 2, y - 2.4, CUT_HINT)
    canvas.restoreState()


def draw_a5_sheet(out: BinaryIO, slip: ReceiptSlip) -> None:
    canvas = start_canvas(out, A4, slip)
    canvas.setFont(SANS_BOLD, 8)
    _draw_half(canvas, resident_copy(slip), HALVES[0], HALF_HEIGHT)
    _draw_half(canvas, slip, HALVES[1], 0)
    _draw_cut_line(canvas)
    canvas.showPage()
    canvas.save()
