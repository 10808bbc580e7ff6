"""The tanda terima on an 80 mm thermal roll: one column, the page as long as its content.

Thermal heads print 72 mm of the 80 mm paper at 203 dpi. The barcode's module is a whole
number of printer dots and its left edge sits on a dot, so every bar prints the same width.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from loket.core.handover.paper import ReceiptSlip, resident_copy
from loket.documents.handover.receipt_marks import CopyMark, draw_void_mark, void_banner
from loket.documents.handover.receipt_parts import (
    TITLE,
    CompactKop,
    Laid,
    draw_laid,
    fields_table,
    lay_out,
    signature_blocks,
    slip_styles,
    start_canvas,
)
from loket.documents.handover.receipt_text import Face, Text
from loket.documents.kit.barcodes import (
    DEFAULT_QUIET_ZONE_MODULES,
    code128_pattern,
    draw_code128,
    symbol_height,
)
from loket.documents.kit.fonts import SANS, SANS_BOLD

PAGE_WIDTH: float = 80 * mm
MARGIN: float = 4 * mm
PRINT_WIDTH: float = PAGE_WIDTH - 2 * MARGIN  # 72 mm
TOP_MARGIN: float = 3 * mm
BOTTOM_MARGIN: float = 6 * mm  # the printer feeds a little before the cutter anyway
PRINTER_DOT: float = 72 / 203  # one dot of a 203 dpi head, in points
MIN_MODULE_WIDTH: float = 0.25 * mm
BAR_HEIGHT: float = 10 * mm
QUIET_ZONE_MODULES = DEFAULT_QUIET_ZONE_MODULES
FONT_SIZE: float = 8.5


def thermal_module_width(receipt_number: str) -> float:
    """The module width (points) of the slip's barcode: the most whole dots that fit 72 mm.

    Two dots (0.25 mm) hold a 22-character receipt number with room to spare; a number too
    long even for that is squeezed to fit the print width (and reads less easily).
    """
    modules = len(code128_pattern(receipt_number)) + 2 * QUIET_ZONE_MODULES
    dots = int(PRINT_WIDTH / (modules * PRINTER_DOT))
    if dots * PRINTER_DOT >= MIN_MODULE_WIDTH:
        return dots * PRINTER_DOT
    return PRINT_WIDTH / modules


class _DotAlignedBarcode(Flowable):  # type: ignore[misc]
    """The receipt number's Code 128, centred, its left edge on the printer's dot grid."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self._value = value
        self._module = thermal_module_width(value)
        modules = len(code128_pattern(value)) + 2 * QUIET_ZONE_MODULES
        self._symbol_width = modules * self._module

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = symbol_height(BAR_HEIGHT, self._module)
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        left = round((x + (self.width - self._symbol_width) / 2) / PRINTER_DOT) * PRINTER_DOT
        draw_code128(
            canvas,
            self._value,
            left,
            y,
            module_width=self._module,
            height=BAR_HEIGHT,
            quiet_zone_modules=QUIET_ZONE_MODULES,
        )


def _parts(
    slip: ReceiptSlip, copy_for: str = ""
) -> tuple[list[Flowable], list[Flowable], list[Flowable]]:
    """(header, the fields, the signatures): the void mark crosses the last two. `copy_for`
    ("Lembar untuk warga") above the kop says whose copy it is."""
    styles = slip_styles(SANS, SANS_BOLD, FONT_SIZE, 11)
    kop = CompactKop(
        slip,
        headings=((SANS_BOLD, 8.5), (SANS_BOLD, 8.5), (SANS_BOLD, 10)),
        address=(SANS, 7.5),
        logo_space=0,
        rules=(1.2, 0.5),
    )
    label = [Text(copy_for, Face(SANS_BOLD, FONT_SIZE, FONT_SIZE * 1.2, centred=True))]
    header: list[Flowable] = [
        *([*label, Spacer(1, 1 * mm)] if copy_for else []),
        kop,
        Spacer(1, 2 * mm),
        Text(TITLE, Face(SANS_BOLD, 11, 13, centred=True)),
        Text([("Nomor: ", SANS), (slip.receipt_number, SANS_BOLD)], styles.centre),
    ]
    if slip.copy_label.strip():
        header += [Spacer(1, 1.5 * mm), CopyMark(slip.copy_label, 13)]
    if slip.void_text.strip():
        header += [Spacer(1, 1.5 * mm), void_banner(slip.void_text, styles.banner)]
    header += [Spacer(1, 2 * mm), _DotAlignedBarcode(slip.receipt_number), Spacer(1, 2 * mm)]
    fields: list[Flowable] = [fields_table(slip, styles, PRINT_WIDTH, 21 * mm, 1.6)]
    # Smaller type under the signatures: a NIP must fit half of 72 mm on one line.
    signature_styles = slip_styles(SANS, SANS_BOLD, 7.5, 11)
    signatures: list[Flowable] = [
        Spacer(1, 3 * mm),
        signature_blocks(slip, signature_styles, PRINT_WIDTH, 14 * mm, date_across=True, padding=0),
    ]
    return header, fields, signatures


#: Two slips, one page each (the printer cuts at the end of a page): the resident's, then the
#: office's, signed by whoever collected and kept in the archive.
COPIES = ("Lembar untuk warga", "Lembar arsip kelurahan")


def _laid_page(slip: ReceiptSlip, copy_for: str) -> tuple[Laid, Laid, Laid]:
    """The slip's three parts, each wrapped once at the print width."""
    header, fields, signatures = _parts(slip, copy_for)
    return (
        lay_out(header, PRINT_WIDTH),
        lay_out(fields, PRINT_WIDTH),
        lay_out(signatures, PRINT_WIDTH),
    )


def _page_height(laid: tuple[Laid, Laid, Laid]) -> float:
    return TOP_MARGIN + sum(part.height for part in laid) + BOTTOM_MARGIN


def thermal_page_height(slip: ReceiptSlip, copy_for: str = "") -> float:
    """The page length (points) the slip's content needs."""
    return _page_height(_laid_page(slip, copy_for))


def _draw_page(canvas: Any, slip: ReceiptSlip, laid: tuple[Laid, Laid, Laid]) -> None:
    height = _page_height(laid)
    canvas.setPageSize((PAGE_WIDTH, height))
    header, fields, signatures = laid
    y = draw_laid(canvas, header, MARGIN, height - TOP_MARGIN)
    fields_bottom = draw_laid(canvas, fields, MARGIN, y)
    bottom = draw_laid(canvas, signatures, MARGIN, fields_bottom)
    if slip.void_text.strip():
        draw_void_mark(canvas, MARGIN, bottom, PRINT_WIDTH, y - bottom)
    canvas.showPage()


def draw_thermal_slip(out: BinaryIO, slip: ReceiptSlip) -> None:
    """Both slips, each laid out once: measured for its page's length, then drawn as measured."""
    resident = resident_copy(slip)
    pages = [(resident, _laid_page(resident, COPIES[0])), (slip, _laid_page(slip, COPIES[1]))]
    canvas = start_canvas(out, (PAGE_WIDTH, _page_height(pages[0][1])), slip)
    for copy, laid in pages:
        _draw_page(canvas, copy, laid)
    canvas.save()
