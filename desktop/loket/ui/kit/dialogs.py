"""Small helpers shared by dialogs: Indonesian button texts, inline messages, Enter to move on.

Qt ships no Indonesian translation of its own dialogs, so the standard buttons of
QMessageBox, QDialogButtonBox and QWizard get their texts here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from loket.i18n import _

_Std = QMessageBox.StandardButton
_Box = QDialogButtonBox.StandardButton
_Wiz = QWizard.WizardButton


def _message_box_texts() -> dict[_Std, str]:
    return {
        _Std.Ok: _("OK"),
        _Std.Cancel: _("Batal"),
        _Std.Yes: _("Ya"),
        _Std.No: _("Tidak"),
        _Std.Close: _("Tutup"),
        _Std.Save: _("Simpan"),
        _Std.SaveAll: _("Simpan semua"),
        _Std.Discard: _("Jangan simpan"),
        _Std.Open: _("Buka"),
        _Std.Apply: _("Terapkan"),
        _Std.Reset: _("Atur ulang"),
        _Std.RestoreDefaults: _("Kembalikan bawaan"),
        _Std.Help: _("Bantuan"),
        _Std.Retry: _("Coba lagi"),
        _Std.Ignore: _("Abaikan"),
        _Std.Abort: _("Hentikan"),
        _Std.YesToAll: _("Ya untuk semua"),
        _Std.NoToAll: _("Tidak untuk semua"),
    }


def _wizard_texts() -> dict[_Wiz, str]:
    return {
        _Wiz.BackButton: _("‹ Kembali"),
        _Wiz.NextButton: _("Lanjut ›"),
        _Wiz.CommitButton: _("Simpan"),
        _Wiz.FinishButton: _("Selesai"),
        _Wiz.CancelButton: _("Batal"),
        _Wiz.HelpButton: _("Bantuan"),
    }


def indonesian_buttons(box: QMessageBox | QDialogButtonBox | QWizard) -> None:
    """Gives the standard buttons of `box` their Indonesian texts (call after adding buttons)."""
    if isinstance(box, QWizard):
        for which, text in _wizard_texts().items():
            box.setButtonText(which, text)
        return
    texts = _message_box_texts()
    for button in box.buttons():
        # Both enums share Qt's values, so one table serves QMessageBox and QDialogButtonBox.
        indonesian = texts.get(_Std(box.standardButton(button).value))
        if indonesian:
            button.setText(indonesian)


def ask(dialog: QDialog) -> bool:
    """Runs a dialog to its end: True when accepted. Deleted afterwards (on this thread, once
    control is back in the event loop): a dialog left as its page's child would keep what it
    showed, 20,000 preview rows, for as long as the desk runs, and every full collection of
    Python's garbage would walk them again."""
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str, no_text: str) -> bool:
    """Asks a yes/no question; the safe answer (no) is the default, so Enter cannot slip past."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class InlineMessage(QLabel):
    """A message under a form: red for a refusal, hidden when there is nothing to say."""

    _ERROR_STYLE = (
        "QLabel { color: #8c1d18; background: #fdecea; border: 1px solid #f1b8b4;"
        " border-radius: 4px; padding: 8px 10px; }"
    )
    _INFO_STYLE = (
        "QLabel { color: #0b4a6f; background: #e8f3fb; border: 1px solid #b6d8ef;"
        " border-radius: 4px; padding: 8px 10px; }"
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(self._ERROR_STYLE)
        self._show(text)

    def show_info(self, text: str) -> None:
        self.setStyleSheet(self._INFO_STYLE)
        self._show(text)

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(False)

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setVisible(True)


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A quiet line of help under a field (format, example, whether it may stay empty)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    palette = label.palette()
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    palette.setColor(QPalette.ColorRole.WindowText, muted)
    label.setPalette(palette)
    return label


def form_layout() -> QFormLayout:
    """Labels left, fields filling the width, with room to breathe."""
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(10)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def add_field(form: QFormLayout, label: str, field: QWidget, hint: str = "") -> QLabel:
    """A labelled field with an optional quiet hint under it; returns the label."""
    label_widget = QLabel(label)
    label_widget.setBuddy(field)
    if hint:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(hint_label(hint))
        form.addRow(label_widget, column)
    else:
        form.addRow(label_widget, field)
    return label_widget


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class _EnterFilter(QObject):
    """Catches Enter on one widget and hands it to a callback; the callback says if it used it."""

    def __init__(self, watched: QWidget, callback: Callable[[], bool]) -> None:
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        return self._callback()


def on_enter(widget: QWidget, callback: Callable[[], bool]) -> None:
    """Calls `callback` when Enter is pressed in `widget`; if it returns False, Enter goes on."""
    _EnterFilter(widget, callback)


def enter_moves_on(fields: Sequence[QWidget], on_last: Callable[[], object]) -> None:
    """Enter in a field moves to the next one; Enter in the last field calls `on_last`."""
    for here, following in itertools.pairwise(fields):
        on_enter(here, _focuser(following))
    last = fields[-1]

    def finish() -> bool:
        on_last()
        return True

    on_enter(last, finish)


def _focuser(target: QWidget) -> Callable[[], bool]:
    def move() -> bool:
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    return move
