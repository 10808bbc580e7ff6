"""Penyerahan KTP-el: a resident at the counter, their card found, handed over, the slip printed.

One scan field takes everything: a card's barcode or a typed NIK (its status), a receipt's
barcode (reprint or void), or letters (a search by name, results as they are typed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loket.core.cards import CardInfo
from loket.core.handover import confirming, lookup, receipts
from loket.core.handover.handovers import HandoverInfo
from loket.core.handover.lookup import Answer, CardStatus
from loket.core.handover.rules import HandoverRefused
from loket.core.handover.words import answer_label
from loket.core.indonesia.names import end_sentence
from loket.core.indonesia.nik import clean_nik_text
from loket.core.settings.desk import load_desk_settings
from loket.core.settings.shared import OfficeSettings, load_settings
from loket.domain.errors import LoketError, StorageError
from loket.i18n import _
from loket.ui.handover.form import CONFIRM_KEYS, AnswerPanel, HandoverForm
from loket.ui.handover.name_search import NameResultsPanel, has_letters
from loket.ui.handover.receipt_dialog import HandoverDetails, ReceiptDialog
from loket.ui.kit import printing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.scanner import ScanEvent, ScanField, ScanSource
from loket.ui.kit.widgets import key_button

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50


@dataclass(frozen=True, slots=True)
class _Found:
    status: CardStatus
    settings: OfficeSettings


class HandoverPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._status: CardStatus | None = None
        self._generation = 0  # answers to an older question are dropped
        self._confirming = False
        self.receipt_dialog: ReceiptDialog | None = None
        self._build()
        self._connect_signals()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel(_("Penyerahan KTP-el"), self)
        self.title.setObjectName("pageTitle")
        keys = QLabel(
            _("Enter: cari  ·  ↑/↓: pilih nama  ·  Ctrl+Enter: serahkan  ·  Esc: batal"), self
        )
        keys.setStyleSheet("QLabel { color: #52606d; }")
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(keys)

        self.scan_field = ScanField(self)
        self.scan_field.setPlaceholderText(
            _("Pindai kartu/tanda terima, ketik NIK, atau ketik nama")
        )

        self.body = QStackedWidget(self)
        self.empty_hint = QLabel(
            _(
                "Pindai barcode kartu, ketik NIK lalu Enter, atau ketik nama pemiliknya "
                "(gelar boleh ditulis, huruf besar atau kecil sama saja). Untuk mencetak ulang "
                "atau membatalkan, pindai barcode tanda terimanya."
            ),
            self.body,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("QLabel { font-size: 14pt; color: #52606d; padding: 40px; }")
        self.results = NameResultsPanel(
            self._context.tasks, self._context.database, SEARCH_LIMIT, self.body
        )
        self.body.addWidget(self.empty_hint)
        self.body.addWidget(self.results)
        self.body.addWidget(self._build_answer())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.body, 1)

    def _build_answer(self) -> QWidget:
        scroll = QScrollArea(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(scroll)
        page.setObjectName("answerPage")
        scroll.viewport().setObjectName("answerViewport")
        # The window's own calm grey behind the answer, not the palette's.
        scroll.setStyleSheet(
            "QScrollArea, QWidget#answerViewport, QWidget#answerPage { background: transparent; }"
        )
        self.answer = AnswerPanel(self._context.office.zone, page)

        self.form = HandoverForm(page, keys_host=self)
        self.details = QFrame(page)
        self.details.setObjectName("card")
        self.handover_details = HandoverDetails(self._context.office.zone, 2, self.details)
        self.receipt_button = key_button(
            self, "F8", _("Buka tanda terima (cetak ulang / batalkan)"), self.open_shown_receipt
        )
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(16, 12, 16, 12)
        details_layout.addWidget(self.handover_details)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.receipt_button)
        details_layout.addLayout(row)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.answer)
        layout.addWidget(self.form)
        layout.addWidget(self.details)
        layout.addStretch(1)
        scroll.setWidget(page)
        self._answer_page = scroll
        return scroll

    def _connect_signals(self) -> None:
        self.results.watch(self.scan_field)
        self.results.chosen.connect(self._choose)
        self.results.found.connect(self._results_ready)
        self.results.failed.connect(lambda error: self._failed(error, _("Pencarian gagal")))
        self.form.confirm_requested.connect(self.confirm)
        self.form.cancelled.connect(self.cancel)
        for keys in CONFIRM_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.confirm)

    # ------------------------------------------------------------ focus and Esc

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _showing_something(self) -> bool:
        return self.body.currentWidget() is not self.empty_hint or bool(self.scan_field.text())

    def event(self, event: QEvent) -> bool:
        # Esc cancels what the page shows; the window's own Esc only when there is nothing.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and self._is_escape(event)
            and self._showing_something()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_escape(event) and self._showing_something():
            self.cancel()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_escape(event: QEvent) -> bool:
        return (
            isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )

    def cancel(self) -> None:
        """Back to an empty page: the form is dropped unsaved, the scan field waits."""
        self._generation += 1
        self.results.cancel()
        self.scan_field.clear()
        self._status = None
        self.results.query = ""
        self.body.setCurrentWidget(self.empty_hint)
        self._context.feedback.clear()
        self.focus_scan_field()

    # ------------------------------------------------------------ input

    def handle_scan(self, event: ScanEvent) -> None:
        """A scan or an entry typed in the scan field (Enter): routed by what it reads as."""
        text = event.text
        self.results.cancel()
        self._close_receipt_dialog()
        if receipts.is_receipt_number(text):
            self._generation += 1
            self._open_receipt(text)
        elif self._form_in_progress(lambda card: card.nik == clean_nik_text(text)):
            self._refuse_while_filling(text)
        elif not has_letters(text):
            self._generation += 1
            self._look_up(lambda: lookup.status_of_nik(self._context.database, text))
        elif event.source is ScanSource.SCANNER:
            self._context.feedback.error(
                _("Kode tidak dikenal: {code}").format(code=text),
                _("Ini bukan NIK dan bukan nomor tanda terima. Pindai ulang barcode kartunya."),
            )
            self.focus_scan_field()
        elif (chosen := self.results.chosen_by_enter(text)) is not None:
            self._choose(chosen)
        else:
            self._generation += 1
            self.results.search(text, choose=True)

    # ------------------------------------------------------------ search by name

    def _results_ready(self, query: str, cards: list[CardInfo], choose: bool) -> None:
        self.body.setCurrentWidget(self.results)
        if choose and len(cards) == 1:
            self._choose(cards[0])
            return
        if choose and not cards:
            self._context.feedback.warning(
                _("Tidak ditemukan: {query}").format(query=query.strip()),
                _("Coba sebagian nama saja, atau ketik NIK-nya."),
            )
        elif choose:
            self.scan_field.setText(query)  # Enter again opens the row chosen with the arrows
        self.focus_scan_field()

    def _form_in_progress(self, is_this_card: Callable[[CardInfo], bool]) -> bool:
        """True while the form on screen has entries for a card other than the one asked for."""
        card = self.form.card
        return (
            card is not None
            and self._status is not None
            and not self.form.isHidden()
            and self.form.has_entries()
            and not is_this_card(card)
        )

    def _refuse_while_filling(self, code: str) -> None:
        """Another card while a form is half filled: never replaced unseen, never lost."""
        card = self.form.card
        assert card is not None
        self.results.cancel()
        self.body.setCurrentWidget(self._answer_page)
        self._context.feedback.error(
            _("Formulir {owner} belum selesai: {code} tidak dibuka").format(
                owner=card.name or card.nik, code=code
            ),
            _(
                "Serahkan dulu kartu ini (Ctrl+Enter) atau batalkan formulirnya (Esc), lalu "
                "pindai atau ketik lagi {code}."
            ).format(code=code),
        )
        self.scan_field.clear()
        self.focus_scan_field()

    def _choose(self, card: CardInfo) -> None:
        if self._form_in_progress(lambda shown: shown.id == card.id):
            self._refuse_while_filling(card.name or card.nik)
            return
        self._generation += 1
        self.results.cancel()
        self.scan_field.clear()
        database = self._context.database
        self._look_up(lambda: lookup.status_of_card(database, card.id))

    # ------------------------------------------------------------ the answer

    def _look_up(self, find: Callable[[], CardStatus], announce: bool = True) -> None:
        """The answer, with the office's policy for the form; dropped if a newer scan came."""
        generation = self._generation
        database = self._context.database

        def found(result: _Found) -> None:
            if generation == self._generation:
                self.show_status(result.status, result.settings, announce)

        self._context.tasks.run(
            lambda: _Found(find(), load_settings(database)),
            found,
            lambda error: self._failed(error, _("Tidak bisa dicari")),
        )

    def show_status(self, status: CardStatus, settings: OfficeSettings, announce: bool) -> None:
        """The plain answer; the form for a card in stock, the handover for a collected one."""
        same_card_waiting = (
            status.answer is Answer.WAITING
            and self._status is not None
            and self._status.answer is Answer.WAITING
            and status.card is not None
            and self.form.card is not None
            and self.form.card.id == status.card.id
        )
        self._status = status
        self.answer.show_status(status)
        # A card on an open return is at the desk but not to be handed over: no form for it.
        waiting = (
            status.answer is Answer.WAITING
            and status.card is not None
            and status.open_return is None
        )
        if waiting and status.card is not None:
            if same_card_waiting:
                self.form.set_settings(settings)  # a second scan keeps what was filled in
            else:
                self.form.load(status.card, settings)
        if status.handover is not None:
            self.handover_details.show_handover(status.handover)
        self.form.setVisible(waiting)
        self.details.setVisible(status.handover is not None)
        self.body.setCurrentWidget(self._answer_page)
        if announce:
            self._announce(status)
        self.focus_scan_field()

    def _announce(self, status: CardStatus) -> None:
        owner = status.card.name if status.card and status.card.name else status.nik
        title = _("{answer}: {owner}").format(answer=answer_label(status.answer), owner=owner)
        if status.answer is Answer.WAITING and status.open_return is not None:
            self._context.feedback.warning(
                _("Belum bisa diserahkan: {owner}").format(owner=owner),
                _(
                    "Kartu ini ada di pengembalian ke kecamatan yang belum ditutup. Bila "
                    "pemiliknya datang, keluarkan dulu kartunya dari pengembalian (F12 Stok, "
                    "Ctrl+2, pilih kartunya, Del), lalu pindai lagi."
                ),
            )
        elif status.answer is Answer.WAITING:
            self._context.feedback.ok(
                title, _("Periksa dokumen, isi formulir, lalu tekan Ctrl+Enter.")
            )
        elif status.answer is Answer.HANDED_OVER and status.handover is not None:
            self._context.feedback.warning(
                title,
                end_sentence(
                    _("Tanda terima {number}, petugas {officer}.").format(
                        number=status.handover.receipt_number, officer=status.handover.officer_name
                    )
                ),
            )
        else:
            self._context.feedback.warning(title)

    def _failed(self, error: BaseException, title: str) -> None:
        if isinstance(error, LoketError):
            self._context.feedback.error(title, error.message)
        else:
            self._context.feedback.error(
                _("Terjadi kesalahan"),
                _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log)."),
            )
        self.focus_scan_field()

    # ------------------------------------------------------------ handing over

    def confirm(self) -> None:
        """Ctrl+Enter: hand the card over, save the slip, print it."""
        if self._confirming or self.form.isHidden() or self.form.card is None:
            return
        if self.body.currentWidget() is not self._answer_page:
            return
        problems = self.form.problems_now()
        if problems:
            self._context.feedback.warning(_("Belum bisa diserahkan"), problems[0])
            return
        context = self._context
        request = self.form.request()
        self._confirming = True
        self.form.set_busy(True)

        def task() -> confirming.HandedOver:
            from loket.documents.handover.receipt import write_receipt

            return confirming.confirm_and_save_slip(
                context.database, context.staff, request, context.data, write_receipt
            )

        card_id = request.card_id
        context.tasks.run(task, self._confirmed, lambda error: self._confirm_failed(card_id, error))

    def _confirmed(self, done: confirming.HandedOver) -> None:
        self._confirming = False
        self.form.set_busy(False)
        info = done.info
        log.info("handed over card %s, receipt %s", info.card.id, info.receipt_number)
        title = _("Diserahkan: {name} — tanda terima {number}").format(
            name=info.card.name or info.card.nik, number=info.receipt_number
        )
        feedback = self._context.feedback
        if done.slip is None:
            feedback.warning(
                title,
                _(
                    "Tanda terima belum tersimpan. {why} Penyerahan tetap tercatat. Pindai atau "
                    "ketik nomor tanda terimanya lalu tekan F5 untuk menyimpan dan mencetak "
                    "aslinya; bila tidak, aslinya disimpan saat program dibuka lagi."
                ).format(why=done.slip_error),
            )
        else:
            feedback.ok(title, _("Mencetak tanda terima… PDF: {path}").format(path=done.slip))
            self._print_slip(title, done.slip)
        self._refresh_if_shown(info.card.id)

    def _print_slip(self, title: str, slip: Path) -> None:
        """The slip to this desk's slip printer, on the worker; what came of it, on the banner."""
        data = self._context.data
        feedback = self._context.feedback

        def printed(result: printing.PrintResult) -> None:
            if result.printed:
                feedback.ok(title, _("Tanda terima dicetak. PDF: {path}").format(path=slip))
            else:
                feedback.warning(
                    title,
                    _("Tanda terima belum tercetak. {problem} Penyerahan tetap tercatat.").format(
                        problem=result.message
                    ),
                )

        self._context.run(
            lambda: printing.print_pdf(slip, load_desk_settings(data.root).slip_printer),
            printed,
            title=_("Tanda terima belum tercetak"),
        )

    def _confirm_failed(self, card_id: int, error: BaseException) -> None:
        self._confirming = False
        self.form.set_busy(False)
        if isinstance(error, HandoverRefused):
            self._context.feedback.error(_("Belum diserahkan"), error.message)
            database = self._context.database
            self._context.tasks.run(
                lambda: load_settings(database), self.form.set_settings, lambda _e: None
            )
        elif isinstance(error, LoketError):
            self._context.feedback.error(_("Belum diserahkan"), error.message)
            if not isinstance(error, StorageError):  # still locked or full: looking again waits
                self._refresh_if_shown(card_id)
        else:
            self._context.feedback.error(
                _("Terjadi kesalahan; kartu belum diserahkan"),
                _("Coba lagi. Bila terulang, hubungi admin (lihat berkas log)."),
            )
        self.focus_scan_field()

    def _refresh_if_shown(self, card_id: int) -> None:
        """The card on screen as it is now; not if the next resident's card came meanwhile."""
        shown = self._status.card if self._status is not None else None
        if shown is not None and shown.id == card_id:
            self._refresh_card(card_id)

    def _refresh_card(self, card_id: int) -> None:
        """Shows the card as it is now, without a second sound."""
        self._generation += 1
        database = self._context.database
        self._look_up(lambda: lookup.status_of_card(database, card_id), announce=False)

    # ------------------------------------------------------------ receipts

    def _open_receipt(self, text: str) -> None:
        database = self._context.database
        self._context.tasks.run(
            lambda: receipts.find_by_receipt(database, text),
            self.show_receipt,
            lambda error: self._failed(error, _("Tanda terima tidak ditemukan")),
        )

    def open_shown_receipt(self) -> None:
        """F8 on a collected card: its receipt, to reprint or void."""
        shown = self._status.handover if self._status is not None else None
        if shown is not None and self.body.currentWidget() is self._answer_page:
            self.show_receipt(shown)

    def show_receipt(self, info: HandoverInfo) -> None:
        self._close_receipt_dialog()
        dialog = ReceiptDialog(self._context, info, self)
        dialog.voided.connect(self._after_void)
        dialog.finished.connect(lambda _result: self.focus_scan_field())
        self.receipt_dialog = dialog
        dialog.open()

    def _close_receipt_dialog(self) -> None:
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.dismiss()

    def _after_void(self, info: HandoverInfo) -> None:
        self._refresh_if_shown(info.card.id)
