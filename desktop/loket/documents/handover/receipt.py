"""Tanda terima KTP-el: the receipt given to whoever collects a card, in the desk's format.

"a5": one A4 sheet holding the resident's half and the archive's half, cut apart.
"thermal80": an 80 mm roll slip as long as its content. Both carry the receipt number
as Code 128 vector bars, embed their fonts, and are written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from loket.core.handover.paper import ReceiptSlip
from loket.documents.handover.receipt_a5 import draw_a5_sheet
from loket.documents.handover.receipt_thermal import (
    draw_thermal_slip,
    thermal_module_width,
    thermal_page_height,
)
from loket.documents.kit.barcodes import code128_pattern
from loket.documents.kit.output import atomic_write_pdf

__all__ = [
    "SLIP_FORMATS",
    "thermal_module_width",
    "thermal_page_height",
    "write_receipt",
    "write_receipt_a5",
    "write_receipt_thermal",
]

SLIP_FORMATS = ("a5", "thermal80")  # the values of the core's SlipFormat


def write_receipt_a5(slip: ReceiptSlip, path: Path) -> Path:
    """Writes the two-copy A4 sheet (resident's half on top, archive's below) to `path`."""
    code128_pattern(slip.receipt_number)  # refuse a number the barcode cannot carry, early

    def build(out: BinaryIO) -> None:
        draw_a5_sheet(out, slip)

    return atomic_write_pdf(path, build)


def write_receipt_thermal(slip: ReceiptSlip, path: Path) -> Path:
    """Writes the 80 mm thermal slip to `path`; its length follows its content."""
    code128_pattern(slip.receipt_number)

    def build(out: BinaryIO) -> None:
        draw_thermal_slip(out, slip)

    return atomic_write_pdf(path, build)


def write_receipt(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
    """Writes the receipt in `slip_format` ("a5" or "thermal80") to `path`; returns `path`."""
    value = str(getattr(slip_format, "value", slip_format))  # the SlipFormat enum or its value
    if value == "a5":
        return write_receipt_a5(slip, path)
    if value == "thermal80":
        return write_receipt_thermal(slip, path)
    raise ValueError(f"unknown receipt format {slip_format!r}; expected one of {SLIP_FORMATS}")
