"""Pengantaran: cards taken door to door by RW, and each card's outcome scanned when back.

The runs are listed above the cards of the chosen run. Scanning a card (or its barcode on the
run sheet) opens a panel beside the cards asking its outcome: 1 Diterima (who received it),
2 Tidak di rumah, 3 Pindah, 4 Menolak; Enter saves, Esc drops it unsaved.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from loket.core.delivery import outcomes, results
from loket.core.delivery import runs as delivery_runs
from loket.core.delivery.outcomes import DeliveryScan, LineInfo, OutcomeRefused, ScanKind
from loket.core.delivery.runs import RunSummary
from loket.core.handover import receipts
from loket.core.indonesia import writing
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.delivery.dialogs import NewRunDialog, OutcomePanel, confirm_close
from loket.ui.delivery.models import LinesModel, RunsModel
from loket.ui.kit.backups import back_up_after_closing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import ask
from loket.ui.kit.scanner import ScanEvent, ScanField
from loket.ui.kit.widgets import CountTile, key_button, list_table

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Loaded:
    runs: list[RunSummary]
    lines: list[LineInfo]
    run_id: int | None


@dataclass(frozen=True, slots=True)
class _Recorded:
    answer: DeliveryScan
    slip: Path | None
    slip_error: str


class DeliveryPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._run: RunSummary | None = None
        self._generation = 0  # answers to an older scan are dropped
        self._saving = False
        self._build()
        self._connect_signals()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel(_("Pengantaran KTP-el"), self)
        self.title.setObjectName("pageTitle")
        keys = QLabel(_("Pindai kartu  ·  1–4: hasil  ·  Enter: simpan  ·  Esc: batal"), self)
        keys.setStyleSheet("QLabel { color: #52606d; }")
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(keys)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.total = CountTile(_("Dibawa"), self)
        self.delivered = CountTile(_("Diterima"), self)
        self.not_delivered = CountTile(_("Kembali ke stok"), self)
        self.pending = CountTile(_("Belum dicatat"), self)
        self.scan_field = ScanField(self)
        counts = QHBoxLayout()  # the counts beside the scan field: room for the outcome panel
        counts.addWidget(self.scan_field, 1)
        for tile in (self.total, self.delivered, self.not_delivered, self.pending):
            tile.setMinimumWidth(120)
            counts.addWidget(tile)
        self.setStyleSheet(
            "QLabel.countValue { font-size: 17pt; } QLabel.countLabel { font-size: 9pt; }"
        )

        self.scan_field.setPlaceholderText(
            _("Pindai kartu atau barcode di daftar, atau ketik NIK lalu Enter")
        )
        self.panel = OutcomePanel(self)
        self.panel.hide()

        self.runs_model = RunsModel(self._context.office.zone)
        self.runs_table = list_table(
            self, self.runs_model, widths=(260, 230, 190, 70, 90, 140, 130, 0), alternating=False
        )
        self.runs_table.setAccessibleName(_("Daftar pengantaran"))
        self.runs_table.setMaximumHeight(150)
        self.lines_model = LinesModel()
        self.lines_table = list_table(
            self, self.lines_model, widths=(48, 178, 200, 50, 150, 200, 280, 0), alternating=False
        )
        self.lines_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.lines_table.setAccessibleName(_("Kartu dalam pengantaran"))
        self.panel.setFixedWidth(480)
        body = QHBoxLayout()
        body.setSpacing(10)
        body.addWidget(self.lines_table, 1)
        body.addWidget(self.panel)
        self.empty_hint = QLabel(
            _(
                "Belum ada pengantaran. Tekan F6 untuk memilih RW (dan RT) yang akan diantar "
                "serta petugas pengantarnya; daftar pengantaran langsung dicetak."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("QLabel { font-size: 14pt; color: #52606d; padding: 40px; }")

        self.new_button = key_button(self, "F6", _("Buat pengantaran baru"), self.new_run)
        self.choose_button = key_button(self, "F11", _("Pilih pengantaran"), self.focus_runs)
        self.print_button = key_button(self, "F8", _("Cetak daftar"), self.print_sheet)
        self.close_button = key_button(
            self, "F10", _("Tutup pengantaran"), self.close_run, primary=True
        )
        buttons = QHBoxLayout()
        for button in (self.new_button, self.choose_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.subtitle)
        layout.addLayout(counts)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.runs_table)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.runs_table.selectionModel().selectionChanged.connect(self._run_selected)
        self.runs_table.activated.connect(lambda _index: self.focus_scan_field())
        self.panel.confirm_requested.connect(self.save_outcome)
        self.panel.cancelled.connect(self.cancel_outcome)

    # ------------------------------------------------------------ focus and Esc

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()

    def focus_scan_field(self) -> None:
        if self.panel.isVisible():
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    focus_first_field = focus_scan_field  # the window may call either

    def focus_runs(self) -> None:
        """F11: arrows choose a run, Enter goes back to scanning."""
        self.runs_table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def event(self, event: QEvent) -> bool:
        # Esc drops the card being asked about; the window's own Esc only when there is none.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.panel.isVisible()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.panel.isVisible():
            self.cancel_outcome()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ runs

    @property
    def run(self) -> RunSummary | None:
        return self._run

    def refresh(self, run_id: int | None = None) -> None:
        """Reads the runs and the cards of the one shown (or `run_id`), off the UI thread."""
        database = self._context.database
        wanted = run_id if run_id is not None else (self._run.id if self._run else None)

        def load() -> _Loaded:
            runs = delivery_runs.list_runs(database)
            chosen = wanted if any(r.id == wanted for r in runs) else None
            if chosen is None and runs and runs[0].is_open:
                chosen = runs[0].id
            lines = outcomes.run_lines(database, chosen) if chosen is not None else []
            return _Loaded(runs, lines, chosen)

        self._context.tasks.run(load, self._loaded, self._failed)

    def _loaded(self, loaded: _Loaded) -> None:
        self.runs_model.reset(loaded.runs)
        run = next((r for r in loaded.runs if r.id == loaded.run_id), None)
        self._show_run(run, loaded.lines)
        if run is not None:
            self.runs_table.blockSignals(True)
            self.runs_table.selectRow(self.runs_model.row_of(run.id))
            self.runs_table.blockSignals(False)
        has_runs = bool(loaded.runs)
        self.empty_hint.setVisible(not has_runs)
        self.runs_table.setVisible(has_runs and not self.panel.isVisible())
        self.lines_table.setVisible(has_runs)
        if not self.runs_table.hasFocus():
            self.focus_scan_field()

    def _show_run(self, run: RunSummary | None, lines: list[LineInfo]) -> None:
        if self._run is None or run is None or run.id != self._run.id:
            self._drop_panel()
        self._run = run
        self.lines_model.reset(lines)
        for button in (self.print_button, self.close_button):
            button.setEnabled(run is not None)
        self.close_button.setEnabled(run is not None and run.is_open)
        self.scan_field.setEnabled(run is not None and run.is_open)
        if run is None:
            self.title.setText(_("Pengantaran KTP-el"))
            self.subtitle.setText(_("Pilih pengantaran di daftar kiri, atau tekan F6."))
            self._show_counts(delivery_runs.RunCounts(0, 0, 0, 0))
            return
        self.title.setText(_("Pengantaran {number}").format(number=run.number))
        zone = self._context.office.zone
        parts = [
            run.area,
            _("petugas {name}").format(name=run.courier_name),
            _("dibuat {when} oleh {staff}").format(
                when=writing.date_time(run.created_at, zone), staff=run.created_by
            ),
        ]
        if not run.is_open and run.closed_at is not None:
            parts.append(_("ditutup {when}").format(when=writing.date_time(run.closed_at, zone)))
        self.subtitle.setText(" · ".join(parts))
        self._show_counts(run.counts)

    def _show_counts(self, counts: delivery_runs.RunCounts) -> None:
        self.total.set_value(counts.total)
        self.delivered.set_value(counts.delivered)
        self.not_delivered.set_value(counts.not_delivered)
        self.pending.set_value(counts.pending)

    def _run_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        run = self.runs_model.at(indexes[0].row()) if indexes else None
        if run is not None and (self._run is None or run.id != self._run.id):
            self.refresh(run.id)

    def _counts_changed(self, counts: delivery_runs.RunCounts) -> None:
        if self._run is None:
            return
        self._run = dataclasses.replace(self._run, counts=counts)
        self.runs_model.upsert(self._run)
        self._show_counts(counts)

    # ------------------------------------------------------------ scans

    def handle_scan(self, event: ScanEvent) -> None:
        """A card (or its barcode on the run sheet): where it stands on the run shown."""
        feedback = self._context.feedback
        run = self._run
        if run is None or not run.is_open:
            feedback.error(
                _("Belum ada pengantaran terbuka yang dipilih"),
                _("Pilih pengantaran yang masih terbuka (F11), atau buat baru (F6)."),
            )
            self.focus_scan_field()
            return
        shown = self.panel.line if self.panel.isVisible() else None
        if shown is not None and not self._saving:
            self._drop_panel()
            feedback.error(
                _("Hasil kartu {name} belum disimpan").format(
                    name=shown.card.name or shown.card.nik
                ),
                _("Kartu lain dipindai sebelum Enter. Pindai lagi kartu itu untuk mencatatnya."),
            )
        self._generation += 1
        generation = self._generation
        database = self._context.database

        def found(answer: DeliveryScan) -> None:
            if generation == self._generation:
                self._scan_answered(answer)

        self._context.tasks.run(
            lambda: outcomes.check_scan(database, run.id, event.text),
            found,
            self._failed,
        )

    def _scan_answered(self, answer: DeliveryScan) -> None:
        feedback = self._context.feedback
        self._select_line(answer.line)
        if answer.kind is ScanKind.PENDING and answer.line is not None:
            self.panel.load(answer.line)
            self.panel.show()
            self.runs_table.hide()  # while a card is asked about, the panel needs the height
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)
            feedback.ok(
                _("{name}: apa hasilnya?").format(name=answer.line.card.name or answer.nik),
                _("1 Diterima · 2 Tidak di rumah · 3 Pindah · 4 Menolak, lalu Enter."),
            )
            return
        if answer.kind is ScanKind.ALREADY_RECORDED:
            feedback.warning(_("Sudah dicatat"), answer.message)
        elif answer.kind is ScanKind.NOT_IN_RUN:
            feedback.error(_("Tidak ada di pengantaran ini"), answer.message)
        else:
            feedback.error(_("Kode tidak terbaca"), answer.message)
        self.focus_scan_field()

    def _select_line(self, line: LineInfo | None) -> None:
        if line is None:
            return
        row = self.lines_model.upsert(line)
        self.lines_table.selectRow(row)
        self.lines_table.scrollTo(self.lines_model.index(row, 0))

    # ------------------------------------------------------------ outcomes

    def save_outcome(self) -> None:
        """Enter on the panel: the outcome is checked, saved, and a delivered card's slip filed."""
        line, run = self.panel.line, self._run
        if self._saving or line is None or run is None or not self.panel.isVisible():
            return
        request = self.panel.request()
        if request is None:
            self.panel.show_problems([_("Pilih hasilnya dulu: tekan 1, 2, 3 atau 4.")])
            self._context.feedback.warning(_("Belum disimpan"), _("Pilih hasilnya dulu."))
            return
        problems = outcomes.check_outcome(request)
        if problems:
            self.panel.show_problems(problems)
            self._context.feedback.warning(_("Belum disimpan"), problems[0])
            return
        context = self._context
        self._saving = True
        self.panel.set_busy(True)

        def task() -> _Recorded:
            answer = outcomes.record_outcome(
                context.database, context.staff, run.id, line.card.nik, request
            )
            if answer.handover_id is None:
                return _Recorded(answer, None, "")
            try:
                from loket.documents.handover.receipt import write_receipt

                path = receipts.save_slip(
                    context.database, context.staff, answer.handover_id, context.data, write_receipt
                )
            except Exception as error:  # the handover stands; the slip can be reprinted
                log.exception("receipt of card %s could not be saved", line.card.id)
                return _Recorded(answer, None, receipts.why_slip_not_saved(error))
            return _Recorded(answer, path, "")

        context.tasks.run(task, self._saved, self._save_failed)

    def _saved(self, done: _Recorded) -> None:
        self._saving = False
        answer = done.answer
        feedback = self._context.feedback
        self._drop_panel()
        self._select_line(answer.line)
        self._counts_changed(answer.counts)
        if answer.kind is not ScanKind.RECORDED:
            feedback.warning(_("Tidak diubah"), answer.message)
        elif done.slip_error:
            feedback.warning(
                answer.message,
                _(
                    "Tanda terima belum tersimpan. {why} Penyerahan tetap tercatat. Di halaman "
                    "Penyerahan, pindai atau ketik nomor tanda terimanya lalu tekan F5 untuk "
                    "menyimpan dan mencetak aslinya; bila tidak, aslinya disimpan saat program "
                    "dibuka lagi."
                ).format(why=done.slip_error),
            )
        elif done.slip is not None:
            feedback.ok(answer.message, _("Tanda terima disimpan: {path}").format(path=done.slip))
        else:
            feedback.ok(answer.message, _("Pindai kartu berikutnya."))
        self.focus_scan_field()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.panel.set_busy(False)
        if isinstance(error, OutcomeRefused):
            self.panel.show_problems(error.problems)
            self._context.feedback.warning(_("Belum disimpan"), error.problems[0])
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._failed(error, _("Hasil belum disimpan"))

    def cancel_outcome(self) -> None:
        """Esc: the card stays out, nothing saved; back to scanning."""
        if self._saving:
            return
        self._drop_panel()
        self._context.feedback.clear()
        self.focus_scan_field()

    def _drop_panel(self) -> None:
        self._generation += 1
        self.panel.line = None
        self.panel.hide()
        self.runs_table.setVisible(self.runs_model.rowCount() > 0)

    # ------------------------------------------------------------ new run, sheet, closing

    def new_run(self) -> None:
        from loket.ui.kit.printing import offer_to_print

        dialog = NewRunDialog(self._context, self)
        if ask(dialog) and dialog.created is not None:
            created = dialog.created
            self._context.feedback.ok(
                _("Pengantaran {number} dibuat: {count} kartu").format(
                    number=created.summary.number, count=created.summary.counts.total
                ),
                _("Daftar pengantaran disimpan: {path}").format(path=created.pdf_path),
            )
            self.refresh(created.summary.id)
            offer_to_print(self._context, created.pdf_path, self)
        self.focus_scan_field()

    def print_sheet(self) -> None:
        from loket.documents.delivery.run_sheet import write_run_sheet
        from loket.ui.kit.printing import offer_to_print

        run, context = self._run, self._context
        if run is None:
            return
        context.tasks.run(
            lambda: delivery_runs.save_run_sheet(
                context.database, context.staff, run.id, context.data, write_run_sheet
            ),
            lambda path: offer_to_print(context, path, self),
            lambda error: self._failed(error, _("Daftar tidak bisa dicetak")),
        )

    def close_run(self) -> None:
        run = self._run
        if run is None or not run.is_open or self._saving:
            return
        pending = run.counts.pending
        if not confirm_close(self, run):
            self.focus_scan_field()
            return
        context = self._context

        def close() -> RunSummary:
            from loket.documents.delivery.run_results import write_run_results

            closed = delivery_runs.close_run(
                context.database, context.staff, run.id, unrecorded_to_stock=bool(pending)
            )
            # The daftar hasil pengantaran: the run's outcomes on paper, for the lurah to sign.
            results.save_run_results(
                context.database, context.staff, run.id, context.data, write_run_results
            )
            return closed

        context.tasks.run(
            close,
            self._closed,
            lambda error: self._failed(error, _("Pengantaran belum ditutup")),
        )

    def _closed(self, run: RunSummary) -> None:
        self._context.feedback.ok(
            _("Pengantaran {number} ditutup").format(number=run.number),
            _("Diterima: {delivered}. Tidak diterima, kembali ke stok: {back}.").format(
                delivered=run.counts.delivered, back=run.counts.not_delivered
            ),
        )
        self.refresh(run.id)
        back_up_after_closing(self._context, self)

    def _failed(self, error: BaseException, title: str = "") -> None:
        if isinstance(error, LoketError):
            self._context.feedback.error(title or _("Tidak bisa"), error.message)
        else:
            self._context.feedback.error(
                _("Terjadi kesalahan"),
                _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log)."),
            )
        self.focus_scan_field()
