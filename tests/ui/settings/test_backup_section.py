"""Pengaturan › Cadangan in a real widget: a copy made from the button, what is kept, and a
restore that asks the admin's password again and puts the office back as of the copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.backup.container import copies_in
from loket.core.office.identity import OfficeInfo
from loket.core.settings.desk import load_desk_settings
from loket.core.settings.shared import load_settings
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import Severity
from loket.ui.settings.backup import BackupSection, RestorePasswordDialog
from loket.ui.settings.page import SettingsPage
from tests.helpers.cards import kaligawe_cards, receive
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]


@dataclass
class Desk(WidgetDesk):
    page: SettingsPage

    @property
    def section(self) -> BackupSection:
        return self.page.backup_section


@pytest.fixture
def desk(
    qtbot: QtBot,
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    admin: StaffMember,
    operator: StaffMember,
) -> Desk:
    receive(database, operator, kaligawe_cards(6))
    parts, page = build_desk(admin, kaligawe, SettingsPage, size=(1300, 760), scanner_on=False)
    desk = Desk(**parts.parts(), page=page)
    assert page.tabs is not None
    page.tabs.setCurrentWidget(page.backup_section)
    desk.settle(qtbot)
    return desk


def card_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT COUNT(*) FROM card").scalar_one())


def test_a_copy_made_from_the_button_is_shown_as_the_last_good_one(
    qtbot: QtBot, desk: Desk
) -> None:
    assert "Belum ada cadangan" in desk.section.last_label.text()
    desk.section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(desk.data.backups)), timeout=20_000)
    desk.settle(qtbot)
    qtbot.waitUntil(lambda: "6 kartu" in desk.section.last_label.text(), timeout=10_000)
    assert desk.banner.level is Severity.OK
    assert copies_in(desk.data.backups)[0].name in desk.section.last_label.text()
    desk.page.grab().save("/tmp/pengaturan-cadangan.png")


def test_copies_kept_and_the_second_folder_are_saved(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    desk.section.daily.setValue(7)
    desk.section.monthly.setValue(24)
    desk.section.second_folder.setText(str(tmp_path / "flashdisk"))
    desk.section.save_button.click()
    desk.settle(qtbot)
    saved = load_settings(desk.database)
    assert (saved.backups_daily, saved.backups_weekly, saved.backups_monthly) == (7, 8, 24)
    assert load_desk_settings(desk.data.root).backup_second_folder == str(tmp_path / "flashdisk")


def test_restore_asks_the_password_and_brings_the_office_back_as_of_the_copy(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    desk.section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(desk.data.backups)), timeout=20_000)
    desk.settle(qtbot)
    copy = copies_in(desk.data.backups)[0]
    receive(desk.database, operator, kaligawe_cards(9)[6:])
    assert card_count(desk.database) == 9
    said: list[str] = []
    desk.section.restart = lambda _window, text: said.append(text)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestorePasswordDialog):
            QTimer.singleShot(10, fill)
            return
        dialog.password.setText("rahasia-admin")
        dialog.accept_button.click()

    QTimer.singleShot(0, fill)
    dialog = RestorePasswordDialog(copy, desk.page)
    from loket.ui.kit.dialogs import ask

    assert ask(dialog)
    desk.section.restore_file(copy, "rahasia-admin")
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "Data kini seperti pada" in said[0]
    assert card_count(desk.database) == 6


def test_a_wrong_password_restores_nothing(qtbot: QtBot, desk: Desk) -> None:
    desk.section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(desk.data.backups)), timeout=20_000)
    desk.settle(qtbot)
    said: list[str] = []
    desk.section.restart = lambda _window, text: said.append(text)
    desk.section.restore_file(copies_in(desk.data.backups)[0], "salah")
    qtbot.waitUntil(lambda: desk.section.message.isVisible(), timeout=10_000)
    assert said == [] and card_count(desk.database) == 6
