"""Pieces of the return page: the strip of reasons with their counts, and the scan field's keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import writing
from loket.core.office.identity import OfficeInfo
from loket.core.returns.filling import ReturnScanKind, ReturnSummary
from loket.core.returns.words import reason_label
from loket.domain.states import ReturnReason
from loket.i18n import _
from loket.ui.kit.theme import ACCENT
from loket.ui.kit.widgets import CountTile

REASONS = tuple(ReturnReason)  # key 1 is the first, and so on
_REASON_STYLE = f"""
QPushButton {{ padding: 6px 10px; text-align: left; }}
QPushButton:checked {{ background: {ACCENT}; color: white; border: 2px solid {ACCENT};
    font-weight: 700; }}
"""


def short_reason(reason: ReturnReason) -> str:
    """The reason on its button: short enough for five side by side."""
    return {
        ReturnReason.UNCLAIMED: _("Tidak diambil"),
        ReturnReason.DAMAGED: _("Kartu rusak"),
        ReturnReason.WRONG_KELURAHAN: _("Bukan warga sini"),
        ReturnReason.OWNER_MOVED: _("Pindah domisili"),
        ReturnReason.OWNER_DECEASED: _("Meninggal dunia"),
    }[reason]


def reason_of_key(text: str) -> ReturnReason | None:
    """ "1" to "5", typed and Enter: the reason with that number."""
    if len(text) == 1 and text in "12345":
        return REASONS[int(text) - 1]
    return None


def describe_return(summary: ReturnSummary, office: OfficeInfo) -> str:
    """The line under the page title: where to, who opened it, who receives it."""
    opened = summary.opened_at.astimezone(office.zone).date()
    parts = [
        _("Ke Kecamatan {kecamatan}").format(kecamatan=office.kecamatan),
        _("dibuka oleh {name}, {date}").format(
            name=summary.opened_by, date=writing.long_date(opened)
        ),
    ]
    if summary.receiver_name:
        receiver = summary.receiver_name
        if summary.receiver_nip:
            receiver += f" (NIP {summary.receiver_nip})"
        parts.append(_("penerima: {receiver}").format(receiver=receiver))
    else:
        parts.append(_("penerima di kecamatan belum diisi (F4)"))
    if not summary.reference:
        parts.append(_("nomor surat pengantar belum diisi"))
    return " · ".join(parts)


def refusal_title(kind: ReturnScanKind, name: str) -> str:
    """The banner's headline for a scan that did not go into the return."""
    return {
        ReturnScanKind.UNREADABLE: _("NIK tidak terbaca"),
        ReturnScanKind.NOT_HERE: _("Tidak ada di loket: {name}"),
        ReturnScanKind.HANDED_OVER: _("Sudah diserahkan: {name}"),
        ReturnScanKind.RETURNED: _("Sudah dikembalikan: {name}"),
        ReturnScanKind.OUT_FOR_DELIVERY: _("Sedang diantar: {name}"),
        ReturnScanKind.IN_OTHER_RETURN: _("Ada di pengembalian lain: {name}"),
    }.get(kind, _("Tidak dicatat: {name}")).format(name=name)


class ReasonStrip(QFrame):
    """Five reasons, the chosen one lit, each with its count; Alt+1..5 choose anywhere on `page`.

    A bare digit is no shortcut: a NIK typed by hand starts with one, and a scanner's digits
    would reach any shortcut outside a text field.
    """

    chosen = Signal(object)  # ReturnReason

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.setObjectName("card")
        self._reason = ReturnReason.UNCLAIMED
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        self.hint = QLabel(
            _(
                "Alasan untuk kartu yang dipindai berikutnya — ketik angkanya lalu Enter, "
                "atau Alt+angka:"
            ),
            self,
        )
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[ReturnReason, QPushButton] = {}
        row = QHBoxLayout()
        for number, reason in enumerate(REASONS, start=1):
            button = QPushButton(self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(reason_label(reason))
            button.setStyleSheet(_REASON_STYLE)
            button.setMinimumHeight(54)
            self.group.addButton(button, number)
            self.buttons[reason] = button
            row.addWidget(button, 1)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda r=reason: self.choose(r))
        self.total = CountTile(_("Kartu di pengembalian"), self)
        row.addWidget(self.total)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.group.idClicked.connect(lambda number: self.choose(REASONS[number - 1]))
        self.choose(self._reason)
        self.set_counts(lambda _reason: 0, 0)

    @property
    def reason(self) -> ReturnReason:
        return self._reason

    def choose(self, reason: ReturnReason) -> None:
        self._reason = reason
        self.buttons[reason].setChecked(True)
        self.chosen.emit(reason)

    def set_counts(self, count: Callable[[ReturnReason], int], total: int) -> None:
        for number, reason in enumerate(REASONS, start=1):
            self.buttons[reason].setText(
                _("{key}  {reason}\n     {count} kartu").format(
                    key=number, reason=short_reason(reason), count=count(reason)
                )
            )
        self.total.set_value(total)


class ScanFieldKeys(QObject):
    """Up/Down choose a line and Delete takes it out, without leaving the empty scan field."""

    def __init__(
        self, field: QLineEdit, move: Callable[[int], None], delete: Callable[[], None]
    ) -> None:
        super().__init__(field)
        self._field = field
        self._move = move
        self._delete = delete
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if key == Qt.Key.Key_Delete and not self._field.text():
            self._delete()
            return True
        return False
