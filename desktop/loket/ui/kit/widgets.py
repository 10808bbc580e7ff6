"""Small building blocks shared by pages: function-key buttons, list tables, count tiles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


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


def list_table(
    parent: QWidget,
    model: QAbstractItemModel,
    stretch: tuple[int, ...] = (),
    *,
    widths: tuple[int, ...] = (),
    alternating: bool = True,
    one_row: bool = True,
) -> QTableView:
    """A read-only table of rows, chosen whole.

    Columns are as wide as their text with the `stretch` ones taking the rest, or, given
    `widths`, fixed (a 0 stretches), for a list too long to measure. Text widths are measured
    on the rows in sight only: Qt's default measures the first thousand rows, through Python,
    at every change, which makes the window wait a quarter of a second on a batch of 20,000.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAlternatingRowColors(alternating)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if one_row:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(0)
    if widths:
        table.verticalHeader().setDefaultSectionSize(26)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures rows
        for column, width in enumerate(widths):
            if width:
                header.resizeSection(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


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
