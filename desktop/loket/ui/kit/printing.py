"""Printing a saved PDF: slips straight to the printer, A4 papers through a preview.

The PDF on disk is the document; printing only renders it (QtPdf) onto a QPrinter, at the
PDF's own size on a paper the printer's driver lists (`paper_for`), on the worker thread. A
missing or failing printer never undoes what was saved.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loket.core.settings.desk import load_desk_settings
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.tasks import TaskRunner

log = logging.getLogger(__name__)

MAX_RENDER_DPI = 300  # enough for text and barcodes; keeps an A4 page image near 35 MB
BAND_ROWS = 320  # of a page image drawn at once: an A4 page at 300 dpi in 11 bands


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


def render_pdf_to_printer(
    path: Path,
    printer: QPrinter,
    supported: Sequence[QPageSize] | None = None,
    tray: QPageSize | None = None,
) -> PrintResult:
    """Draws every page of the PDF on the printer at its own size, on the driver's paper.

    `supported` is the printer's paper sizes (its driver's list; a PDF printer has none),
    `tray` its default paper; both are asked of the printer when not given."""
    document = _load(path)
    if document is None:
        return PrintResult(
            PrintStatus.FAILED,
            _("Berkas {name} tidak bisa dibaca untuk dicetak.").format(name=path.name),
        )
    if supported is None:
        info = QPrinterInfo(printer)
        supported, tray = info.supportedPageSizes(), info.defaultPageSize()
    printer.setFullPage(True)
    printer.setDocName(path.stem)
    first = document.pagePointSize(0)
    printer.setPageLayout(_layout(paper_for(first, supported, tray)))
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
                printer.setPageLayout(_layout(paper_for(size, supported, tray)))
                printer.newPage()
            _draw_page(painter, printer, document, index, size)
    finally:
        painter.end()
    return PrintResult(PrintStatus.PRINTED, "")


def paper_for(
    page: QSizeF, supported: Sequence[QPageSize], tray: QPageSize | None = None
) -> QPageSize:
    """The paper to print a PDF page of `page` points on, from the printer's own list.

    A Windows printer driver is given a size it knows by its number (A4, A5, its "80 x 297 mm"
    roll); many drivers ignore a size they do not list and print on their default paper, at
    the wrong scale. So: the standard size the page is, when the printer lists it; else the
    printer's roll as wide as the page (within 3 mm) and at least as long; else the paper in
    its tray (`tray`, the driver's default) when the page fits on it, or the smallest listed
    paper it fits on (a thermal slip sent to the office laser: drawn at its size at the top
    of the A4); else the largest (the page shrunk to fit). A printer that lists nothing (a PDF
    printer) gets the page's own size.
    """
    own = QPageSize(page, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    if not supported:
        return own
    if own.id() != QPageSize.PageSizeId.Custom and any(s.id() == own.id() for s in supported):
        return own
    width, height = page.width(), page.height()
    tolerance = 3 * 72 / 25.4

    def points(size: QPageSize) -> QSizeF:
        return size.size(QPageSize.Unit.Point)

    rolls = [
        size
        for size in supported
        if abs(points(size).width() - width) <= tolerance and points(size).height() >= height - 1
    ]
    if rolls:
        return min(rolls, key=lambda size: points(size).height())
    fitting = [
        size
        for size in supported
        if points(size).width() >= width - 1 and points(size).height() >= height - 1
    ]
    if tray is not None and any(size.id() == tray.id() for size in fitting):
        return tray
    if fitting:
        return min(fitting, key=lambda size: points(size).width() * points(size).height())
    return max(supported, key=lambda size: points(size).width() * points(size).height())


def placed(page: QSizeF, paper: QRectF, dpi: float) -> QRectF:
    """Where a page of `page` points goes on `paper` (device pixels at `dpi`): at its own
    size in the top left corner, shrunk (never stretched) when the paper is smaller."""
    width, height = page.width() / 72 * dpi, page.height() / 72 * dpi
    scale = min(1.0, paper.width() / width, paper.height() / height)
    return QRectF(paper.left(), paper.top(), width * scale, height * scale)


def _layout(page: QPageSize) -> QPageLayout:
    orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _draw_page(
    painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int, size: QSizeF
) -> None:
    """Renders the page, then draws it in bands, so no single Qt call holds the interpreter long.

    Drawing a whole 300 dpi A4 image on a printer is one call that keeps Python's lock for
    about 170 ms, and the window's thread waits on that lock; a band takes a tenth of it.
    (Rendering in bands too would be shorter still, but QtPdf places clipped renders a few
    pixels off, which cuts through lines of text at the seams.)
    """
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
    image = document.render(index, pixels)
    target = placed(size, QRectF(painter.viewport()), printer.resolution())
    scale = target.height() / pixels.height()
    for top in range(0, pixels.height(), BAND_ROWS):
        rows = min(BAND_ROWS, pixels.height() - top)
        painter.drawImage(
            QRectF(target.left(), target.top() + top * scale, target.width(), rows * scale),
            image,
            QRectF(0, top, pixels.width(), rows),
        )


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


class PdfPreviewDialog(QDialog):
    """The saved PDF as it will print, page after page; Ctrl+P prints it, Esc closes.

    QPdfView draws only the pages in sight, so a paper of 845 pages opens as quickly and
    stays as small as one of 2. Printing runs on the worker (painting on a printer is allowed
    off the window's thread), page by page, while the dialog says how far it is.
    """

    def __init__(
        self,
        path: Path,
        document: QPdfDocument,
        printer_name: str,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._printer_name = printer_name
        self._tasks = tasks
        self._printing = False
        self.result_of_printing: PrintResult | None = None
        self.setWindowTitle(_("Pratinjau cetak — {name}").format(name=path.name))
        self.document = document
        # Asked once, now: the PDF library serves one thread at a time, and the view's own
        # renderer may be drawing a page when Ctrl+P is pressed.
        self.page_count = document.pageCount()
        self.view = QPdfView(self)
        self.view.setDocument(document)
        self.still = QLabel(self)  # in the pages' place while they go to the printer
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still.setStyleSheet("QLabel { font-size: 16pt; }")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.still)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel(
            _("{count} halaman · printer: {printer}").format(
                count=self.page_count, printer=printer_name or _("printer bawaan Windows")
            ),
            self,
        )
        self.status = QLabel(self)
        self.print_button = QPushButton(_("Ctrl+P  Cetak"), self)
        self.print_button.setObjectName("primary")
        self.close_button = QPushButton(_("Esc  Tutup tanpa mencetak"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.pages)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self.print_button.clicked.connect(self.print_now)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_now)
        self.print_button.setFocus()

    def print_now(self) -> None:
        if self._printing:
            return
        self._printing = True
        for button in (self.print_button, self.close_button):
            button.setEnabled(False)
        self.status.setText(_("Mencetak…"))
        self.still.setText(
            _("Mencetak {count} halaman ke {printer}…").format(
                count=self.page_count,
                printer=self._printer_name or _("printer bawaan Windows"),
            )
        )
        self.stack.setCurrentWidget(self.still)
        path, printer_name = self._path, self._printer_name

        def printed(result: PrintResult) -> None:
            self._printing = False
            self.result_of_printing = result
            self.accept()

        def failed(error: BaseException) -> None:
            self._printing = False
            self.result_of_printing = PrintResult(
                PrintStatus.FAILED,
                _("Gagal mencetak ({error}). Dokumen tetap tersimpan di {path}.").format(
                    error=error, path=path
                ),
            )
            self.accept()

        self._tasks.run(lambda: print_pdf(path, printer_name), printed, failed)

    def reject(self) -> None:
        if self._printing:
            return  # the pages are on their way to the printer: the answer comes first
        super().reject()


def preview_and_print(
    parent: QWidget | None, path: Path, printer_name: str, tasks: TaskRunner
) -> PrintResult:
    """A4 papers: the operator sees the pages first and prints from the preview."""
    if make_printer(printer_name) is None:
        return print_pdf(path, printer_name)  # says there is no printer, changes nothing
    document = _load(path)
    if document is None:
        return PrintResult(
            PrintStatus.FAILED,
            _("Berkas {name} tidak bisa dibaca untuk dicetak.").format(name=path.name),
        )
    dialog = PdfPreviewDialog(path, document, printer_name, tasks, parent)
    _fit_to_screen(dialog, parent)
    accepted = dialog.exec()
    result = dialog.result_of_printing
    shiboken6.delete(dialog)  # on the window's thread, never left to the collector
    if not accepted or result is None:
        return PrintResult(PrintStatus.CANCELLED, "")
    return result


def _fit_to_screen(dialog: QDialog, parent: QWidget | None) -> None:
    """Large enough to read the page: most of the screen."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        dialog.resize(round(area.width() * 0.9), round(area.height() * 0.9))


def offer_to_print(context: DeskContext, path: Path, parent: QWidget | None) -> None:
    """An A4 paper opens in the print preview at once; it is saved whatever the printer does."""
    printer = load_desk_settings(context.data.root).a4_printer
    result = preview_and_print(parent, path, printer, context.tasks)
    if result.status in (PrintStatus.NO_PRINTER, PrintStatus.FAILED):
        context.feedback.warning(_("Belum tercetak: {name}").format(name=path.name), result.message)
