"""The desk as every widget test builds it: the real context, banner, worker and scanner input.

Only the clock is fake (Qt's synthetic key events carry no time) and the sounds are muted.
A test file adds its page: `build_desk(...)` shows it with the banner above it, as the main
window does, and `Desk` subclasses add what a page needs besides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.core.storage import Database
from loket.datadir import DataDir
from loket.ui.kit.context import DeskContext
from loket.ui.kit.feedback import Banner, Feedback
from loket.ui.kit.scanner import ScannerInput
from loket.ui.kit.sound import SoundPlayer
from loket.ui.kit.tasks import TaskRunner
from loket.ui.shell.app import is_whole_code
from loket.ui.shell.main_window import MainWindow
from tests.helpers.event_loop_guard import GuardedApplication
from tests.helpers.keyboard import FakeClock, Keyboard

Page = TypeVar("Page", bound=QWidget)


@dataclass
class WidgetDesk:
    context: DeskContext
    banner: Banner
    feedback: Feedback
    tasks: TaskRunner
    scanner: ScannerInput
    keyboard: Keyboard
    host: QWidget  # the top window the test shows

    @property
    def database(self) -> Database:
        return self.context.database

    @property
    def data(self) -> DataDir:
        return self.context.data

    def parts(self) -> dict[str, Any]:
        """The shared fields, to build a test file's own Desk subclass from."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(WidgetDesk)}

    def settle(self, qtbot: QtBot, rounds: int = 4) -> None:
        """Waits until every scan typed so far and every task it chained has been answered."""
        for _round in range(rounds):
            qtbot.waitUntil(lambda: self.scanner.pending == 0, timeout=10_000)
            QApplication.processEvents()
            qtbot.waitUntil(lambda: not self.tasks.busy, timeout=10_000)
            QApplication.processEvents()

    def show(self, qtbot: QtBot) -> None:
        """Shows a desk built with show=False. Its first painting is not watched, as a desk
        fixture's is not: the window paints once when it opens, not at every scan."""
        self.host.show()
        qtbot.waitExposed(self.host)
        self.host.activateWindow()
        self.settle(qtbot)
        GuardedApplication.reset()

    def scan(self, qtbot: QtBot, code: str) -> None:
        self.keyboard.scan(code)
        self.settle(qtbot)


class DeskFactory:
    """Builds desks for one test and takes them down after it (worker stopped, filter removed)."""

    def __init__(self, qtbot: QtBot, qapp: QApplication, database: Database, data: DataDir):
        self._qtbot = qtbot
        self._qapp = qapp
        self._database = database
        self._data = data
        self._built: list[WidgetDesk] = []

    def __call__(
        self,
        member: StaffMember,
        office: OfficeInfo,
        page: Callable[[DeskContext, QWidget], Page],
        *,
        banner_above: bool = True,
        scanner_on: bool = True,
        size: tuple[int, int] = (1366, 720),
        show: bool = True,
    ) -> tuple[WidgetDesk, Page]:
        """The desk with `page(context, host)`, shown unless `show` is False. With `scanner_on`
        the scanner input watches every key and gives its scans to the page's `handle_scan`."""
        host = QWidget()
        desk = self._desk(member, office, host, scanner_on)
        layout = QVBoxLayout(host)
        if banner_above:
            layout.addWidget(desk.banner)
        widget = page(desk.context, host)
        layout.addWidget(widget, 1)
        field = getattr(widget, "scan_field", None)
        handler = getattr(widget, "handle_scan", None)
        if scanner_on and field is not None:
            desk.scanner.attach(field)
        if scanner_on and handler is not None:
            desk.scanner.scanned.connect(handler)
        host.resize(*size)
        if show:
            self._show(host, getattr(widget, "focus_scan_field", None))
        return desk, widget

    def bare(self, member: StaffMember, office: OfficeInfo) -> WidgetDesk:
        """The desk without a page: for a test that builds and shows its widget itself."""
        return self._desk(member, office, QWidget(), scanner_on=False)

    def window(self, member: StaffMember, office: OfficeInfo) -> tuple[WidgetDesk, MainWindow]:
        """The whole desk window, as the program opens it after log-in."""
        desk = self._desk(member, office, None, scanner_on=True)
        window = MainWindow(desk.context, desk.banner, desk.scanner)
        self._qtbot.addWidget(window)
        desk.host = window
        desk.keyboard.window = window
        window.intake_page.load_latest_open_batch()
        self._show(window, window.intake_page.focus_scan_field)
        self._qtbot.waitUntil(lambda: window.every_page_built)  # as the desk does once shown
        return desk, window

    def _desk(
        self, member: StaffMember, office: OfficeInfo, host: QWidget | None, scanner_on: bool
    ) -> WidgetDesk:
        banner = Banner()
        feedback = Feedback(banner, SoundPlayer(muted=True))
        tasks = TaskRunner()
        clock = FakeClock()
        scanner = ScannerInput(clock=clock, is_whole_code=is_whole_code)
        if scanner_on:
            scanner.install(self._qapp)
        context = DeskContext(self._database, self._data, member, office, tasks, feedback)
        if host is not None:
            self._qtbot.addWidget(host)
        else:
            host = QWidget()
        desk = WidgetDesk(context, banner, feedback, tasks, scanner, Keyboard(clock, host), host)
        self._built.append(desk)
        return desk

    def _show(self, host: QWidget, focus: Callable[[], None] | None) -> None:
        host.show()
        self._qtbot.waitExposed(host)
        host.activateWindow()
        if focus is not None:
            focus()

    def take_down(self) -> None:
        for desk in self._built:
            desk.tasks.shutdown()
            self._qapp.removeEventFilter(desk.scanner)
        self._built.clear()
