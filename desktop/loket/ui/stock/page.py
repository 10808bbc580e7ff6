"""Stok: every card in the office, filtered, searched as you type, sorted, exported to XLSX;
call lists of cards waiting too long, and barcode labels for the rows picked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.core import following
from loket.core.cards import state_label
from loket.core.labels import sheets
from loket.core.stock import call_list, export, queries
from loket.core.stock.call_list import CallList
from loket.core.stock.paper import EXCEL_MAX_ROWS
from loket.core.stock.queries import StockFilter
from loket.domain.errors import LoketError
from loket.domain.states import HELD_STATES, CardState
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import ask
from loket.ui.kit.file_dialogs import choose_file_to_save
from loket.ui.kit.following import Follower
from loket.ui.kit.scanner import ScanEvent
from loket.ui.kit.widgets import key_button, list_table
from loket.ui.reports.page import documents_folder, export_error_text
from loket.ui.stock.cards_model import StockModel

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250  # typing pauses this long before the stock is searched
MAX_LABEL_ROWS = 3_000  # 100 sheets; a whole batch is labelled from the intake page
DEFAULT_WAITING_DAYS = 10


_HELD = "held"  # the state choice that stands for every state in HELD_STATES


class StockPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.last_export: Path | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._keep_scroll: int | None = None  # where the table was before other desks' changes
        self._build()
        self._follower = Follower(self, context, self._ask_stamp, self._show_changes)
        self._connect_signals()

    def _build(self) -> None:
        title = QLabel(_("Stok kartu"), self)
        title.setObjectName("pageTitle")
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(_("Pindai atau ketik NIK, atau ketik nama…"))
        self.search_field.setClearButtonEnabled(True)
        self.state_combo = QComboBox(self)
        self.state_combo.addItem(_("Semua status"), None)
        # The stock the laporan harian and the rekap count: every card the office holds.
        self.state_combo.addItem(_("Di kantor (persediaan laporan)"), _HELD)
        for state in CardState:
            self.state_combo.addItem(state_label(state), state)
        self.batch_combo = QComboBox(self)
        self.rw_field = QLineEdit(self)
        self.rw_field.setPlaceholderText(_("RW"))
        self.rt_field = QLineEdit(self)
        self.rt_field.setPlaceholderText(_("RT"))
        for field in (self.rw_field, self.rt_field):
            field.setMaxLength(3)
            field.setFixedWidth(60)
        self.waiting_spin = QSpinBox(self)
        self.waiting_spin.setRange(0, 365)
        self.waiting_spin.setSpecialValueText(_("semua"))
        self.waiting_spin.setAccessibleName(_("Menunggu lebih dari N hari kerja"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_field, 3)
        filters.addWidget(self.state_combo, 1)
        filters.addWidget(self.batch_combo, 1)
        filters.addWidget(self.rw_field)
        filters.addWidget(self.rt_field)
        filters.addWidget(QLabel(_("Menunggu lebih dari"), self))
        filters.addWidget(self.waiting_spin)
        filters.addWidget(QLabel(_("hari kerja"), self))

        self.model = StockModel(self._context)
        # Fixed widths that fit what the columns hold (measuring a million rows is not an option).
        self.table = list_table(self, self.model, widths=(170, 0, 80, 160, 210, 150, 200))
        # Shift/Ctrl+click picks several cards, for one sheet of labels.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # No indicator first: enabling sorting sorts at once by it (NIK, descending by default).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        self.count_label = QLabel(self)
        self.export_button = key_button(self, "F6", _("Ekspor XLSX"), self.export)
        self.label_button = key_button(self, "Ctrl+L", _("Cetak label"), self.print_labels)
        self.call_list_button = key_button(
            self, "F8", _("Cetak daftar panggilan"), self.print_call_list
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.label_button)
        buttons.addWidget(self.call_list_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.model.counted.connect(self._show_count)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.rw_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.rt_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.state_combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.batch_combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.waiting_spin.valueChanged.connect(lambda _value: self._search_timer.start())
        self.search_field.returnPressed.connect(self.apply_filter)

    # ------------------------------------------------------------ focus

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._load_batches()
        self.apply_filter()  # cards received or handed over on other pages since
        self._follower.shown()

    def hideEvent(self, event: object) -> None:
        super().hideEvent(event)  # type: ignore[arg-type]
        self._follower.hidden()

    # ------------------------------------------------------------ other desks

    def _ask_stamp(self) -> Callable[[], int] | None:
        """Whether any desk changed the office since the rows shown were read; not while the
        clerk types a search or has rows picked (a refresh would move them under the mouse)."""
        if self.model.stamp is None or self._search_timer.isActive() or self.selected_count():
            return None
        database = self._context.database
        return lambda: following.office_stamp(database)

    def _show_changes(self, stamp: int) -> None:
        if self.model.stamp is None or stamp == self.model.stamp or self.selected_count():
            return
        self._keep_scroll = self.table.verticalScrollBar().value()
        self._load_batches()
        self.model.refresh()

    def focus_scan_field(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_field.selectAll()

    focus_first_field = focus_scan_field  # the window may call either

    def handle_scan(self, event: ScanEvent) -> None:
        """A scanned card: its NIK goes in the search box and the table shows it at once."""
        self.search_field.setText(event.text.strip())
        self.apply_filter()
        self.focus_scan_field()

    # ------------------------------------------------------------ filtering

    def _load_batches(self) -> None:
        database = self._context.database
        self._context.run(
            lambda: queries.batch_choices(database),
            self._show_batches,
            title=_("Daftar kiriman belum bisa dimuat"),
        )

    def _show_batches(self, choices: list[queries.BatchChoice]) -> None:
        chosen = self.batch_combo.currentData()
        self.batch_combo.blockSignals(True)
        self.batch_combo.clear()
        self.batch_combo.addItem(_("Semua kiriman"), None)
        for batch in choices:
            self.batch_combo.addItem(batch.reference, batch.id)
        found = self.batch_combo.findData(chosen) if chosen is not None else 0
        self.batch_combo.setCurrentIndex(max(found, 0))
        self.batch_combo.blockSignals(False)

    def current_filter(self) -> StockFilter:
        state = self.state_combo.currentData()
        days = self.waiting_spin.value()
        return StockFilter(
            states=frozenset(HELD_STATES if state == _HELD else () if state is None else {state}),
            batch_id=self.batch_combo.currentData(),
            rw=self.rw_field.text(),
            rt=self.rt_field.text(),
            waiting_more_than_days=days if days > 0 else None,
            text=self.search_field.text(),
        )

    def apply_filter(self) -> None:
        """Counts and lists the cards of the filter on the worker; the count comes when done."""
        self._search_timer.stop()
        self._keep_scroll = None  # a filter of the clerk's starts at the top
        self.model.set_filter(self.current_filter())

    def _show_count(self, count: int) -> None:
        self.count_label.setText(_("{count} kartu").format(count=count))
        if self._keep_scroll is not None:  # counted again for other desks: stay in place
            self.table.verticalScrollBar().setValue(self._keep_scroll)
            self._keep_scroll = None

    # ------------------------------------------------------------ export

    def export(self) -> None:
        target = choose_file_to_save(
            self,
            _("Simpan sebagai XLSX"),
            documents_folder() / "stok-kartu.xlsx",
            _("Buku kerja Excel (*.xlsx)"),
            "xlsx",
        )
        if target is None:
            self.focus_scan_field()
            return
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        """Writes the cards now shown, in the order shown, off the UI thread."""
        database, zone = self._context.database, self._context.office.zone
        stock_filter, sort = self.model.stock_filter, self.model.stock_sort
        today = self.model.today
        title = _("Stok kartu KTP-el — {office}").format(office=self._context.office.place_name)

        def write() -> int:
            from loket.documents.stock.stock_export import export_stock_xlsx

            return export.export_stock(
                database,
                stock_filter,
                sort,
                target,
                export_stock_xlsx,
                title=title,
                zone=zone,
                today=today,
                limit=EXCEL_MAX_ROWS,
            )

        def done(count: int) -> None:
            self.last_export = target
            self._context.feedback.ok(
                _("Diekspor: {count} kartu").format(count=count),
                _("Berkas XLSX: {path}").format(path=target),
            )
            self.focus_scan_field()

        def failed(error: BaseException) -> None:
            if not isinstance(error, OSError | LoketError):
                log.error("stock export failed: %r", error)
            self._context.feedback.error(_("Ekspor gagal"), export_error_text(error))
            self.focus_scan_field()

        self._context.tasks.run(write, done, failed)

    # ------------------------------------------------------------ labels

    def selected_count(self) -> int:
        """Rows picked, counted from the ranges: Ctrl+A on a million rows costs nothing."""
        return sum(picked.height() for picked in self.table.selectionModel().selection())

    def selected_rows(self) -> list[int]:
        """The rows picked, top to bottom."""
        rows: set[int] = set()
        for picked in self.table.selectionModel().selection():
            rows.update(range(picked.top(), picked.bottom() + 1))
        return sorted(rows)

    def print_labels(self) -> None:
        """Ctrl+L: a sheet of NIK labels for the rows picked in the table."""
        from loket.ui.labels.dialog import print_labels

        feedback = self._context.feedback
        count = self.selected_count()
        if not count:
            feedback.warning(
                _("Pilih dulu kartunya"),
                _(
                    "Klik baris kartu di tabel (Shift+klik atau Ctrl+klik untuk beberapa kartu), "
                    "lalu tekan Ctrl+L."
                ),
            )
            self.focus_scan_field()
            return
        if count > MAX_LABEL_ROWS:
            feedback.warning(
                _("Terlalu banyak kartu dipilih"),
                _(
                    "Paling banyak {most} kartu sekali cetak. Untuk satu kiriman utuh, cetak "
                    "labelnya dari halaman Penerimaan."
                ).format(most=MAX_LABEL_ROWS),
            )
            self.focus_scan_field()
            return
        read_rows = self.model.rows_reader(self.selected_rows())
        database = self._context.database
        print_labels(
            self._context,
            self,
            lambda: sheets.selected_label_cards(database, [card.id for card in read_rows()]),
            self.focus_scan_field,
        )

    # ------------------------------------------------------------ call list

    def ask_waiting_days(self) -> int | None:
        """The page has no waiting filter: how long is too long, asked once."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Daftar panggilan"))
        dialog.setLabelText(
            _("Cantumkan kartu di loket yang menunggu lebih dari berapa hari kerja?")
        )
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(0, call_list.MAX_DAYS)
        dialog.setIntValue(DEFAULT_WAITING_DAYS)
        dialog.setOkButtonText(_("Buat daftar (Enter)"))
        dialog.setCancelButtonText(_("Batal (Esc)"))
        return dialog.intValue() if ask(dialog) else None

    def print_call_list(self) -> None:
        """F8: the cards waiting too long, by RW and RT, as the filters above say."""
        from loket.ui.kit.printing import offer_to_print

        shown = self.current_filter()
        days = shown.waiting_more_than_days
        if days is None:
            days = self.ask_waiting_days()
            if days is None:
                self.focus_scan_field()
                return
        context = self._context
        chosen_days = days

        def make() -> CallList | call_list.NothingToCall:
            from loket.documents.stock.call_list import write_call_list

            try:
                return call_list.make_call_list(
                    context.database,
                    context.data,
                    context.staff,
                    chosen_days,
                    write_call_list,
                    rw=shown.rw,
                    rt=shown.rt,
                )
            except call_list.NothingToCall as nothing:  # good news, said amber: no paper
                return nothing

        def done(result: CallList | call_list.NothingToCall) -> None:
            if isinstance(result, call_list.NothingToCall):
                context.feedback.warning(_("Daftar panggilan tidak dibuat"), result.message)
                return
            context.feedback.ok(
                _("Daftar panggilan dibuat: {text}").format(
                    text=call_list.call_list_result_text(result)
                ),
                _("Berkas: {path}").format(path=result.path),
            )
            offer_to_print(context, result.path, self)

        context.run(
            make,
            done,
            title=_("Daftar panggilan tidak dibuat"),
            then=self.focus_scan_field,
            working=_("Membuat daftar panggilan…"),
        )
