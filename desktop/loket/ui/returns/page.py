"""Pengembalian: cards going back to the kecamatan, scanned one by one under a chosen reason.

The reason stays chosen for the scans that follow, so a pile of unclaimed cards goes in with
one scan each. A reason is chosen by typing its number (1-5) and Enter in the scan field, or
with Alt and its number anywhere on the page; a bare digit key is no shortcut here, because
a NIK typed by hand starts with one.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import writing
from loket.core.returns import closing, filling
from loket.core.returns.filling import (
    ReturnLineInfo,
    ReturnScanKind,
    ReturnScanOutcome,
    ReturnSummary,
)
from loket.core.returns.words import reason_label
from loket.domain.errors import LoketError
from loket.domain.states import ReturnReason
from loket.i18n import _
from loket.ui.kit.backups import back_up_after_closing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.scanner import ScanEvent, ScanField, ScanSource
from loket.ui.kit.widgets import key_button, list_table
from loket.ui.returns.dialogs import CloseReturnDialog, ReturnDetailsDialog, return_title
from loket.ui.returns.lines_model import ReturnLinesModel
from loket.ui.returns.widgets import (
    ReasonStrip,
    ScanFieldKeys,
    describe_return,
    reason_of_key,
    refusal_title,
)

log = logging.getLogger(__name__)


class ReturnPage(QWidget):
    return_changed = Signal(object)  # ReturnSummary | None

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._return: ReturnSummary | None = None
        self._loaded = False
        self._dialog_open = False
        self._held: list[ScanEvent] = []  # scans that came while a dialog was open
        self._build()
        self._connect_signals()
        self._show(None)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.reasons = ReasonStrip(self)

        self.scan_field = ScanField(self)
        self.model = ReturnLinesModel()
        self.table = list_table(self, self.model, (2, 4))
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.empty_hint = QLabel(
            _(
                "Belum ada pengembalian yang sedang dicatat. Tekan F7 untuk membuka "
                "pengembalian baru ke kecamatan, lalu pindai setiap kartu yang dikembalikan."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("font-size: 14pt; color: #52606d; padding: 40px;")

        self.new_button = key_button(self, "F7", _("Pengembalian baru"), self.new_return)
        self.switch_button = key_button(self, "F11", _("Pilih pengembalian"), self.choose_return)
        self.details_button = key_button(
            self, "F4", _("Nomor surat dan penerima"), self.edit_details
        )
        self.remove_button = key_button(self, "Del", _("Keluarkan kartu"), self.remove_selected)
        self.close_button = key_button(
            self, "F10", _("Tutup & buat berita acara"), self.close_return, primary=True
        )
        self.close_button.setText(self.close_button.text().replace("&", "&&"))
        # The theme's primary colour would otherwise hide that the button is off.
        self.close_button.setStyleSheet(
            "QPushButton#primary:disabled { background: #c9d6e3; border-color: #c9d6e3; }"
        )
        self.details_button.setText(self.details_button.text().replace("&", "&&"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.switch_button, self.details_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.reasons)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.reasons.chosen.connect(self._reason_chosen)
        ScanFieldKeys(self.scan_field, self.move_selection, self.remove_selected)
        self._reason_chosen(self.reasons.reason)

    # ------------------------------------------------------------ showing a return

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._loaded:
            self.load_open_return()
        self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_open_return(self) -> None:
        """After a start or restart: carry on with the newest return still open."""
        self._loaded = True
        database = self._context.database
        self._context.tasks.run(
            lambda: filling.open_returns(database),
            lambda found: self._show(found[0] if found else None),
            self._task_failed,
        )

    @property
    def current_return(self) -> ReturnSummary | None:
        return self._return

    def _show(self, summary: ReturnSummary | None) -> None:
        self._return = summary
        has_return = summary is not None
        self.table.setVisible(has_return)
        self.empty_hint.setVisible(not has_return)
        for button in (self.details_button, self.remove_button, self.close_button):
            button.setEnabled(has_return)
        if summary is None:
            self.title.setText(_("Pengembalian ke kecamatan"))
            self.subtitle.setText("")
            self.model.reset([])
        else:
            self.title.setText(return_title(summary))
            self.subtitle.setText(describe_return(summary, self._context.office))
            self.model.reset(summary.lines)
            if summary.lines:
                self._select(len(summary.lines) - 1)
        self._show_counts()
        self.return_changed.emit(summary)
        self.focus_scan_field()

    def _show_counts(self) -> None:
        self.reasons.set_counts(self.model.count, self.model.rowCount())

    @property
    def reason(self) -> ReturnReason:
        return self.reasons.reason

    def choose_reason(self, reason: ReturnReason) -> None:
        self.reasons.choose(reason)

    def _reason_chosen(self, reason: ReturnReason) -> None:
        self.scan_field.setPlaceholderText(
            _("Pindai kartu atau ketik NIK, lalu Enter — alasan: {reason}").format(
                reason=reason_label(reason)
            )
        )
        self.focus_scan_field()

    # ------------------------------------------------------------ scans

    def handle_scan(self, event: ScanEvent) -> None:
        text = event.text.strip()
        chosen = reason_of_key(text) if event.source is ScanSource.TYPED else None
        if chosen is not None:
            self.choose_reason(chosen)
            self._context.feedback.ok(
                _("Alasan: {reason}").format(reason=reason_label(chosen)),
                _("Kartu yang dipindai berikutnya dicatat dengan alasan ini."),
            )
            return
        if self._dialog_open:
            self._held.append(event)  # recorded when the dialog closes, never lost
            self._context.feedback.warning(
                _("Kartu {code} menunggu").format(code=text),
                _(
                    "Kartu yang dipindai selama jendela pengembalian terbuka dicatat setelah "
                    "jendela itu ditutup (sekarang {count} kartu)."
                ).format(count=len(self._held)),
            )
            return
        if self._return is None:
            self._context.feedback.error(
                _("Kartu belum dicatat: belum ada pengembalian yang dibuka"),
                _("Tekan F7 untuk membuka pengembalian, lalu pindai kartu ini lagi."),
            )
            return
        context, return_id, reason = self._context, self._return.id, self.reason
        context.tasks.run(
            lambda: filling.add_card(context.database, context.staff, return_id, text, reason),
            lambda outcome: self._scan_done(return_id, outcome),
            self._task_failed,
        )

    def _scan_done(self, return_id: int, outcome: ReturnScanOutcome) -> None:
        log.info("return scan: %s %s", outcome.kind.value, outcome.nik or "-")
        feedback = self._context.feedback
        name = outcome.card.name if outcome.card and outcome.card.name else outcome.nik
        kind = outcome.kind
        if kind is ReturnScanKind.ADDED:
            feedback.ok(
                _("Masuk pengembalian: {name}").format(name=name),
                _("{reason} · {total} kartu di pengembalian ini").format(
                    reason=reason_label(outcome.reason or self.reason), total=outcome.total
                ),
            )
        elif kind is ReturnScanKind.ALREADY_HERE:
            detail = outcome.message
            if outcome.reason is not None and outcome.reason is not self.reason:
                detail += " " + _("Untuk mengganti alasannya: Del, lalu pindai lagi.")
            feedback.warning(_("Sudah ada di pengembalian ini: {name}").format(name=name), detail)
        else:
            feedback.error(refusal_title(kind, name), outcome.message)
        current = self._return
        if current is not None and current.id == return_id and outcome.card is not None:
            if kind is ReturnScanKind.ADDED and outcome.reason is not None:
                now = dt.datetime.now(dt.UTC)
                self._select(self.model.append(ReturnLineInfo(outcome.card, outcome.reason, now)))
                self._show_counts()
            elif kind is ReturnScanKind.ALREADY_HERE:
                row = self.model.row_of(outcome.card.id)
                if row >= 0:
                    self._select(row)
        self.focus_scan_field()

    def _task_failed(self, error: BaseException) -> None:
        if isinstance(error, LoketError):
            self._context.feedback.error(_("Tidak bisa dicatat"), error.message)
        else:
            self._context.feedback.error(
                _("Terjadi kesalahan; kartu terakhir mungkin belum tercatat"),
                _("Pindai ulang kartu terakhir. Bila terulang, hubungi admin (lihat berkas log)."),
            )
        self.focus_scan_field()

    # ------------------------------------------------------------ lines

    def _select(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def selected_line(self) -> ReturnLineInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line_at(rows[0].row()) if rows else None

    def move_selection(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() + step if rows else count - 1
        self._select(max(0, min(count - 1, row)))

    def remove_selected(self) -> None:
        line, current = self.selected_line(), self._return
        if line is None or current is None:
            self._context.feedback.warning(
                _("Pilih dulu kartunya"),
                _("Pilih baris kartu dengan ↑/↓ (atau klik), lalu tekan Del."),
            )
            self.focus_scan_field()
            return
        context, card = self._context, line.card

        def removed(summary: ReturnSummary) -> None:
            self._show(summary)
            context.feedback.ok(
                _("Dikeluarkan dari pengembalian: {name}").format(name=card.name or card.nik),
                _("Kartu tetap di loket. Bila keliru, pindai lagi kartunya."),
            )

        context.tasks.run(
            lambda: filling.remove_card(context.database, context.staff, current.id, card.id),
            removed,
            self._task_failed,
        )

    # ------------------------------------------------------------ dialogs

    def _open_dialog(self, dialog: ReturnDetailsDialog | CloseReturnDialog) -> None:
        self._dialog_open = True
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog: ReturnDetailsDialog | CloseReturnDialog) -> None:
        self._dialog_open = False
        dialog.deleteLater()
        self.window().activateWindow()  # the scan field's window, not the closed dialog
        # Set only when the task worked: a cancelled dialog leaves both None.
        if isinstance(dialog, CloseReturnDialog) and dialog.closed is not None:
            self._closed(dialog.closed)
        elif isinstance(dialog, ReturnDetailsDialog) and dialog.saved is not None:
            self._saved(dialog.saved, opened=dialog.is_new)
        held, self._held = self._held, []
        for event in held:
            self.handle_scan(event)
        self.focus_scan_field()

    def new_return(self) -> None:
        self._open_dialog(ReturnDetailsDialog(self._context, None, self))

    def edit_details(self) -> None:
        if self._return is not None:
            self._open_dialog(ReturnDetailsDialog(self._context, self._return, self))

    def _saved(self, summary: ReturnSummary, opened: bool) -> None:
        self._show(summary)
        if opened:
            self._context.feedback.ok(
                _("{title} dibuka").format(title=return_title(summary)),
                _("Pilih alasannya (1–5), lalu pindai setiap kartu yang dikembalikan."),
            )
        else:
            self._context.feedback.ok(_("Tersimpan: {title}").format(title=return_title(summary)))

    def close_return(self) -> None:
        """F10: the counts are read again first, so the dialog shows what will be closed."""
        if self._return is None or self._dialog_open:
            return
        database, return_id = self._context.database, self._return.id
        self._context.tasks.run(
            lambda: filling.return_summary(database, return_id),
            self._confirm_close,
            self._task_failed,
        )

    def _confirm_close(self, summary: ReturnSummary) -> None:
        if not summary.is_open:
            self.load_open_return()
            return
        if not summary.lines:
            self._context.feedback.warning(
                _("Belum ada kartu di pengembalian ini"),
                _("Pindai dulu kartu yang dikembalikan, lalu tekan F10."),
            )
            self.focus_scan_field()
            return
        self._open_dialog(CloseReturnDialog(self._context, summary, self))

    def _closed(self, closed: closing.ClosedReturn) -> None:
        from loket.ui.kit.printing import offer_to_print

        self._context.feedback.ok(
            _("Ditutup: {title} — berita acara {number}").format(
                title=return_title(closed.summary), number=closed.number
            ),
            _("{count} keluar dari stok. Berita acara disimpan: {path}").format(
                count=writing.count_in_words(len(closed.summary.lines), "kartu"),
                path=closed.pdf_path,
            ),
        )
        self._show(None)
        self.load_open_return()
        back_up_after_closing(self._context, self)
        offer_to_print(self._context, closed.pdf_path, self)

    def choose_return(self) -> None:
        database = self._context.database
        self._context.tasks.run(
            lambda: filling.open_returns(database), self._choose_from, self._task_failed
        )

    def _choose_from(self, found: list[ReturnSummary]) -> None:
        if not found:
            self._context.feedback.warning(
                _("Tidak ada pengembalian yang terbuka"),
                _("Tekan F7 untuk membuka pengembalian baru."),
            )
            self.focus_scan_field()
            return
        zone = self._context.office.zone
        labels = [
            _("{title} — {count} kartu, dibuka {date} oleh {name}").format(
                title=return_title(summary),
                count=len(summary.lines),
                date=writing.long_date(summary.opened_at.astimezone(zone).date()),
                name=summary.opened_by,
            )
            for summary in found
        ]
        current = next(
            (i for i, s in enumerate(found) if self._return and s.id == self._return.id), 0
        )
        self._dialog_open = True
        label, ok = QInputDialog.getItem(
            self,
            _("Pilih pengembalian"),
            _("Pengembalian yang belum ditutup:"),
            labels,
            current,
            False,
        )
        self._dialog_open = False
        if ok:
            self._show(found[labels.index(label)])
        held, self._held = self._held, []
        for event in held:
            self.handle_scan(event)
        self.focus_scan_field()
