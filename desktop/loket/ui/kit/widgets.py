"""Small building blocks shared by pages: function-key buttons and count tiles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


def key_button(
    parent: QWidget,
    key: str,
    text: str,
    action: Callable[[], None],
    primary: bool = False,
) -> QPushButton:
    """A button that shows its key ("F6  Kiriman baru") and answers to it anywhere on the page."""
    button = QPushButton(f"{key}  {text}", parent)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if primary:
        button.setObjectName("primary")
    button.clicked.connect(action)
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: button.isEnabled() and button.isVisible() and action())
    return button


class CountTile(QFrame):
    """A big number with its label under it: "56 / Menurut daftar"."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        self.value = QLabel("0", self)
        self.value.setProperty("class", "countValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(label, self)
        self.caption.setProperty("class", "countLabel")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(label)

    def set_value(self, value: int, suffix: str = "") -> None:
        self.value.setText(f"{value}{suffix}")
