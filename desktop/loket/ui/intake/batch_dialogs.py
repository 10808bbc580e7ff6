"""Opening a batch (covering letter and list, with a row-by-row preview) and closing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import writing
from loket.core.intake import batches, closing
from loket.core.intake.batches import BatchInfo, ImportPlan
from loket.core.intake.closing import ClosedBatch, Discrepancies
from loket.core.manifest.model import RowStatus
from loket.core.manifest.progress import progress_text
from loket.core.manifest.reader import read_manifest
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.file_dialogs import choose_file_to_open
from loket.ui.kit.table_model import TextRow, TextRowsModel, text_rows
from loket.ui.kit.widgets import RowsInSightFitTheirText, date_field, list_table
from loket.ui.kit.work_dialog import WorkDialog

_REFUSED_BG = "#fbe3e1"
_SKIPPED_BG = "#f1f3f5"


def _confirm_shortcuts(dialog: QDialog, accept: QPushButton) -> None:
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, activated=accept.click)


def _preview_rows(plan: ImportPlan) -> list[TextRow]:
    """Each row of the list as it will be imported, refused or skipped, and its colour."""
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
    return text_rows(lines, colours)


class NewBatchDialog(WorkDialog):
    """Covering letter number and date, courier, and optionally the kecamatan's list."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._plan: ImportPlan | None = None
        self.created: BatchInfo | None = None
        self.setWindowTitle(_("Kiriman baru dari kecamatan"))
        self.setMinimumSize(860, 600)

        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText(_("mis. 470/112/XI/2026"))
        self.letter_date = date_field(self, dt.date.today(), "dd MMMM yyyy")
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
        self.preview = list_table(self, self.preview_model, (3,), alternating=False, one_row=False)
        # A refusal's reason is read whole, however many lines it takes.
        RowsInSightFitTheirText(self.preview)
        self.preview.hide()

        self.accept_button = QPushButton(_("Buat kiriman (Ctrl+Enter)"), self)
        self.accept_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.working)  # under the list's row, where the eye is after choosing
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addStretch(0)  # the room the preview takes once shown
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
        path = choose_file_to_open(
            self,
            _("Pilih daftar kiriman"),
            Path.home(),
            _("Daftar kiriman (*.csv *.xlsx *.txt);;Semua berkas (*)"),
        )
        if path is not None:
            self.load_manifest(path)

    def load_manifest(self, path: Path) -> None:
        """Reads the list on the worker and shows row by row what will be imported and what
        is refused (a list of 20,000 rows takes seconds: the dialog says it is reading)."""
        database, working = self._context.database, self.working

        def read() -> tuple[ImportPlan, list[TextRow]]:
            report = read_manifest(
                path,
                progress=lambda told: working.tell(
                    progress_text(path.name, told), told.done, told.total or 0
                ),
            )
            working.tell(
                _("Membandingkan daftar {name} dengan kartu di loket…").format(name=path.name)
            )
            plan = batches.plan_import(database, report)
            return plan, _preview_rows(plan)  # 20,000 lines of text: not on the window

        def refused(message: str) -> None:
            self._clear_file()
            self.error.show_error(message)

        def planned(read: tuple[ImportPlan, list[TextRow]]) -> None:
            self._plan, rows = read
            self.file_label.setText(path.name)
            self.clear_file.setEnabled(True)
            self._fill_preview(self._plan, rows)

        self.run_work(
            read,
            planned,
            working=_("Membaca daftar {name}…").format(name=path.name),
            buttons=(self.choose_file, self.clear_file, self.accept_button),
            refused=refused,
        )

    def _fill_preview(self, plan: ImportPlan, rows: list[TextRow]) -> None:
        self.preview_model.reset(rows)
        self.preview.show()
        refused = len(plan.report.refused) + len(plan.conflicts)
        text = _("{importable} kartu akan diimpor, {refused} baris ditolak.").format(
            importable=writing.figure(len(plan.entries)), refused=writing.figure(refused)
        )
        if plan.report.warnings:
            text += " " + " ".join(plan.report.warnings)
        if refused:
            text += " " + _("Baris yang ditolak tidak diimpor; perbaiki berkasnya bila perlu.")
        self.summary.setText(text)

    def forget(self) -> None:
        self._plan = None
        self.preview_model.set_rows([])

    def _clear_file(self) -> None:
        self._plan = None
        self.preview.hide()
        self.summary.setText("")
        self.clear_file.setEnabled(False)
        self.file_label.setText(_("Tanpa daftar: kartu yang dipindai menjadi daftarnya."))

    def _create(self) -> None:
        qdate = self.letter_date.date()
        database, staff = self._context.database, self._context.staff
        reference, courier = self.reference.text(), self.courier.text()
        letter_date = dt.date(qdate.year(), qdate.month(), qdate.day())
        report = self._plan.report if self._plan else None

        def created(info: BatchInfo) -> None:
            self.created = info
            self.accept()

        def refused(message: str) -> None:
            self.error.show_error(message)
            self.reference.setFocus()

        self.run_work(
            lambda: batches.open_batch(database, staff, reference, letter_date, courier, report),
            created,
            working=_("Mencatat kiriman…"),
            buttons=(self.choose_file, self.clear_file, self.accept_button),
            refused=refused,
        )


