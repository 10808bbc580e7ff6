"""Printing renders the saved PDF on a printer page of its own size; no printer is no loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.papers.paper import CardLine
from loket.documents.handover.receipt import write_receipt_a5, write_receipt_thermal
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintStatus, print_pdf, render_pdf_to_printer
from loket.ui.kit.tasks import TaskRunner
from tests.helpers.papers import kaligawe_minutes, owner_collects

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


def _page_image(path: Path, dpi: int = 100) -> QImage:
    document = QPdfDocument()
    document.load(str(path))
    size = document.pagePointSize(0)
    image = document.render(
        0, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
    )
    flat = QImage(image.size(), QImage.Format.Format_Grayscale8)
    flat.fill(0xFFFFFFFF)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def _row_darkness(image: QImage) -> list[int]:
    bits, stride = image.constBits(), image.bytesPerLine()
    return [
        sum(255 - bits[y * stride + x] for x in range(image.width())) for y in range(image.height())
    ]


def _best_shift(paper: list[int], page: list[int], top: int, bottom: int) -> int:
    """How many rows the printed stretch [top, bottom) sits below where the paper has it."""

    def mismatch(shift: int) -> int:
        return sum(abs(paper[y] - page[y + shift]) for y in range(top, bottom))

    return min(range(-8, 9), key=lambda shift: (mismatch(shift), abs(shift)))  # blank: 0


def test_the_printed_page_is_the_paper_without_seams(qapp, tmp_path: Path) -> None:
    """Drawn on the printer in bands (so the window keeps answering), every band where the
    paper has it: a band a few rows off would cut through a line of text at its seam."""
    minutes = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    printed = tmp_path / "printed.pdf"
    assert render_pdf_to_printer(minutes, pdf_printer(printed)).printed
    paper, page = _row_darkness(_page_image(minutes)), _row_darkness(_page_image(printed))
    band = round(printing.BAND_ROWS * 100 / printing.MAX_RENDER_DPI)  # rows at 100 dpi
    shifts = [
        _best_shift(paper, page, top, min(top + band, len(paper) - 8))
        for top in range(8, len(paper) - 8, band)
    ]
    assert len(shifts) > 5 and all(abs(shift) <= 1 for shift in shifts), f"{shifts}"


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
def test_ctrl_p_in_the_preview_prints_every_page_on_the_worker(
    qtbot: QtBot, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2,000 missing cards: the minutes and a lampiran of 17 pages.
    missing = tuple(CardLine(f"3374042606{n:06d}", f"WARGA NOMOR {n}") for n in range(2_000))
    long_paper = write_batch_receipt_minutes(
        kaligawe_minutes(missing=missing, expected=2_053), tmp_path / "ba.pdf"
    )
    printed = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "make_printer", lambda _name: pdf_printer(printed))
    results: list[printing.PrintResult] = []

    def press_ctrl_p() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, printing.PdfPreviewDialog)
        qtbot.waitExposed(dialog)
        qtbot.wait(100)  # its first painting, in the dialog's own event loop
        screen = QApplication.primaryScreen().availableGeometry()
        assert dialog.width() >= screen.width() * 0.8  # a page large enough to read
        assert dialog.view.pageMode() is QPdfView.PageMode.MultiPage  # drawn as scrolled to
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # ignored while printing: the answer first

    QTimer.singleShot(200, press_ctrl_p)
    results.append(printing.preview_and_print(None, long_paper, "", tasks))
    [result] = results
    assert result.printed, result.message
    assert len(PdfReader(printed).pages) == len(PdfReader(long_paper).pages) > 10


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_esc_in_the_preview_closes_it_without_printing(
    qtbot: QtBot, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slip_pdf = write_receipt_a5(owner_collects(), tmp_path / "slip.pdf")
    printed = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "make_printer", lambda _name: pdf_printer(printed))
    QTimer.singleShot(
        200, lambda: qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Escape)
    )
    result = printing.preview_and_print(None, slip_pdf, "", tasks)
    assert result.status is PrintStatus.CANCELLED
    assert not printed.exists()


# What Windows printer drivers list (QPrinterInfo.supportedPageSizes): a driver given a size
# it does not list prints on its default paper at the wrong scale, so the size is chosen from
# the driver's own list.
ID = QPageSize.PageSizeId
OFFICE_LASER = [QPageSize(ID.A4), QPageSize(ID.Letter), QPageSize(ID.A5), QPageSize(ID.Legal)]
NO_A5 = [QPageSize(ID.Letter), QPageSize(ID.A4), QPageSize(ID.Legal)]
THERMAL = [  # as Epson's and Xprinter's 80 mm drivers name their rolls
    QPageSize(QSizeF(58, 210), QPageSize.Unit.Millimeter, "58 x 210 mm"),
    QPageSize(QSizeF(80, 297), QPageSize.Unit.Millimeter, "Roll Paper 80 x 297 mm"),
    QPageSize(QSizeF(80, 3276), QPageSize.Unit.Millimeter, "Roll Paper 80 x 3276 mm"),
]
A4_POINTS, A5_POINTS = QSizeF(595.28, 841.89), QSizeF(419.53, 595.28)  # as reportlab writes them


def millimetres(size: QPageSize) -> tuple[int, int]:
    mm = size.size(QPageSize.Unit.Millimeter)
    return round(mm.width()), round(mm.height())


A4_TRAY, LETTER_TRAY = QPageSize(ID.A4), QPageSize(ID.Letter)


@pytest.mark.parametrize(
    ("page", "supported", "tray", "expected"),
    [
        (A5_POINTS, OFFICE_LASER, A4_TRAY, (148, 210)),  # the driver's own A5 (DMPAPER_A5)
        (A4_POINTS, OFFICE_LASER, LETTER_TRAY, (210, 297)),
        (A5_POINTS, NO_A5, A4_TRAY, (210, 297)),  # an A5 slip on the A4 in the tray, at the top
        (A5_POINTS, NO_A5, None, (216, 279)),  # no tray known: the smallest it fits on
        (QSizeF(80 * MM, 160 * MM), THERMAL, None, (80, 297)),  # the roll as wide, long enough
        (QSizeF(80 * MM, 400 * MM), THERMAL, None, (80, 3276)),
        (A4_POINTS, [LETTER_TRAY], LETTER_TRAY, (216, 279)),  # nothing fits: shrunk onto it
        (QSizeF(80 * MM, 160 * MM), [], None, (80, 160)),  # a PDF printer: the page's own size
    ],
)
def test_the_paper_is_one_the_printer_driver_lists(
    page: QSizeF, supported: list[QPageSize], tray: QPageSize | None, expected: tuple[int, int]
) -> None:
    assert millimetres(printing.paper_for(page, supported, tray)) == expected


def test_a_page_is_drawn_at_its_own_size_and_only_ever_shrunk() -> None:
    a4_paper = QRectF(0, 0, 210 / 25.4 * 600, 297 / 25.4 * 600)
    on_a4 = printing.placed(A5_POINTS, a4_paper, 600)
    assert (round(on_a4.width() / 600 * 25.4), round(on_a4.height() / 600 * 25.4)) == (148, 210)
    assert (on_a4.left(), on_a4.top()) == (0, 0)
    letter = QRectF(0, 0, 8.5 * 600, 11 * 600)
    shrunk = printing.placed(A4_POINTS, letter, 600)
    assert shrunk.height() == pytest.approx(letter.height())
    assert shrunk.width() / shrunk.height() == pytest.approx(210 / 297, rel=1e-3)


def test_a_thermal_slip_sent_to_an_office_laser_prints_at_its_size_on_the_a4_in_the_tray(
    qapp, tmp_path: Path
) -> None:
    slip_pdf = write_receipt_thermal(owner_collects(), tmp_path / "slip.pdf")
    printed = tmp_path / "printed.pdf"
    assert render_pdf_to_printer(slip_pdf, pdf_printer(printed), OFFICE_LASER, A4_TRAY).printed
    paper = PdfReader(printed).pages[0].mediabox
    assert (round(float(paper.width)), round(float(paper.height))) == (595, 842)
    image = _page_image(printed)
    slip_width = round(80 / 25.4 * 100)  # pixels at 100 dpi
    bits, stride = image.constBits(), image.bytesPerLine()
    right_of_slip = sum(
        255 - bits[y * stride + x]
        for y in range(image.height())
        for x in range(slip_width + 2, image.width())
    )
    assert right_of_slip == 0  # nothing stretched across the sheet
    assert sum(_row_darkness(image)[:50]) > 0  # the slip's top is at the top of the sheet
