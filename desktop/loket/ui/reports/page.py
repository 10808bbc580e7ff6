"""Laporan: the daily report and monthly recap (preview, print, export) and every earlier paper.

The reports are written and filed by core (`loket.core.reports`); this page only asks for
them, shows the A4 preview and tells where the PDF went. The finder lists the document
register; a receipt is reprinted through its own dialog (marked SALINAN), any other paper
is printed again from the PDF saved when it was made.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.core.clock import utc_now
from loket.core.handover import receipts
from loket.core.handover.handovers import HandoverInfo
from loket.core.indonesia import writing
from loket.core.papers import register
from loket.core.papers.kinds import PaperKind, kind_label
from loket.core.papers.register import DocumentEntry
from loket.core.settings.desk import load_desk_settings
from loket.datadir import saved_aside_message
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.handover.receipt_dialog import ReceiptDialog
from loket.ui.kit import printing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import on_enter
from loket.ui.kit.file_dialogs import choose_file_to_save
from loket.ui.kit.scanner import ScanEvent
from loket.ui.kit.widgets import date_field, key_button, list_table
from loket.ui.reports.documents_model import DocumentTableModel

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250  # typing pauses this long before the register is searched
_SECTION_STYLE = "QLabel { font-size: 13pt; font-weight: 600; color: #1f2933; }"
_MUTED_STYLE = "QLabel { color: #52606d; }"


def _indonesian_locale() -> QLocale:
    return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def _date_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    """A day, the Indonesian way; Tab leaves it for the next field (widgets.date_field)."""
    edit = date_field(parent, day)
    edit.setMinimumWidth(240)
    return edit


def _section(parent: QWidget, title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 10, 16, 12)
    layout.setSpacing(8)
    heading = QLabel(title, frame)
    heading.setStyleSheet(_SECTION_STYLE)
    layout.addWidget(heading)
    return frame, layout


def documents_folder() -> Path:
    """The user's Documents folder, where an export is offered first."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def export_error_text(error: BaseException) -> str:
    if isinstance(error, PermissionError):
        return _("Tidak ada izin menulis di folder itu. Pilih folder lain, misalnya Dokumen.")
    if isinstance(error, OSError):
        return _(
            "Berkas tidak bisa ditulis ({error}). Periksa foldernya dan sisa ruang disk, lalu "
            "coba lagi."
        ).format(error=error.strerror or error)
    if isinstance(error, LoketError):
        return error.message
    return _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log).")


class ReportsPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0  # results of an older search are dropped
        self.receipt_dialog: ReceiptDialog | None = None
        self.last_print: printing.PrintResult | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build()
        self._connect_signals()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        today = utc_now().astimezone(self._context.office.zone).date()
        title = QLabel(_("Laporan dan dokumen"), self)
        title.setObjectName("pageTitle")
        keys = QLabel(_("Enter: cetak ulang dokumen terpilih  ·  Ctrl+F: cari dokumen"), self)
        keys.setStyleSheet(_MUTED_STYLE)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(keys)

        reports, reports_layout = _section(self, _("Laporan"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.day_edit = _date_edit(reports, today)
        self.daily_button = key_button(
            self, "F6", _("Laporan harian: pratinjau & cetak"), self.print_daily, primary=True
        )
        self.daily_export_button = key_button(self, "F7", _("Ekspor XLSX"), self.export_daily)
        self.month_combo = QComboBox(reports)
        for month in range(1, 13):
            self.month_combo.addItem(writing.month_name(dt.date(2000, month, 1)), month)
        self.month_combo.setCurrentIndex(today.month - 1)
        self.year_spin = QSpinBox(reports)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.year_spin.setGroupSeparatorShown(False)
        month_row = QHBoxLayout()
        month_row.addWidget(self.month_combo, 2)
        month_row.addWidget(self.year_spin, 1)
        self.monthly_button = key_button(
            self, "F8", _("Rekap bulanan: pratinjau & cetak"), self.print_monthly, primary=True
        )
        self.monthly_export_button = key_button(self, "F10", _("Ekspor XLSX"), self.export_monthly)
        for button in (self.daily_button, self.monthly_button):
            button.setText(button.text().replace("&", "&&"))  # a literal "&", not a mnemonic
        grid.addWidget(QLabel(_("Tanggal"), reports), 0, 0)
        grid.addWidget(self.day_edit, 0, 1)
        grid.addWidget(self.daily_button, 0, 2)
        grid.addWidget(self.daily_export_button, 0, 3)
        grid.addWidget(QLabel(_("Bulan"), reports), 1, 0)
        grid.addLayout(month_row, 1, 1)
        grid.addWidget(self.monthly_button, 1, 2)
        grid.addWidget(self.monthly_export_button, 1, 3)
        self.destruction_button = key_button(
            self, "F4", _("Berita acara pemusnahan KTP lama…"), self.open_destruction
        )
        grid.addWidget(QLabel(_("KTP lama"), reports), 2, 0)
        grid.addWidget(self.destruction_button, 2, 2)
        grid.setColumnStretch(4, 1)
        reports_layout.addLayout(grid)

        finder, finder_layout = _section(self, _("Cari dokumen"))
        self.search_field = QLineEdit(finder)
        self.search_field.setPlaceholderText(
            _("Nomor atau judul: pindai tanda terima, ketik nomor berita acara…")
        )
        self.search_field.setClearButtonEnabled(True)
        self.day_filter = QCheckBox(_("Tanggal dibuat"), finder)
        self.filter_day_edit = _date_edit(finder, today)
        self.filter_day_edit.setEnabled(False)
        self.kind_combo = QComboBox(finder)
        self.kind_combo.addItem(_("Semua jenis"), "")
        for kind in PaperKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        filters = QHBoxLayout()
        filters.addWidget(self.search_field, 3)
        filters.addWidget(self.day_filter)
        filters.addWidget(self.filter_day_edit, 1)
        filters.addWidget(self.kind_combo, 1)

        self.model = DocumentTableModel(self._context.office.zone)
        self.table = list_table(finder, self.model, (2,))

        self.count_label = QLabel(finder)
        self.count_label.setStyleSheet(_MUTED_STYLE)
        self.reprint_button = QPushButton(_("Enter  Cetak ulang"), finder)
        self.reprint_button.setObjectName("primary")
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.folder_button = key_button(self, "F11", _("Buka folder"), self.open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.reprint_button)
        finder_layout.addLayout(filters)
        finder_layout.addWidget(self.table, 1)
        finder_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(reports)
        layout.addWidget(finder, 1)

    def _connect_signals(self) -> None:
        self._search_timer.timeout.connect(self.search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.day_filter.toggled.connect(self._day_filter_toggled)
        self.filter_day_edit.dateChanged.connect(lambda _date: self.search())
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.search())
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.table.doubleClicked.connect(lambda _index: self.reprint_selected())
        on_enter(self.table, self._enter_in_table)
        on_enter(self.search_field, self._enter_in_search)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

    # ------------------------------------------------------------ focus

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.search()  # papers made on other pages since

    def focus_first_field(self) -> None:
        self.day_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    focus_scan_field = focus_first_field  # the window may call either

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _focus_finder(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ finding papers

    @staticmethod
    def takes_scan(event: ScanEvent) -> bool:
        """A receipt's barcode is found here; a card's goes to the page that takes cards."""
        return receipts.is_receipt_number(event.text)

    def handle_scan(self, event: ScanEvent) -> None:
        """A scanned receipt barcode is looked up in the register."""
        self.search_field.setText(event.text)
        self.search(focus_table=True)

    def _day_filter_toggled(self, checked: bool) -> None:
        self.filter_day_edit.setEnabled(checked)
        self.search()

    def _enter_in_search(self) -> bool:
        self.search(focus_table=True)
        return True

    def _enter_in_table(self) -> bool:
        self.reprint_selected()
        return True

    def search(self, focus_table: bool = False) -> None:
        self._search_timer.stop()
        self._generation += 1
        generation = self._generation
        database, data = self._context.database, self._context.data
        zone = self._context.office.zone
        text = self.search_field.text()
        day = self.filter_day_edit.date().toPython() if self.day_filter.isChecked() else None
        kind = self.kind_combo.currentData() or None

        def found(entries: list[DocumentEntry]) -> None:
            if generation != self._generation:
                return
            self._show_entries(entries)
            if focus_table:
                self._focus_finder()

        self._context.tasks.run(
            lambda: register.find_documents(database, data, zone, text, day, kind),  # type: ignore[arg-type]
            found,
            lambda error: self._failed(error, _("Pencarian dokumen gagal")),
        )

    def _show_entries(self, entries: list[DocumentEntry]) -> None:
        self.model.set_entries(entries)
        if entries:
            self.table.selectRow(0)
        if len(entries) >= register.DEFAULT_LIMIT:
            text = _("{count} dokumen terbaru; persempit pencarian untuk yang lebih lama.")
        else:
            text = _("{count} dokumen")
        self.count_label.setText(text.format(count=len(entries)))

    def selected_entry(self) -> DocumentEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    # ------------------------------------------------------------ reprinting

    def reprint_selected(self) -> None:
        entry = self.selected_entry()
        feedback = self._context.feedback
        if entry is None:
            feedback.warning(_("Pilih dokumen dulu"), _("Cari lalu pilih dokumen di tabel."))
            self.focus_search()
        elif entry.kind == PaperKind.RECEIPT:
            database = self._context.database
            self._context.tasks.run(
                lambda: receipts.find_by_receipt(database, entry.number),
                self.show_receipt,
                lambda error: self._failed(error, _("Tanda terima tidak ditemukan")),
            )
        elif not entry.exists:
            feedback.error(
                _("Berkas tidak ada: {number}").format(number=entry.number or entry.title),
                _("PDF-nya sudah dihapus atau dipindahkan dari {path}.").format(path=entry.path),
            )
            self._focus_finder()
        else:
            database, data = self._context.database, self._context.data

            def opened(path: Path) -> None:
                self._preview(path, entry.title)
                self._focus_finder()

            # Written here first from the shared database when another desk made it.
            self._context.tasks.run(
                lambda: register.paper_on_this_desk(database, data, entry.id),
                opened,
                lambda error: self._failed(error, _("Dokumen tidak bisa dibuka")),
            )

    def show_receipt(self, info: HandoverInfo) -> None:
        """A receipt is reprinted through its own dialog, so the copy is marked SALINAN."""
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.dismiss()
        dialog = ReceiptDialog(self._context, info, self)
        dialog.finished.connect(lambda _result: self._after_receipt_dialog())
        self.receipt_dialog = dialog
        dialog.open()

    def _after_receipt_dialog(self) -> None:
        self.search()  # a copy made in the dialog is a new paper in the register
        self._focus_finder()

    def _preview(self, path: Path, title: str, aside: str = "") -> None:
        """Prints from the preview and says how it went; `aside` says why the paper has another
        name than usual (the earlier one is open in a PDF reader), which the banner keeps."""
        printer = load_desk_settings(self._context.data.root).a4_printer
        result = printing.preview_and_print(self, path, printer, self._context.tasks)
        self.last_print = result
        if aside:
            title = _("{title} disimpan dengan nama lain").format(title=title)
            detail = result.message if result.status is printing.PrintStatus.FAILED else ""
            self._context.feedback.warning(title, " ".join(filter(None, (aside, detail))))
        elif result.printed:
            self._context.feedback.ok(
                _("Dicetak: {title}").format(title=title), _("PDF: {path}").format(path=path)
            )
        elif result.status is printing.PrintStatus.CANCELLED:
            self._context.feedback.ok(
                _("Tersimpan: {title}").format(title=title),
                _("Belum dicetak. PDF: {path}").format(path=path),
            )
        else:
            self._context.feedback.warning(
                _("Belum tercetak: {title}").format(title=title), result.message
            )

    def open_folder(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.exists:
            database, data = self._context.database, self._context.data
            self._context.tasks.run(  # the paper in it, written here first if another desk made it
                lambda: register.paper_on_this_desk(database, data, entry.id),
                lambda path: self._open_folder(path.parent),
                lambda error: self._failed(error, _("Dokumen tidak bisa dibuka")),
            )
        else:
            self._open_folder(
                entry.path.parent if entry is not None else self._context.data.root / "documents"
            )

    def _open_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            self._context.feedback.error(
                _("Folder tidak ada"), _("Folder {path} tidak ditemukan.").format(path=folder)
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------ reports

    def open_destruction(self) -> None:
        from loket.ui.reports.destruction_dialog import open_destruction_dialog

        open_destruction_dialog(self._context, self, self.search)

    def chosen_day(self) -> dt.date:
        value: dt.date = self.day_edit.date().toPython()  # type: ignore[assignment]
        return value

    def chosen_month(self) -> tuple[int, int]:
        return self.year_spin.value(), int(self.month_combo.currentData())

    def _month_text(self) -> str:
        year, month = self.chosen_month()
        return f"{writing.month_name(dt.date(year, month, 1))} {year}"

    def print_daily(self) -> None:
        from loket.core.reports import saving

        context, day = self._context, self.chosen_day()
        title = _("Laporan harian {day}").format(day=writing.long_date(day))

        def save() -> Path:
            from loket.documents.reports.daily_report import write_daily_report

            return saving.save_daily_report(
                context.database, context.staff, context.data, day, write_daily_report
            )

        self._save_then_preview(save, title, saving.daily_report_name(day))

    def print_monthly(self) -> None:
        from loket.core.reports import saving

        context, (year, month) = self._context, self.chosen_month()
        title = _("Rekap bulanan {month}").format(month=self._month_text())

        def save() -> Path:
            from loket.documents.reports.monthly_recap import write_monthly_recap

            return saving.save_monthly_recap(
                context.database, context.staff, context.data, year, month, write_monthly_recap
            )

        self._save_then_preview(save, title, saving.monthly_recap_name(year, month))

    def _save_then_preview(self, save: Callable[[], Path], title: str, wanted: str) -> None:
        def saved(path: Path) -> None:
            # Another name when the earlier one is open in a PDF reader (Windows).
            aside = saved_aside_message(path.with_name(wanted), path) if path.name != wanted else ""
            self._preview(path, title, aside)
            self.search()
            self.focus_first_field()

        self._context.tasks.run(
            save,
            saved,
            lambda error: self._failed(error, _("{title} belum dibuat").format(title=title)),
        )

    def export_daily(self) -> None:
        from loket.core.reports import daily

        database, day = self._context.database, self.chosen_day()
        target = self._ask_target(f"laporan-harian-{day:%Y-%m-%d}.xlsx")
        if target is None:
            return

        def export() -> Path:
            from loket.documents.reports.xlsx_export import export_daily_xlsx

            return export_daily_xlsx(daily.daily_report(database, day), target)

        self._export(export, target)

    def export_monthly(self) -> None:
        from loket.core.reports import monthly

        database, (year, month) = self._context.database, self.chosen_month()
        target = self._ask_target(f"rekap-bulanan-{year:04d}-{month:02d}.xlsx")
        if target is None:
            return

        def export() -> Path:
            from loket.documents.reports.xlsx_export import export_monthly_xlsx

            return export_monthly_xlsx(monthly.monthly_recap(database, year, month), target)

        self._export(export, target)

    def _ask_target(self, default_name: str) -> Path | None:
        target = choose_file_to_save(
            self,
            _("Simpan sebagai XLSX"),
            documents_folder() / default_name,
            _("Buku kerja Excel (*.xlsx)"),
            "xlsx",
        )
        if target is None:
            self.focus_first_field()
        return target

    def _export(self, export: Callable[[], Path], target: Path) -> None:
        def done(path: Path) -> None:
            if path != target:  # the chosen file is open in Excel (Windows)
                self._context.feedback.warning(
                    _("Diekspor dengan nama lain"), saved_aside_message(target, path)
                )
            else:
                self._context.feedback.ok(_("Diekspor"), _("Berkas XLSX: {path}").format(path=path))
            self.focus_first_field()

        def failed(error: BaseException) -> None:
            if not isinstance(error, OSError | LoketError):
                log.error("export failed: %r", error)
            self._context.feedback.error(_("Ekspor gagal"), export_error_text(error))
            self.focus_first_field()

        self._context.tasks.run(export, done, failed)

    def _failed(self, error: BaseException, title: str) -> None:
        if isinstance(error, LoketError):
            self._context.feedback.error(title, error.message)
        else:
            self._context.feedback.error(
                title, _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log).")
            )
        self.focus_first_field()
