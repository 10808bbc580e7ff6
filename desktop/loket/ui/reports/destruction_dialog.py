"""Berita acara pemusnahan KTP-el lama: choose the days, see the old cards, make the paper.

Opened from the Laporan page. The list is read again whenever a date changes; the paper is
made by core (`loket.core.destruction`) and offered to print at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.clock import utc_now
from loket.core.destruction import old_cards, words
from loket.core.destruction.old_cards import DestructionDone, DestructionPreview, address_with_rt_rw
from loket.core.destruction.paper import Witness
from loket.core.indonesia import writing
from loket.domain.errors import LoketError
from loket.domain.states import OldCardFate
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, enter_moves_on, form_layout, on_enter
from loket.ui.kit.table_model import TextRowsModel
from loket.ui.kit.widgets import date_field, list_table

log = logging.getLogger(__name__)

_DAMAGED_BG = "#fdecd2"


def _date_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    """A day, the Indonesian way; Tab leaves it for the next field (widgets.date_field)."""
    edit = date_field(parent, day)
    edit.setMinimumWidth(240)
    return edit


def period_label(start: dt.date, end: dt.date) -> str:
    """The days as the desk reads them (the paper writes its own, in Indonesian)."""
    if start == end:
        return writing.long_date(start)
    return _("{start} s.d. {end}").format(
        start=writing.long_date(start), end=writing.long_date(end)
    )


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Early in a month the month before, whole; later, this month so far."""
    if today.day <= 7:
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    return today.replace(day=1), today


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


