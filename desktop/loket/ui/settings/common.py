"""Pieces shared by the sections of the settings page."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from loket.resources import resource
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, hint_label

Choice = TypeVar("Choice")
CONTENT_WIDTH = 900  # a form wider than this is harder to read on a wide screen
LOGO_PREVIEW_HEIGHT = 76


def serif_family() -> str:
    """The papers' own serif, so the kop preview looks like the printed one."""
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "LiberationSerif-Bold.ttf")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else "serif"


def section_box(title: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.setSpacing(10)
    return box, layout


def radio_choices(
    layout: QVBoxLayout, choices: list[tuple[Choice, str, str]]
) -> dict[Choice, QRadioButton]:
    """One radio button per choice, its explanation in a quiet line under it."""
    group = QButtonGroup(layout)
    buttons: dict[Choice, QRadioButton] = {}
    for value, label, explanation in choices:
        button = QRadioButton(label)
        group.addButton(button)
        buttons[value] = button
        hint = hint_label(explanation)
        hint.setContentsMargins(26, 0, 0, 4)
        layout.addWidget(button)
        layout.addWidget(hint)
    return buttons


class Section(QWidget):
    """A tab: its content in a column of readable width (scrolling on a small screen), a red
    message under it, and its buttons always in sight."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.message = InlineMessage()
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        content.setMaximumWidth(CONTENT_WIDTH)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(self.body)
        content_layout.addWidget(self.message)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("sectionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        button_row = QWidget(self)
        button_row.setMaximumWidth(CONTENT_WIDTH)
        button_row.setLayout(self.buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(button_row, 1)
        bottom.addStretch(0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 4)
        outer.setSpacing(10)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

    def focus_first(self) -> None:
        """Puts the cursor where the admin starts in this section."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
