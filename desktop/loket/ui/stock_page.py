"""Stok: every card in the office, filtered, searched as you type, sorted, exported to XLSX."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from loket.core import stock
from loket.core.cards import state_label
from loket.core.errors import LoketError
from loket.core.stock import StockFilter
from loket.db.models import CardState
from loket.i18n import _
from loket.ui.context import DeskContext
from loket.ui.reports_page import documents_folder, export_error_text
from loket.ui.scanner import ScanEvent
from loket.ui.stock_model import StockModel
from loket.ui.widgets import key_button

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250  # typing pauses this long before the stock is searched


class StockPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.last_export: Path | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        title = QLabel(_("Stok kartu"), self)
        title.setObjectName("pageTitle")
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(_("Pindai atau ketik NIK, atau ketik nama…"))
        self.search_field.setClearButtonEnabled(True)
        self.state_combo = QComboBox(self)
        self.state_combo.addItem(_("Semua status"), None)
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

        self.model = StockModel(self._context.database, self._context.office.zone)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures rows
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed widths that fit what the columns hold (measuring a million rows is not an option).
        for column, width in ((0, 170), (2, 80), (3, 160), (4, 210), (5, 150), (6, 175)):
            header.resizeSection(column, width)

        self.count_label = QLabel(self)
        self.export_button = key_button(self, "F6", _("Ekspor XLSX"), self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
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
        chosen = self.batch_combo.currentData()
        self.batch_combo.blockSignals(True)
        self.batch_combo.clear()
        self.batch_combo.addItem(_("Semua kiriman"), None)
        for batch in stock.batch_choices(self._context.database):
            self.batch_combo.addItem(batch.reference, batch.id)
        found = self.batch_combo.findData(chosen) if chosen is not None else 0
        self.batch_combo.setCurrentIndex(max(found, 0))
        self.batch_combo.blockSignals(False)

    def current_filter(self) -> StockFilter:
        state = self.state_combo.currentData()
        days = self.waiting_spin.value()
        return StockFilter(
            states=frozenset({state}) if state is not None else frozenset(),
            batch_id=self.batch_combo.currentData(),
            rw=self.rw_field.text(),
            rt=self.rt_field.text(),
            waiting_more_than_days=days if days > 0 else None,
            text=self.search_field.text(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        try:
            self.model.set_filter(self.current_filter())
        except Exception as error:  # the database gone away: say so, keep the page usable
            log.error("stock query failed: %r", error)
            self._context.feedback.error(
                _("Stok tidak bisa dibaca"),
                _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log)."),
            )
            return
        self.count_label.setText(_("{count} kartu").format(count=self.model.rowCount()))

    # ------------------------------------------------------------ export

    def export(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Simpan sebagai XLSX"),
            str(documents_folder() / "stok-kartu.xlsx"),
            _("Buku kerja Excel (*.xlsx)"),
        )
        if not chosen:
            self.focus_scan_field()
            return
        target = Path(chosen)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        """Writes the cards now shown, in the order shown, off the UI thread."""
        from loket.documents.stock_export import EXCEL_MAX_ROWS, export_stock_xlsx

        database, zone = self._context.database, self._context.office.zone
        stock_filter, sort = self.model.stock_filter, self.model.stock_sort
        today = self.model.today
        title = _("Stok kartu KTP-el — {office}").format(office=self._context.office.place_name)

        def write() -> int:
            references = {b.id: b.reference for b in stock.batch_choices(database)}
            cards = stock.iter_cards(
                database, stock_filter, sort, zone=zone, today=today, limit=EXCEL_MAX_ROWS
            )
            return export_stock_xlsx(
                cards,
                references,
                target,
                zone,
                title,
                lambda card: stock.waited_working_days(card, today, zone),
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
