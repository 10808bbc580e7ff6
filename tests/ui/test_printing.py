"""Printing renders the saved PDF on a printer page of its own size; no printer is no loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from loket.documents.receipt import write_receipt_a5, write_receipt_thermal
from loket.ui.printing import PrintStatus, print_pdf, render_pdf_to_printer
from tests.unit.test_documents_receipt import owner_collects

MM = 72 / 25.4


def pdf_printer(out: Path) -> QPrinter:
    """A printer that writes what it receives to a PDF file, so the test can measure it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


@pytest.mark.parametrize("writer", [write_receipt_thermal, write_receipt_a5])
def test_printed_page_has_the_pdfs_own_size(qapp, tmp_path: Path, writer) -> None:
    slip_pdf = writer(owner_collects(), tmp_path / "slip.pdf")
    printed = tmp_path / "printed.pdf"
    result = render_pdf_to_printer(slip_pdf, pdf_printer(printed))
    assert result.printed, result.message
    source = PdfReader(slip_pdf).pages[0].mediabox
    page = PdfReader(printed).pages[0].mediabox
    assert float(page.width) == pytest.approx(float(source.width), abs=1.5)
    assert float(page.height) == pytest.approx(float(source.height), abs=1.5)


def test_thermal_slip_prints_80_mm_wide(qapp, tmp_path: Path) -> None:
    slip_pdf = write_receipt_thermal(owner_collects(), tmp_path / "slip.pdf")
    printed = tmp_path / "printed.pdf"
    render_pdf_to_printer(slip_pdf, pdf_printer(printed))
    assert float(PdfReader(printed).pages[0].mediabox.width) == pytest.approx(80 * MM, abs=1.5)


def test_missing_printer_is_said_and_the_pdf_stays(qapp, tmp_path: Path) -> None:
    slip_pdf = write_receipt_thermal(owner_collects(), tmp_path / "slip.pdf")
    result = print_pdf(slip_pdf, "Printer Yang Tidak Ada")
    assert result.status is PrintStatus.NO_PRINTER
    assert "tetap tersimpan" in result.message and str(slip_pdf) in result.message
    assert slip_pdf.exists()


def test_unreadable_pdf_is_refused_with_a_message(qapp, tmp_path: Path) -> None:
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"bukan pdf")
    result = render_pdf_to_printer(broken, pdf_printer(tmp_path / "out.pdf"))
    assert result.status is PrintStatus.FAILED and "rusak.pdf" in result.message