def _discrepancy_rows(found: Discrepancies) -> list[TextRow]:
    lines = (
        [(card, _("Tidak datang (ada di daftar)")) for card in found.missing]
        + [(card, _("Tambahan, disimpan")) for card in found.extra]
        + [(card, _("Tambahan, disisihkan")) for card in found.set_aside]
    )
    return text_rows([(card.nik, card.name or "—", note) for card, note in lines])


class CloseBatchDialog(WorkDialog):
    """Shows what is missing and extra, then closes the batch and writes the berita acara.

    Both are read and written on the worker: a batch of 20,000 cards with most of them missing
    takes a while, and the window keeps answering meanwhile.
    """

    def __init__(self, context: DeskContext, batch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._batch_id = batch_id
        self.closed: ClosedBatch | None = None
        self.found: Discrepancies | None = None
        self.setWindowTitle(_("Tutup kiriman"))
        self.setMinimumSize(760, 520)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("font-size: 12pt;")
        self.model = TextRowsModel([_("NIK"), _("Nama"), _("Keterangan")])
        self.table = list_table(self, self.model, (1,), alternating=False, one_row=False)
        self.table.hide()

        self.accept_button = QPushButton(
            _("Tutup kiriman dan buat berita acara (Ctrl+Enter)"), self
        )
        self.accept_button.setObjectName("primary")
        self.accept_button.setEnabled(False)  # until the discrepancies are on screen
        self.cancel_button = QPushButton(_("Kembali memindai (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.working)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self._close_batch)
        self.cancel_button.clicked.connect(self.reject)
        _confirm_shortcuts(self, self.accept_button)
        self.cancel_button.setFocus()
        database = context.database

        def find() -> tuple[Discrepancies, list[TextRow]]:
            found = closing.discrepancies(database, batch_id)
            return found, _discrepancy_rows(found)  # 19,800 lines of text: not on the window

        self.run_work(
            find,
            self._show_found,
            working=_("Memeriksa kartu yang tidak datang dan yang tambahan…"),
            buttons=(self.accept_button,),
        )

    def _show_found(self, found_and_rows: tuple[Discrepancies, list[TextRow]]) -> None:
        found, rows = found_and_rows
        self.found = found
        self.setWindowTitle(_("Tutup kiriman {reference}").format(reference=found.batch.reference))
        self.intro.setText(self._summary(found))
        self.model.reset(rows)
        self.table.setVisible(bool(rows))

    def forget(self) -> None:
        self.found = None
        self.model.set_rows([])

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

        if self.found is None:
            return
        context, batch_id = self._context, self._batch_id

        def closed(result: ClosedBatch) -> None:
            self.closed = result
            self.accept()

        self.run_work(
            lambda: closing.close_batch(
                context.database, context.staff, batch_id, context.data, write_batch_receipt_minutes
            ),
            closed,
            working=_("Menutup kiriman dan membuat berita acara…"),
            buttons=(self.accept_button, self.cancel_button),
        )
