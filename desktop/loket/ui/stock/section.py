"""F12 Stok: the cards in the office, and the two ways they leave it other than at the counter.

Three parts under one page key, each with Ctrl+1/2/3: the card list, returns to the
kecamatan, and door-to-door delivery runs. The parts keep their own function keys (F6, F7,
F10 ...), which are only live while the part is on screen, so the three never clash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loket.i18n import _
from loket.ui.delivery.page import DeliveryPage
from loket.ui.kit.context import DeskContext
from loket.ui.kit.scanner import ScanEvent
from loket.ui.returns.page import ReturnPage
from loket.ui.stock.page import StockPage


@dataclass(frozen=True)
class _Part:
    widget: QWidget
    button: QPushButton
    focus: Callable[[], None]
    take_scan: Callable[[ScanEvent], None]


class StockSection(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_page = StockPage(context, self)
        self.return_page = ReturnPage(context, self)
        self.delivery_page = DeliveryPage(context, self)
        self._stack = QStackedWidget(self)
        bar = QFrame(self)
        bar.setObjectName("subBar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(12, 0, 12, 0)
        bar_layout.setSpacing(0)
        group = QButtonGroup(self)
        group.setExclusive(True)
        self._parts: list[_Part] = []
        for key, text, page in (
            ("Ctrl+1", _("Daftar kartu"), self.list_page),
            ("Ctrl+2", _("Pengembalian ke kecamatan"), self.return_page),
            ("Ctrl+3", _("Pengantaran ke rumah"), self.delivery_page),
        ):
            button = QPushButton(f"{key}  {text}", bar)
            button.setProperty("class", "subnav")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            group.addButton(button)
            bar_layout.addWidget(button)
            self._stack.addWidget(page)
            part = _Part(page, button, page.focus_scan_field, page.handle_scan)
            self._parts.append(part)
            button.clicked.connect(lambda _checked=False, p=part: self.show_part(p.widget))
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda p=part: self.show_part(p.widget))
        bar_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self._stack, 1)
        self.show_part(self.list_page, focus=False)

    def _current(self) -> _Part:
        widget = self._stack.currentWidget()
        return next(part for part in self._parts if part.widget is widget)

    def show_part(self, widget: QWidget, focus: bool = True) -> None:
        self._stack.setCurrentWidget(widget)
        part = self._current()
        part.button.setChecked(True)
        if focus:
            part.focus()

    def current_part(self) -> QWidget:
        return self._stack.currentWidget()

    def focus_scan_field(self) -> None:
        self._current().focus()

    def handle_scan(self, event: ScanEvent) -> None:
        """A scan goes to the part on screen: a search, a card for the return, an outcome."""
        self._current().take_scan(event)
