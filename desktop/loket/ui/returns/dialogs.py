"""Opening a return, naming its receiver at the kecamatan, and closing it with its berita acara.

Each dialog asks core through the desk's task runner and stays open, its buttons off, until
the answer is back: accepted when it worked, the refusal shown in place when it did not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import writing
from loket.core.indonesia.nip import nip_problem
from loket.core.returns import closing, filling
from loket.core.returns.closing import ClosedReturn
from loket.core.returns.filling import ReturnSummary
from loket.core.returns.words import reason_label
from loket.domain.errors import LoketError
from loket.domain.states import ReturnReason
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, enter_moves_on, form_layout, on_enter

log = logging.getLogger(__name__)


def return_title(summary: ReturnSummary) -> str:
    """ "Pengembalian 474/55/XI/2026", or by its number while the letter number is not known."""
    if summary.reference:
        return _("Pengembalian {reference}").format(reference=summary.reference)
    return _("Pengembalian no. {id}").format(id=summary.id)


def failure_text(error: BaseException) -> str:
    if isinstance(error, LoketError):
        return error.message
    if isinstance(error, OSError):
        return _(
            "Berita acara tidak bisa disimpan ({error}). Pengembalian belum ditutup; periksa "
            "ruang disk dan folder data, lalu coba lagi."
        ).format(error=error.strerror or error)
    return _("Terjadi kesalahan; belum tersimpan. Coba lagi, atau hubungi admin (lihat log).")


class _ReceiverForm(QDialog):
    """The three fields every return dialog has, and running one task with the buttons off."""

    def __init__(self, context: DeskContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.reference = QLineEdit(self)
        self.reference.setMaxLength(filling.MAX_REFERENCE_LENGTH)
        self.reference.setPlaceholderText(_("mis. 474/55/XI/2026"))
        self.receiver_name = QLineEdit(self)
        self.receiver_name.setMaxLength(120)
        self.receiver_name.setPlaceholderText(_("petugas kecamatan yang menerima kartu"))
        self.receiver_nip = QLineEdit(self)
        self.receiver_nip.setMaxLength(30)
        self.receiver_nip.setPlaceholderText(_("18 angka, boleh kosong"))
        self.form = form_layout()
        add_field(
            self.form,
            _("Nomor surat pengantar"),
            self.reference,
            _("Surat kelurahan yang menyertai kartu ke kecamatan; boleh diisi kemudian."),
        )
        add_field(
            self.form,
            _("Diterima oleh"),
            self.receiver_name,
            _("Kosongkan bila belum tahu: namanya ditulis tangan di berita acara."),
        )
        add_field(self.form, _("NIP penerima"), self.receiver_nip)
        self.message = InlineMessage(self)
        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("primary")
        for button in (self.cancel_button, self.accept_button):
            button.setAutoDefault(False)  # Enter in a field moves on; it never presses a button
        self.cancel_button.clicked.connect(self.reject)
        self.accept_button.clicked.connect(self.submit)
        on_enter(self.accept_button, self._click_accept)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)
        self._busy = False

    def _click_accept(self) -> bool:
        self.accept_button.click()
        return True

    def fill(self, summary: ReturnSummary) -> None:
        self.reference.setText(summary.reference)
        self.receiver_name.setText(summary.receiver_name)
        self.receiver_nip.setText(summary.receiver_nip)

    def buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.accept_button)
        return row

    def fields_problem(self) -> str | None:
        return nip_problem(self.receiver_nip.text(), _("penerima"))

    def submit(self) -> None:
        if self._busy or not self.accept_button.isEnabled():
            return
        problem = self.fields_problem()
        if problem:
            self.message.show_error(problem)
            self.receiver_nip.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.message.clear_message()
        self._run(self.task())

    def task(self) -> Callable[[], Any]:
        raise NotImplementedError

    def done_with(self, value: Any) -> None:
        raise NotImplementedError

    def _run(self, task: Callable[[], Any]) -> None:
        self._set_busy(True)
        self._context.tasks.run(task, self._succeeded, self._failed)

    def _succeeded(self, value: Any) -> None:
        self._set_busy(False)
        self.done_with(value)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(error, LoketError | OSError):
            log.error("return dialog task failed: %r", error)
        self.message.show_error(failure_text(error))
        self.reference.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.accept_button, self.cancel_button):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:  # the task in hand finishes first; its answer is shown
            super().reject()


class ReturnDetailsDialog(_ReceiverForm):
    """A new return (summary None), or the letter number and receiver of an open one."""

    def __init__(
        self, context: DeskContext, summary: ReturnSummary | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self._summary = summary
        self.is_new = summary is None
        self.saved: ReturnSummary | None = None
        if summary is None:
            self.setWindowTitle(_("Pengembalian baru ke kecamatan"))
            self.accept_button.setText(_("Buka pengembalian (Ctrl+Enter)"))
            intro = _(
                "Catat kartu yang dikembalikan ke Kecamatan {kecamatan}. Setelah dibuka, pilih "
                "alasannya lalu pindai kartunya satu per satu."
            ).format(kecamatan=context.office.kecamatan)
        else:
            self.setWindowTitle(return_title(summary))
            self.accept_button.setText(_("Simpan (Ctrl+Enter)"))
            self.fill(summary)
            intro = _("Nomor surat pengantar dan petugas kecamatan yang menerima kartu.")
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons())
        enter_moves_on([self.reference, self.receiver_name, self.receiver_nip], self.submit)
        self.reference.setFocus(Qt.FocusReason.OtherFocusReason)

    def task(self) -> Callable[[], ReturnSummary]:
        database, actor = self._context.database, self._context.staff
        reference, name = self.reference.text(), self.receiver_name.text()
        nip = self.receiver_nip.text()
        if self._summary is None:
            return lambda: filling.open_return(database, actor, reference, name, nip)
        return_id = self._summary.id
        return lambda: filling.set_receiver(database, actor, return_id, reference, name, nip)

    def done_with(self, value: Any) -> None:
        self.saved = value


class CloseReturnDialog(_ReceiverForm):
    """The counts, in figures and words, the receiver; then the cards leave stock for good."""

    def __init__(
        self, context: DeskContext, summary: ReturnSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self._summary = summary
        self.closed: ClosedReturn | None = None
        self.fill(summary)
        self.setWindowTitle(_("Tutup {title}").format(title=return_title(summary)))
        self.setMinimumWidth(680)
        self.accept_button.setText(_("Tutup dan buat berita acara (Ctrl+Enter)"))
        self.cancel_button.setText(_("Kembali memindai (Esc)"))
        intro = QLabel(
            _("Kartu yang dikembalikan ke Kecamatan {kecamatan}:").format(
                kecamatan=context.office.kecamatan
            ),
            self,
        )
        intro.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.counts = QGridLayout()
        self.counts.setHorizontalSpacing(18)
        self.count_labels: dict[ReturnReason | None, QLabel] = {}
        row = 0
        for reason in ReturnReason:
            if summary.count(reason):
                self._count_row(row, reason_label(reason), summary.count(reason), reason)
                row += 1
        self._count_row(row, _("Jumlah"), len(summary.lines), None)
        warning = QLabel(
            _(
                "Setelah ditutup, kartu-kartu ini keluar dari stok loket dan tidak bisa "
                "diserahkan lagi. Berita acara pengembalian dibuat untuk ditandatangani "
                "petugas loket dan petugas kecamatan."
            ),
            self,
        )
        warning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.counts)
        layout.addSpacing(6)
        layout.addWidget(warning)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons())
        # Enter goes field by field to the button; closing is never one stray Enter away.
        enter_moves_on(
            [self.reference, self.receiver_name, self.receiver_nip, self.accept_button],
            self.submit,
        )
        self.receiver_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _count_row(self, row: int, label: str, count: int, reason: ReturnReason | None) -> None:
        name = QLabel(label, self)
        value = QLabel(writing.count_in_words(count), self)
        if reason is None:
            for widget in (name, value):
                widget.setStyleSheet("font-weight: 700;")
        self.counts.addWidget(name, row, 0)
        self.counts.addWidget(value, row, 1)
        self.counts.setColumnStretch(2, 1)
        self.count_labels[reason] = value

    def task(self) -> Callable[[], ClosedReturn]:
        context, summary = self._context, self._summary
        reference, name = self.reference.text(), self.receiver_name.text()
        nip = self.receiver_nip.text()

        def close() -> ClosedReturn:
            from loket.documents.returns.berita_acara_pengembalian import write_return_minutes

            if (reference, name, nip) != (
                summary.reference,
                summary.receiver_name,
                summary.receiver_nip,
            ):
                filling.set_receiver(
                    context.database, context.staff, summary.id, reference, name, nip
                )
            return closing.close_return(
                context.database, context.staff, summary.id, context.data, write_return_minutes
            )

        return close

    def done_with(self, value: Any) -> None:
        self.closed = value