class DestructionDialog(QDialog):
    """From/to dates, witnesses, the old cards of those days; Ctrl+Enter makes the paper."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0  # an older preview's answer is dropped
        self._busy = False
        self.preview: DestructionPreview | None = None
        self.done_paper: DestructionDone | None = None
        self.setWindowTitle(_("Berita acara pemusnahan KTP-el lama"))
        self.setMinimumSize(900, 600)
        today = utc_now().astimezone(context.office.zone).date()

        intro = QLabel(
            _(
                "KTP lama yang diserahkan penduduk saat mengambil KTP-el baru (utuh atau rusak) "
                "dicatat menurut tanggal penyerahannya. KTP lama yang hilang atau kartu pertama "
                "tidak termasuk."
            ),
            self,
        )
        intro.setWordWrap(True)
        start, end = default_period(today)
        self.start_edit = _date_edit(self, start)
        self.end_edit = _date_edit(self, end)
        self.witness_1 = QLineEdit(self)
        self.witness_2 = QLineEdit(self)
        self.witness_titles = (QLineEdit(self), QLineEdit(self))
        self.witness_nips = (QLineEdit(self), QLineEdit(self))
        for field in (self.witness_1, self.witness_2, *self.witness_titles):
            field.setMaxLength(old_cards.MAX_WITNESS_NAME)
            field.setPlaceholderText(_("boleh kosong: ditulis tangan"))
        for field in self.witness_nips:
            field.setMaxLength(24)
            field.setPlaceholderText(_("kosongkan bila saksi bukan PNS"))
        form = form_layout()
        add_field(form, _("Dari tanggal"), self.start_edit)
        add_field(form, _("Sampai tanggal"), self.end_edit)
        for number, name, title, nip in zip(
            (1, 2),
            (self.witness_1, self.witness_2),
            self.witness_titles,
            self.witness_nips,
            strict=True,
        ):
            add_field(form, _("Saksi {number}").format(number=number), name)
            add_field(form, _("Jabatan saksi {number}").format(number=number), title)
            add_field(form, _("NIP saksi {number}").format(number=number), nip)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.model = TextRowsModel(
            [_("No."), _("NIK"), _("Nama"), _("Alamat"), _("Diserahkan"), _("KTP lama")]
        )
        self.table = list_table(self, self.model, (3,), alternating=False, one_row=False)
        self.note = InlineMessage(self)
        self.message = InlineMessage(self)

        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        self.create_button = QPushButton(_("Buat berita acara (Ctrl+Enter)"), self)
        self.create_button.setObjectName("primary")
        self.create_button.setEnabled(False)
        for button in (self.cancel_button, self.create_button):
            button.setAutoDefault(False)  # Enter in a field moves on; it never presses a button
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._connect_signals()
        self.start_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    def _connect_signals(self) -> None:
        self.start_edit.dateChanged.connect(lambda _date: self.refresh())
        self.end_edit.dateChanged.connect(lambda _date: self.refresh())
        self.cancel_button.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.create)
        enter_moves_on(
            [
                self.start_edit,
                self.end_edit,
                self.witness_1,
                self.witness_titles[0],
                self.witness_nips[0],
                self.witness_2,
                self.witness_titles[1],
                self.witness_nips[1],
                self.create_button,
            ],
            self.create,
        )
        on_enter(self.create_button, self._enter_on_create)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.create)

    def _enter_on_create(self) -> bool:
        self.create()
        return True

    # ------------------------------------------------------------ the preview

    def refresh(self) -> None:
        """Reads the old cards of the chosen days again (off the UI thread)."""
        self._generation += 1
        generation = self._generation
        self.preview = None
        self.create_button.setEnabled(False)
        self.summary.setText(_("Membaca daftar KTP lama…"))
        database, start, end = self._context.database, _day(self.start_edit), _day(self.end_edit)

        def shown(preview: DestructionPreview) -> None:
            if generation == self._generation:
                self._show(preview)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self._show_refusal(error)

        self._context.tasks.run(
            lambda: old_cards.preview_destruction(database, start, end), shown, failed
        )

    def _show(self, preview: DestructionPreview) -> None:
        self.preview = preview
        self.message.clear_message()
        zone = self._context.office.zone
        rows, colours = [], []
        for number, card in enumerate(preview.cards, start=1):
            damaged = card.fate is OldCardFate.DAMAGED
            rows.append(
                (
                    str(number),
                    card.nik,
                    card.name or "—",
                    address_with_rt_rw(card),
                    writing.long_date(card.handed_over_at.astimezone(zone).date()),
                    _("rusak") if damaged else _("utuh"),
                )
            )
            colours.append(_DAMAGED_BG if damaged else "")
        self.model.set_rows(rows, colours)
        period = period_label(preview.start, preview.end)
        if preview.total:
            self.summary.setText(
                _(
                    "{total} KTP lama diserahkan pada {period}: {whole} utuh, {damaged} rusak."
                ).format(
                    total=writing.count_in_words(preview.total),
                    period=period,
                    whole=preview.count(OldCardFate.SURRENDERED),
                    damaged=preview.count(OldCardFate.DAMAGED),
                )
            )
        else:
            self.summary.setText(
                _("Tidak ada KTP lama yang diserahkan pada {period}.").format(period=period)
            )
        note = words.overlap_note(preview.earlier)
        if note:
            self.note.show_info(note)
        else:
            self.note.clear_message()
        self.create_button.setEnabled(preview.total > 0 and not self._busy)

    def _show_refusal(self, error: BaseException) -> None:
        self.model.set_rows([])
        self.summary.setText("")
        self.note.clear_message()
        self.message.show_error(_error_text(error))

    # ------------------------------------------------------------ making the paper

    def create(self) -> None:
        if self._busy or self.preview is None or not self.create_button.isEnabled():
            return
        context, preview = self._context, self.preview
        witnesses = tuple(
            Witness(name.text(), title.text(), nip.text())
            for name, title, nip in zip(
                (self.witness_1, self.witness_2),
                self.witness_titles,
                self.witness_nips,
                strict=True,
            )
        )

        def make() -> DestructionDone:
            from loket.documents.destruction.berita_acara_pemusnahan import (
                write_destruction_minutes,
            )

            return old_cards.create_destruction(
                context.database,
                context.staff,
                preview.start,
                preview.end,
                context.data,
                write_destruction_minutes,
                witnesses,
            )

        self._set_busy(True)
        context.tasks.run(make, self._made, self._failed)

    def _made(self, done: DestructionDone) -> None:
        self._set_busy(False)
        self.done_paper = done
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(error, LoketError | OSError):
            log.error("destruction paper failed: %r", error)
        self.message.show_error(_error_text(error))
        self.create_button.setEnabled(self.preview is not None and self.preview.total > 0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.create_button, self.cancel_button, self.start_edit, self.end_edit):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:  # the paper in hand is finished first; its answer is shown
            super().reject()


def _error_text(error: BaseException) -> str:
    if isinstance(error, LoketError):
        return error.message
    if isinstance(error, OSError):
        return _(
            "Berita acara tidak bisa disimpan ({error}). Tidak ada yang berubah; periksa ruang "
            "disk dan folder data, lalu coba lagi."
        ).format(error=error.strerror or error)
    return _("Terjadi kesalahan. Coba lagi; bila terulang, hubungi admin (lihat berkas log).")


def open_destruction_dialog(
    context: DeskContext, parent: QWidget, after: Callable[[], None] | None = None
) -> DestructionDialog:
    """Opens the dialog; a paper made is announced, offered to print, then `after` runs."""
    from loket.ui.kit.printing import offer_to_print

    dialog = DestructionDialog(context, parent)

    def finished(_result: int) -> None:
        done = dialog.done_paper
        dialog.deleteLater()
        parent.window().activateWindow()  # keys go back to the page, not the closed dialog
        if done is None:
            return
        context.feedback.ok(
            _("Berita acara pemusnahan {number} dibuat").format(number=done.number),
            _("{count} KTP lama, {period}. PDF: {path}").format(
                count=writing.count_in_words(done.preview.total),
                period=period_label(done.preview.start, done.preview.end),
                path=done.pdf_path,
            ),
        )
        offer_to_print(context, done.pdf_path, parent)
        if after is not None:
            after()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
