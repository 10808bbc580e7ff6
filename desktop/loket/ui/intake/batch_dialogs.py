"""Opening a batch (covering letter and list, with a row-by-row preview) and closing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import writing
from loket.core.intake import batches, closing
from loket.core.intake.batches import BatchInfo, ImportPlan
from loket.core.intake.closing import ClosedBatch, Discrepancies
from loket.core.manifest.model import RowStatus
from loket.core.manifest.reader import read_manifest
from loket.core.manifest.source import ManifestUnreadable
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.table_model import TextRowsModel

_REFUSED_BG = "#fbe3e1"
_SKIPPED_BG = "#f1f3f5"


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e; font-weight: 600;")
    label.hide()
    return label


def _table(parent: QWidget, model: TextRowsModel, stretch_column: int) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def _confirm_shortcuts(dialog: QDialog, accept: QPushButton) -> None:
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, activated=accept.click)


class NewBatchDialog(QDialog):
    """Covering letter number and date, courier, and optionally the kecamatan's list."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._plan: ImportPlan | None = None
        self.created: BatchInfo | None = None
        self.setWindowTitle(_("Kiriman baru dari kecamatan"))
        self.setMinimumSize(860, 600)

        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText(_("mis. 470/112/XI/2026"))
        self.letter_date = QDateEdit(self)
        self.letter_date.setCalendarPopup(True)
        self.letter_date.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.letter_date.setDisplayFormat("dd MMMM yyyy")
        self.letter_date.setDate(QDate.currentDate())
        self.letter_date.setMaximumDate(QDate.currentDate())
        self.courier = QLineEdit(self)
        self.courier.setPlaceholderText(_("nama petugas kecamatan yang mengantar"))
        self.file_label = QLabel(_("Tanpa daftar: kartu yang dipindai menjadi daftarnya."), self)
        self.file_label.setWordWrap(True)
        self.choose_file = QPushButton(_("Pilih berkas daftar (CSV/XLSX)…"), self)
        self.clear_file = QPushButton(_("Tanpa daftar"), self)
        self.clear_file.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_file)
        file_row.addWidget(self.clear_file)
        file_row.addWidget(self.file_label, 1)

        form = QFormLayout()
        form.addRow(_("Nomor surat pengantar *"), self.reference)
        form.addRow(_("Tanggal surat *"), self.letter_date)
        form.addRow(_("Diantar oleh"), self.courier)
        form.addRow(_("Daftar kiriman"), file_row)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.preview_model = TextRowsModel([_("Baris"), _("NIK"), _("Nama"), _("Hasil")])
        self.preview = _table(self, self.preview_model, 3)
        self.preview.hide()
        self.error = _error_label(self)

        self.accept_button = QPushButton(_("Buat kiriman (Ctrl+Enter)"), self)
        self.accept_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._connect_signals()
        self.reference.setFocus()

    def _connect_signals(self) -> None:
        self.choose_file.clicked.connect(self._choose_file)
        self.clear_file.clicked.connect(self._clear_file)
        self.accept_button.clicked.connect(self._create)
        self.cancel_button.clicked.connect(self.reject)
        _confirm_shortcuts(self, self.accept_button)

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Pilih daftar kiriman"),
            str(Path.home()),
            _("Daftar kiriman (*.csv *.xlsx *.txt);;Semua berkas (*)"),
        )
        if path:
            self.load_manifest(Path(path))

    def load_manifest(self, path: Path) -> None:
        """Reads the list and shows row by row what will be imported and what is refused."""
        self.error.hide()
        try:
            report = read_manifest(path)
        except ManifestUnreadable as unreadable:
            self._clear_file()
            self._show_error(unreadable.message)
            return
        self._plan = batches.plan_import(self._context.database, report)
        self.file_label.setText(path.name)
        self.clear_file.setEnabled(True)
        self._fill_preview(self._plan)

    def _fill_preview(self, plan: ImportPlan) -> None:
        conflicts = {c.row: c.reason for c in plan.conflicts}
        lines: list[tuple[str, ...]] = []
        colours: list[str] = []
        for row in plan.report.rows:
            if row.row in conflicts:
                status, reason = RowStatus.REFUSED, conflicts[row.row]
            else:
                status, reason = row.status, row.reason
            verdict = {
                RowStatus.IMPORTABLE: _("Diimpor"),
                RowStatus.REFUSED: _("Ditolak: {reason}"),
                RowStatus.SKIPPED: _("Dilewati: {reason}"),
            }[status].format(reason=reason)
            lines.append((str(row.row), row.value, row.name, verdict))
            colours.append(
                {RowStatus.REFUSED: _REFUSED_BG, RowStatus.SKIPPED: _SKIPPED_BG}.get(status, "")
            )
        self.preview_model.set_rows(lines, colours)
        self.preview.show()
        refused = len(plan.report.refused) + len(plan.conflicts)
        text = _("{importable} kartu akan diimpor, {refused} baris ditolak.").format(
            importable=len(plan.entries), refused=refused
        )
        if plan.report.warnings:
            text += " " + " ".join(plan.report.warnings)
        if refused:
            text += " " + _("Baris yang ditolak tidak diimpor; perbaiki berkasnya bila perlu.")
        self.summary.setText(text)

    def _clear_file(self) -> None:
        self._plan = None
        self.preview.hide()
        self.summary.setText("")
        self.clear_file.setEnabled(False)
        self.file_label.setText(_("Tanpa daftar: kartu yang dipindai menjadi daftarnya."))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _create(self) -> None:
        qdate = self.letter_date.date()
        try:
            self.created = batches.open_batch(
                self._context.database,
                self._context.staff,
                self.reference.text(),
                dt.date(qdate.year(), qdate.month(), qdate.day()),
                self.courier.text(),
                self._plan.report if self._plan else None,
            )
        except LoketError as refused:
            self._show_error(refused.message)
            self.reference.setFocus()
            return
        self.accept()


