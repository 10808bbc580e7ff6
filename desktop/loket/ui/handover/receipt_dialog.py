"""A handover as its receipt shows it; reprinting the receipt as a copy, or voiding the handover.

A receipt whose original was never written (a full disk cut it off) is saved as the original
by the same key, not as a copy: a copy is only ever a second print of a receipt that exists.

Voiding needs a supervisor's own username and password, typed on the spot, and a reason;
the core checks both, and a refusal is shown in the dialog, which stays open.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.handover import receipts, voiding
from loket.core.handover.handovers import HandoverInfo
from loket.core.handover.words import document_label, old_card_label, relation_label
from loket.core.indonesia import writing
from loket.core.settings.desk import load_desk_settings
from loket.domain import states
from loket.domain.errors import LoketError
from loket.domain.states import OldCardFate
from loket.i18n import _
from loket.ui.kit import printing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, form_layout
from loket.ui.kit.widgets import key_button

log = logging.getLogger(__name__)

_VOID_STYLE = (
    "QLabel { color: #ffffff; background: #b3261e; border-radius: 4px; padding: 4px 10px;"
    " font-weight: 700; font-size: 12pt; }"
)
_VALID_STYLE = (
    "QLabel { color: #1e6b34; background: #e6f4ea; border: 1px solid #a8d5b5;"
    " border-radius: 4px; padding: 4px 10px; font-weight: 600; }"
)
_KEY_STYLE = "QLabel { color: #52606d; }"
_VALUE_STYLE = "QLabel { color: #1f2933; font-weight: 600; }"


def collector_text(info: HandoverInfo) -> str:
    """ "Sumarni (orang tua), NIK 3374045507780004" or the owner's own name."""
    if not info.by_representative:
        return _("{name} (pemilik sendiri)").format(name=info.collector_name)
    return _("{name} ({relation}), NIK {nik}").format(
        name=info.collector_name,
        relation=relation_label(info.relation).lower(),
        nik=info.collector_nik,
    )


def old_card_text(info: HandoverInfo) -> str:
    if info.old_card is OldCardFate.LOST:
        return _("Hilang, surat kehilangan No. {number}").format(number=info.police_letter_number)
    return old_card_label(info.old_card)


def void_text(info: HandoverInfo, zone: ZoneInfo) -> str:
    if not info.voided or info.voided_at is None:
        return ""
    return _("Dibatalkan {when} oleh {supervisor} — alasan: {reason}").format(
        when=writing.date_time(info.voided_at, zone),
        supervisor=info.voided_by,
        reason=info.void_reason,
    )


