"""A dialog whose work runs on the worker, like every page's.

While the work runs, a line in the dialog says what is being done and a bar moves (or fills,
when the work tells how far it has come), the dialog's buttons are off (no second click starts
it twice), and Esc waits: the dialog never closes under work that will still finish. A refusal
is shown in the dialog, in red.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage

T = TypeVar("T")


class WorkingLine(QWidget):
    """ "Membaca daftar kiriman…" and a moving bar; hidden when nothing runs."""

    _told = Signal(str, int, int)  # what is being done, how far, out of how much (0: unknown)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(12)
        layout.addWidget(self.text)
        layout.addWidget(self.bar, 1)
        self._told.connect(self._show_told)
        self.hide()

    def start(self, text: str) -> None:
        self.text.setText(text)
        self.bar.setRange(0, 0)
        self.show()

    def tell(self, text: str, done: int = 0, total: int = 0) -> None:
        """What the work is doing now (and how far of `total`); called from the worker too:
        the line changes on the window's thread, queued in order before the work's answer."""
        self._told.emit(text, done, total)

    def _show_told(self, text: str, done: int, total: int) -> None:
        self.text.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def stop(self) -> None:
        self.hide()


class WorkDialog(QDialog):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._running = 0
        self.working = WorkingLine(self)
        self.error = InlineMessage(self)

    @property
    def running(self) -> bool:
        return self._running > 0

    def run_work(
        self,
        task: Callable[[], T],
        done: Callable[[T], None],
        *,
        working: str,
        buttons: Sequence[QWidget] = (),
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Runs `task` on the worker; `done(result)` here; a refusal shown in the dialog."""
        self._running += 1
        self.error.clear_message()
        self.working.start(working)

        def finish() -> None:
            self._running -= 1
            if not self._running:
                self.working.stop()

        def succeeded(result: T) -> None:
            finish()
            done(result)

        def failed(message: str) -> None:
            finish()
            (refused or self.error.show_error)(message)

        self._context.run(task, succeeded, refused=failed, busy=buttons)

    def reject(self) -> None:
        if self.running:
            return  # Esc waits for the work under way: its answer still comes here
        super().reject()

    def done(self, result: int) -> None:
        super().done(result)
        self.forget()

    def forget(self) -> None:
        """Lets go of what the dialog showed once it is closed (a 20,000-row preview), so it
        is freed at once rather than by a full cycle collection on the window's thread."""
