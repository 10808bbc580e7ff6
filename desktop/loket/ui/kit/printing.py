"""Printing a saved PDF: slips straight to the printer, A4 papers through a preview.

The PDF on disk is the document; printing only renders it (QtPdf) onto a QPrinter whose
page is the PDF's own size. A missing or failing printer never undoes what was saved.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import (
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QToolBar,
    QToolButton,
    QWidget,
)

from loket.core.settings.desk import load_desk_settings
from loket.i18n import _
from loket.ui.kit.context import DeskContext

log = logging.getLogger(__name__)

MAX_RENDER_DPI = 300  # enough for text and barcodes; keeps an A4 page image near 35 MB


class PrintStatus(enum.Enum):
    PRINTED = "printed"
    NO_PRINTER = "no_printer"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PrintResult:
    status: PrintStatus
    message: str  # Indonesian, for the banner ("" when printed)

    @property
    def printed(self) -> bool:
        return self.status is PrintStatus.PRINTED


def available_printers() -> list[str]:
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def make_printer(printer_name: str) -> QPrinter | None:
    """The named printer, the PC's default when the name is empty; None when there is none."""
    if printer_name:
        info = QPrinterInfo.printerInfo(printer_name)
        if info.isNull():
            return None
    else:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _load(path: Path) -> QPdfDocument | None:
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
        return None
    return document


def render_pdf_to_printer(path: Path, printer: QPrinter) -> PrintResult:
    """Draws every page of the PDF on the printer, each page as large as the PDF's page."""
    document = _load(path)
    if document is None:
        return PrintResult(
            PrintStatus.FAILED,
            _("Berkas {name} tidak bisa dibaca untuk dicetak.").format(name=path.name),
        )
    printer.setFullPage(True)
    printer.setDocName(path.stem)
    first = document.pagePointSize(0)
    printer.setPageLayout(_layout(first))
    painter = QPainter()
    if not painter.begin(printer):
        return PrintResult(
            PrintStatus.FAILED,
            _(
                "Printer {name} tidak bisa dipakai. Dokumen tetap tersimpan di {path}; periksa "
                "printernya lalu cetak ulang."
            ).format(name=printer.printerName(), path=path),
        )
    try:
        for index in range(document.pageCount()):
            size = document.pagePointSize(index)
            if index > 0:
                printer.setPageLayout(_layout(size))
                printer.newPage()
            _draw_page(painter, printer, document, index, size)
    finally:
        painter.end()
    return PrintResult(PrintStatus.PRINTED, "")


def _layout(size: QSizeF) -> QPageLayout:
    page = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _draw_page(
    painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int, size: QSizeF
) -> None:
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
    image = document.render(index, pixels)
    target = painter.viewport()
    painter.drawImage(target, image)


def print_pdf(path: Path, printer_name: str) -> PrintResult:
    """Straight to the printer, without a dialog (receipt slips)."""
    printer = make_printer(printer_name)
    if printer is None:
        return PrintResult(
            PrintStatus.NO_PRINTER,
            _(
                "Tidak ada printer{name}. Dokumen tetap tersimpan di {path}; pilih printer di "
                "Pengaturan lalu cetak ulang."
            ).format(name=f" “{printer_name}”" if printer_name else "", path=path),
        )
    try:
        return render_pdf_to_printer(path, printer)
    except Exception as error:  # a driver error must not undo the handover
        log.exception("printing %s failed", path)
        return PrintResult(
            PrintStatus.FAILED,
            _("Gagal mencetak ({error}). Dokumen tetap tersimpan di {path}.").format(
                error=error, path=path
            ),
        )


def preview_and_print(parent: QWidget | None, path: Path, printer_name: str) -> PrintResult:
    """A4 papers: the operator sees the pages first and prints from the preview."""
    printer = make_printer(printer_name)
    if printer is None:
        return print_pdf(path, printer_name)
    document = _load(path)
    if document is None:
        return render_pdf_to_printer(path, printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Pratinjau cetak — {name}").format(name=path.name))
    outcome: list[PrintResult] = []
    dialog.paintRequested.connect(
        lambda target: outcome.append(render_pdf_to_printer(path, target))
    )
    _fit_to_screen(dialog, parent)
    _add_print_key(dialog)
    accepted = dialog.exec()
    # Gone now, while its printer still lives (the dialog only borrows it).
    shiboken6.delete(dialog)
    if not accepted:
        return PrintResult(PrintStatus.CANCELLED, "")
    return outcome[-1] if outcome else PrintResult(PrintStatus.PRINTED, "")


def _fit_to_screen(dialog: QPrintPreviewDialog, parent: QWidget | None) -> None:
    """Large enough to read the page: Qt's own size shows an A4 page at about a third."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        dialog.resize(round(area.width() * 0.9), round(area.height() * 0.9))


def _add_print_key(dialog: QPrintPreviewDialog) -> None:
    """Ctrl+P prints to the chosen printer at once, without Qt's (English) printer dialog."""
    preview = dialog.findChild(QPrintPreviewWidget)
    toolbar = dialog.findChild(QToolBar)
    if preview is None or toolbar is None:
        return
    action = QAction(_("Ctrl+P  Cetak"), dialog)
    action.setShortcut(QKeySequence("Ctrl+P"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def print_now() -> None:
        preview.print_()
        dialog.accept()

    action.triggered.connect(print_now)
    toolbar.addSeparator()
    toolbar.addAction(action)
    button = toolbar.widgetForAction(action)
    if isinstance(button, QToolButton):
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)


def offer_to_print(context: DeskContext, path: Path, parent: QWidget | None) -> None:
    """An A4 paper opens in the print preview at once; it is saved whatever the printer does."""
    result = preview_and_print(parent, path, load_desk_settings(context.data.root).a4_printer)
    if result.status in (PrintStatus.NO_PRINTER, PrintStatus.FAILED):
        context.feedback.warning(_("Belum tercetak: {name}").format(name=path.name), result.message)
