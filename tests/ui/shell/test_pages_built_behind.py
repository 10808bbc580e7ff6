"""The desk opens with the intake page alone; the other pages are built behind it once it is on
screen, one at a time, so that the first F3 of the day does not keep the window waiting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.ui.shell.main_window import MainWindow
from tests.helpers.widget_desk import DeskFactory


def _built(window: MainWindow) -> list[QWidget]:
    return [window.pages.widget(at) for at in range(window.pages.count())]


@pytest.mark.window_may_wait("building each page takes the window 60 to 150 ms, once a day")
def test_only_the_intake_page_exists_until_the_desk_is_on_screen_then_every_page(
    qtbot: QtBot, build_desk: DeskFactory, admin: StaffMember, kaligawe: OfficeInfo
) -> None:
    desk = build_desk.bare(admin, kaligawe)
    window = MainWindow(desk.context, desk.banner, desk.scanner)
    qtbot.addWidget(window)
    assert _built(window) == [window.intake_page]
    assert not window.every_page_built
    qtbot.wait(300)
    assert _built(window) == [window.intake_page]  # nothing is built for a window not shown

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.intake_page.focus_scan_field()
    qtbot.waitUntil(lambda: window.every_page_built, timeout=10_000)
    assert QApplication.focusWidget() is window.intake_page.scan_field  # the keyboard stayed
    pages = _built(window)
    assert len(pages) == 5  # intake, handover, reports, stock, settings (an admin)
    assert window.pages.currentWidget() is window.intake_page  # built behind, never shown

    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.pages.currentWidget() is window.handover_page
    assert _built(window) == pages  # the same page, not built twice
