"""The Qt bindings we ship survive a long day at the desk.

PySide6 6.12.0 on Python 3.11 takes a reference off None on every Qt call that returns
nothing; after a few thousand calls Python aborts ("none_dealloc"). A desk makes that many
calls in minutes, so the pinned release must not do it.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(50_000):
    label.setText("Diterima")
    app.processEvents()
print(sys.getrefcount(None) - before)
"""


def test_fifty_thousand_qt_calls_leave_none_alone() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 1000
