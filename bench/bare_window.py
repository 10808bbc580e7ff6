"""The floor of bench/startup.py: a bare PySide6 window, started as the desk is started.

    python bench/bare_window.py READY_FILE

From source it is a script run by the same interpreter; bench/startup.py also freezes it with
PyInstaller (one folder, as installer/loket.spec freezes the desk) into build/bench-bare/. It
writes READY_FILE once its window has painted, the moment the desk logs "login window shown".
"""

import sys
from pathlib import Path

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget


class BareWindow(QWidget):
    def __init__(self, ready_file: Path) -> None:
        super().__init__()
        self._ready_file: Path | None = ready_file

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._ready_file is not None:
            self._ready_file.write_text("ready\n", encoding="utf-8")
            self._ready_file = None


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = BareWindow(Path(sys.argv[1]))
    window.setWindowTitle("bare")
    window.resize(640, 400)  # about the login window's size
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
