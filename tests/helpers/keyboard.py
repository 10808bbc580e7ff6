"""A keyboard on a fake clock: keys pressed as a USB scanner (2 ms apart) or a person (150 ms)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

SCANNER = 0.002  # seconds between the keys of a USB scanner
HUMAN = 0.150  # seconds between the keys of a person at the desk


class FakeClock:
    def __init__(self) -> None:
        self.now = 8000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Keyboard:
    """Presses keys on whatever has the focus, as the window system does, on the fake clock."""

    def __init__(self, clock: FakeClock, window: QWidget) -> None:
        self.clock = clock
        self.window = window

    def target(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def press(
        self, key: Qt.Key, text: str, gap: float, stamp: int = 0, repeat: bool = False
    ) -> None:
        """`stamp`: the window system's time of the key in ms (Qt's synthetic events carry 0)."""
        self.clock.advance(gap)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text, repeat)
            event.setTimestamp(stamp)
            QApplication.sendEvent(self.target(), event)

    def type(self, text: str, gap: float = HUMAN) -> None:
        for char in text:
            self.press(Qt.Key(ord(char.upper())), char, gap)

    def enter(self, gap: float = HUMAN) -> None:
        self.press(Qt.Key.Key_Return, "\r", gap)

    def scan(self, code: str, suffix: str = "\r\n") -> None:
        """A scanner reading a barcode: the code at 2 ms a key, then CR+LF (LF 1 ms later)."""
        self.type(code, SCANNER)
        for char, gap in zip(suffix, (SCANNER, 0.001), strict=False):
            if char == "\t":
                self.press(Qt.Key.Key_Tab, "\t", gap)
            elif char == "\r":
                self.press(Qt.Key.Key_Return, "\r", gap)
            else:
                self.press(Qt.Key.Key_Enter, "\r", gap)