class HandoverDetails(QFrame):
    """The facts of one handover in two columns of label and value."""

    def __init__(self, zone: ZoneInfo, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._columns = columns
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(4)
        self._values: dict[str, QLabel] = {}

    def show_handover(self, info: HandoverInfo) -> None:
        card = info.card
        rows = [
            (_("Tanda terima"), info.receipt_number),
            (_("Diserahkan"), writing.date_time(info.handed_over_at, self._zone)),
            (_("Pemilik"), f"{card.name or '-'} · NIK {card.nik}"),
            (_("Diambil oleh"), collector_text(info)),
            (_("No. HP"), info.collector_phone or "-"),
            (_("Dokumen"), ", ".join(document_label(d) for d in sorted_documents(info)) or "-"),
            (_("KTP lama"), old_card_text(info)),
            (_("Petugas"), info.officer_name),
        ]
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._values = {}
        per_column = -(-len(rows) // self._columns)
        for position, (key, value) in enumerate(rows):
            row, column = position % per_column, (position // per_column) * 2
            key_label = QLabel(key, self)
            key_label.setStyleSheet(_KEY_STYLE)
            value_label = QLabel(value, self)
            value_label.setStyleSheet(_VALUE_STYLE)
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._grid.addWidget(key_label, row, column, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(value_label, row, column + 1, Qt.AlignmentFlag.AlignTop)
            self._values[key] = value_label
        for column in range(self._columns):
            self._grid.setColumnStretch(column * 2 + 1, 1)

    def value(self, key: str) -> str:
        label = self._values.get(key)
        return label.text() if label is not None else ""


def sorted_documents(info: HandoverInfo) -> list[states.DocumentChecked]:
    return [d for d in states.DocumentChecked if d in info.documents]


class ReceiptDialog(QDialog):
    """A scanned receipt: reprint it as a copy (F5) or void the handover (F9)."""

    voided = Signal(object)  # HandoverInfo, now voided

    def __init__(
        self, context: DeskContext, info: HandoverInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._info = info
        self._busy = False
        self.copies: list[Path] = []
        self.original: Path | None = None  # the original, when it is this dialog that saved it
        self.setWindowTitle(_("Tanda terima {number}").format(number=info.receipt_number))
        self._build()
        self._connect_signals()
        self._show(info)
        self._ask_for_original()

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        self.state_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addSpacing(24)
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.void_reason = QLabel(self)
        self.void_reason.setWordWrap(True)
        self.void_reason.setStyleSheet("QLabel { color: #8c1d18; font-weight: 600; }")
        self.details_card = QFrame(self)
        self.details_card.setObjectName("card")
        self.details = HandoverDetails(self._context.office.zone, 1, self.details_card)
        card_layout = QVBoxLayout(self.details_card)
        card_layout.setContentsMargins(16, 12, 16, 12)
        self.details_card.setMinimumWidth(740)  # the layout fixes the dialog to its contents
        card_layout.addWidget(self.details)
        self.message = InlineMessage(self)

        self.void_panel = QFrame(self)
        self.void_panel.setObjectName("card")
        self.supervisor = QLineEdit(self.void_panel)
        self.supervisor.setPlaceholderText(_("nama pengguna supervisor"))
        self.password = QLineEdit(self.void_panel)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(self.void_panel)
        self.reason.setMaxLength(voiding.MAX_VOID_REASON)
        self.reason.setPlaceholderText(_("mis. salah kartu: diserahkan kartu milik adiknya"))
        self.void_error = InlineMessage(self.void_panel)
        self.void_confirm = QPushButton(_("Batalkan penyerahan (Ctrl+Enter)"), self.void_panel)
        self.void_confirm.setObjectName("primary")
        self.void_back = QPushButton(_("Kembali (Esc)"), self.void_panel)
        form = form_layout()
        add_field(form, _("Supervisor"), self.supervisor)
        add_field(form, _("Kata sandi supervisor"), self.password)
        add_field(form, _("Alasan pembatalan *"), self.reason, _("Wajib diisi; tercatat di log."))
        void_buttons = QHBoxLayout()
        void_buttons.addStretch(1)
        void_buttons.addWidget(self.void_back)
        void_buttons.addWidget(self.void_confirm)
        panel_layout = QVBoxLayout(self.void_panel)
        title = QLabel(_("Pembatalan harus disetujui supervisor di tempat."), self.void_panel)
        title.setStyleSheet("QLabel { font-weight: 600; }")
        panel_layout.addWidget(title)
        panel_layout.addLayout(form)
        panel_layout.addWidget(self.void_error)
        panel_layout.addLayout(void_buttons)
        self.void_panel.hide()

        self.reprint_button = key_button(self, "F5", _("Cetak ulang (SALINAN)"), self.reprint)
        self.void_button = key_button(self, "F9", _("Batalkan penyerahan…"), self.ask_void)
        self.close_button = QPushButton(_("Esc  Tutup"), self)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        # The dialog grows and shrinks with the void form and the messages it shows.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.void_reason)
        layout.addWidget(self.details_card)
        layout.addWidget(self.message)
        layout.addWidget(self.void_panel)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.close_button.clicked.connect(self.reject)
        self.void_confirm.clicked.connect(self.confirm_void)
        self.void_back.clicked.connect(self._hide_void_panel)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.void_panel, self.confirm_void)

    @property
    def info(self) -> HandoverInfo:
        return self._info

    def _show(self, info: HandoverInfo) -> None:
        self._info = info
        self.heading.setText(_("Tanda terima {number}").format(number=info.receipt_number))
        if info.voided:
            self.state_label.setText(_("DIBATALKAN"))
            self.state_label.setStyleSheet(_VOID_STYLE)
        else:
            self.state_label.setText(_("Berlaku"))
            self.state_label.setStyleSheet(_VALID_STYLE)
        self.void_reason.setText(void_text(info, self._context.office.zone))
        self.void_reason.setVisible(info.voided)
        self.details.show_handover(info)
        self.void_button.setEnabled(not info.voided)

    # ------------------------------------------------------------ reprint

    def _ask_for_original(self) -> None:
        """Whether the original was ever written; until the answer comes F5 makes a copy."""
        context, handover_id = self._context, self._info.id
        context.tasks.run(
            lambda: receipts.has_original(context.database, context.data, handover_id),
            self._original_known,
            lambda error: log.warning("could not tell whether receipt has its original: %s", error),
        )

    def _original_known(self, exists: bool) -> None:
        if exists:
            return
        self.reprint_button.setText("F5  " + _("Simpan dan cetak tanda terima"))
        self.message.show_info(
            _(
                "Tanda terima ini belum pernah tersimpan (misalnya disk penuh saat diserahkan). "
                "F5 menyimpan dan mencetak aslinya, bukan salinan."
            )
        )

    def reprint(self) -> None:
        if self._busy:
            return
        context = self._context
        handover_id = self._info.id
        self._set_busy(True)

        def save() -> receipts.SavedSlip:
            from loket.documents.handover.receipt import write_receipt

            return receipts.save_reprint(
                context.database, context.staff, handover_id, context.data, write_receipt
            )

        context.tasks.run(save, self._saved, self._save_failed)

    def _saved(self, saved: receipts.SavedSlip) -> None:
        path = saved.path
        if saved.copy:
            self.copies.append(path)
            done = _("Salinan tanda terima {number} dicetak")
            not_done = _("Salinan tanda terima {number} belum tercetak")
            said = _("Salinan dicetak. PDF: {path}")
        else:
            self.original = path
            self.reprint_button.setText("F5  " + _("Cetak ulang (SALINAN)"))
            done = _("Tanda terima {number} disimpan dan dicetak")
            not_done = _("Tanda terima {number} disimpan, belum tercetak")
            said = _("Tanda terima asli disimpan dan dicetak. PDF: {path}")
        data, number = self._context.data, self._info.receipt_number

        def printed(result: printing.PrintResult) -> None:
            self._set_busy(False)
            if result.printed:
                self.message.show_info(said.format(path=path))
                self._context.feedback.ok(done.format(number=number), str(path))
            else:
                self.message.show_error(result.message)
                self._context.feedback.warning(not_done.format(number=number), result.message)

        self._context.tasks.run(
            lambda: printing.print_pdf(path, load_desk_settings(data.root).slip_printer),
            printed,
            self._save_failed,
        )

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, LoketError):
            text = error.message
        else:
            text = _("Tanda terima tidak bisa disimpan. {why} Coba lagi.").format(
                why=receipts.why_slip_not_saved(error)
            )
        self.message.show_error(text)

    # ------------------------------------------------------------ void

    def ask_void(self) -> None:
        if self._info.voided:
            return
        self.void_panel.show()
        self.void_error.clear_message()
        self.supervisor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hide_void_panel(self) -> None:
        self.password.clear()
        self.void_panel.hide()

    def confirm_void(self) -> None:
        if self._busy or self._info.voided or self.void_panel.isHidden():
            return
        context = self._context
        username, password = self.supervisor.text().strip(), self.password.text()
        reason, handover_id = self.reason.text(), self._info.id
        if not username or not password:
            self.void_error.show_error(_("Isi nama pengguna dan kata sandi supervisor."))
            (self.supervisor if not username else self.password).setFocus()
            return
        self._set_busy(True)
        context.tasks.run(
            lambda: voiding.void(
                context.database, context.staff, username, password, handover_id, reason
            ),
            self._voided,
            self._void_refused,
        )

    def _voided(self, info: HandoverInfo) -> None:
        self._set_busy(False)
        self._hide_void_panel()
        self.reason.clear()
        self._show(info)
        self._context.feedback.ok(
            _("Penyerahan dibatalkan: tanda terima {number}").format(number=info.receipt_number),
            _("Kartu {name} kembali tersimpan di loket.").format(name=info.card.name or "-"),
        )
        self.voided.emit(info)

    def _void_refused(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password.clear()
        if isinstance(error, LoketError):
            self.void_error.show_error(error.message)
        else:
            self.void_error.show_error(
                _("Terjadi kesalahan; penyerahan belum dibatalkan. Coba lagi.")
            )
        self.password.setFocus()

    # ------------------------------------------------------------ keys

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.reprint_button.setEnabled(not busy)
        self.void_confirm.setEnabled(not busy)
        self.void_button.setEnabled(not busy and not self._info.voided)

    def reject(self) -> None:
        """Esc closes the void form first, then the dialog."""
        if not self.void_panel.isHidden():
            self._hide_void_panel()
            return
        super().reject()

    def dismiss(self) -> None:
        """Closes at once, void form and all (the next resident's card was scanned)."""
        self._hide_void_panel()
        super().reject()