class CloseBatchDialog(QDialog):
    """Shows what is missing and extra, then closes the batch and writes the berita acara."""

    def __init__(self, context: DeskContext, batch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._batch_id = batch_id
        self.closed: ClosedBatch | None = None
        found = closing.discrepancies(context.database, batch_id)
        self.setWindowTitle(_("Tutup kiriman {reference}").format(reference=found.batch.reference))
        self.setMinimumSize(760, 520)

        intro = QLabel(self._summary(found), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 12pt;")
        self.model = TextRowsModel([_("NIK"), _("Nama"), _("Keterangan")])
        self.table = _table(self, self.model, 1)
        lines = (
            [(c, _("Tidak datang (ada di daftar)")) for c in found.missing]
            + [(c, _("Tambahan, disimpan")) for c in found.extra]
            + [(c, _("Tambahan, disisihkan")) for c in found.set_aside]
        )
        self.model.set_rows([(card.nik, card.name or "—", note) for card, note in lines])
        self.table.setVisible(bool(lines))
        self.error = _error_label(self)

        self.accept_button = QPushButton(
            _("Tutup kiriman dan buat berita acara (Ctrl+Enter)"), self
        )
        self.accept_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Kembali memindai (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self._close_batch)
        self.cancel_button.clicked.connect(self.reject)
        _confirm_shortcuts(self, self.accept_button)
        self.cancel_button.setFocus()

    @staticmethod
    def _summary(found: Discrepancies) -> str:
        counts = found.batch.counts
        words = writing.count_in_words
        if not found.batch.has_manifest:
            return _(
                "Kiriman ini tanpa daftar. Diterima: {received}. Setelah ditutup, tidak "
                "ada kartu yang bisa dipindai lagi ke kiriman ini."
            ).format(received=words(counts.received))
        text = _(
            "Menurut daftar: {expected}. Diterima: {received}. Tidak datang: {missing}. "
            "Tidak ada di daftar: {extra}."
        ).format(
            expected=words(counts.expected),
            received=words(counts.received),
            missing=words(counts.missing),
            extra=words(counts.extra),
        )
        if counts.missing:
            text += " " + _(
                "Periksa sekali lagi kotak kiriman sebelum menutup: kartu yang tidak "
                "datang akan dicatat di berita acara."
            )
        return text

    def _close_batch(self) -> None:
        from loket.documents.intake.berita_acara import write_batch_receipt_minutes

        context = self._context
        try:
            self.closed = closing.close_batch(
                context.database,
                context.staff,
                self._batch_id,
                context.data,
                write_batch_receipt_minutes,
            )
        except (LoketError, OSError) as failure:
            message = (
                failure.message
                if isinstance(failure, LoketError)
                else _(
                    "Berita acara tidak bisa disimpan ({error}). Kiriman belum ditutup; periksa "
                    "ruang disk dan folder data, lalu coba lagi."
                ).format(error=failure)
            )
            self.error.setText(message)
            self.error.show()
            return
        self.accept()
