"""Printing renders the saved PDF on a printer page of its own size; no printer is no loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from loket.documents.handover.receipt import write_receipt_a5, write_receipt_thermal
from loket.ui.kit.printing import PrintStatus, print_pdf, render_pdf_to_printer
from tests.helpers.papers import owner_collects

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


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_ctrl_p_in_the_preview_prints_every_page_without_another_dialog(
    qapp, qtbot, tmp_path: Path
) -> None:
    import shiboken6
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication

    from loket.ui.kit.printing import _add_print_key, _fit_to_screen

    slip_pdf = write_receipt_a5(owner_collects(), tmp_path / "slip.pdf")
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(printed)
    dialog = QPrintPreviewDialog(printer)
    dialog.paintRequested.connect(lambda target: render_pdf_to_printer(slip_pdf, target))
    _fit_to_screen(dialog, None)
    _add_print_key(dialog)
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.width() >= screen.width() * 0.8

    def press() -> None:
        assert QApplication.activeModalWidget() is dialog
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(300, press)
    QTimer.singleShot(5000, dialog.reject)  # never hang: a dialog left open fails below
    assert dialog.exec() == 1
    shiboken6.delete(dialog)  # before the printer it borrows
    assert len(PdfReader(printed).pages) == len(PdfReader(slip_pdf).pages)
