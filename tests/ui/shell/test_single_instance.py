"""One desk per data folder: a second start on the same folder brings the first to the front.

The second copy is a real process (as a second double-click starts one); the first is this
test's application, answering on its event loop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from loket.ui.shell.single_instance import LOCK_FILE, Claim, DeskInstance, bring_to_front

SECOND_COPY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from loket.ui.shell.single_instance import DeskInstance
    app = QCoreApplication([])
    print(DeskInstance(Path(sys.argv[1])).claim().value)
    """
)
CRASHED_COPY = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from loket.ui.shell.single_instance import Claim, DeskInstance
    app = QCoreApplication([])
    desk = DeskInstance(Path(sys.argv[1]))
    assert desk.claim() is Claim.FIRST
    os._exit(0)  # as a PC that dies: nothing unlocked, nothing cleaned up
    """
)


def start_copy(script: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.window_may_wait("the test waits for a second process that starts Python and Qt")
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_second_start_on_the_folder_brings_the_first_window_to_the_front_and_ends(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    first = DeskInstance(tmp_path)
    assert first.claim() is Claim.FIRST
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    asked: list[bool] = []
    first.show_requested.connect(lambda: asked.append(True))
    first.show_requested.connect(lambda: bring_to_front(qapp))
    try:
        second = start_copy(SECOND_COPY, tmp_path)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        out, err = second.communicate()
        assert (second.returncode, out.strip()) == (0, Claim.SHOWN.value), err
        qtbot.waitUntil(lambda: asked == [True], timeout=5_000)
        assert not window.isMinimized()
    finally:
        first.release()


def test_another_folder_is_another_desk(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = DeskInstance(tmp_path / "a"), DeskInstance(tmp_path / "b")
    try:
        assert one.claim() is Claim.FIRST
        assert two.claim() is Claim.FIRST
    finally:
        one.release()
        two.release()


def test_a_copy_that_died_does_not_keep_the_folder(tmp_path: Path) -> None:
    crashed = start_copy(CRASHED_COPY, tmp_path)
    _out, err = crashed.communicate(timeout=60)
    assert crashed.returncode == 0, err
    assert (tmp_path / LOCK_FILE).exists()  # left behind, as after a power cut
    after = DeskInstance(tmp_path)
    try:
        assert after.claim() is Claim.FIRST
    finally:
        after.release()


def test_a_copy_that_holds_the_folder_and_never_answers_is_said(tmp_path: Path) -> None:
    """A hung first copy: the lock is held, nobody listens. The second must not wait forever."""
    hung = DeskInstance(tmp_path)
    assert hung.claim() is Claim.FIRST
    hung._server.close()  # type: ignore[union-attr]  # alive, but answering nothing
    try:
        assert DeskInstance(tmp_path).claim() is Claim.UNANSWERED
    finally:
        hung.release()
