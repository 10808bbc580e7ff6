"""Pengaturan › Cadangan in a real widget: a copy made from the button, what is kept, and a
restore that asks the admin's password again and puts the office back as of the copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.backup.container import copies_in
from loket.core.settings.desk import load_desk_settings
from loket.core.settings.shared import load_settings
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.domain.states import Severity
from loket.ui.settings.backup import RestorePasswordDialog
from tests.helpers.cards import kaligawe_cards, receive
from tests.ui.settings.test_settings_page import Desk, desk  # noqa: F401 (the page's fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]


@pytest.fixture
def backup_desk(qtbot: QtBot, desk: Desk, operator: StaffMember) -> Desk:  # noqa: F811
    """Pengaturan open on its Cadangan tab, in an office with six cards received."""
    receive(desk.database, operator, kaligawe_cards(6))
    assert desk.page.tabs is not None
    desk.page.tabs.setCurrentWidget(desk.page.backup_section)
    desk.settle(qtbot)
    return desk


def card_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT COUNT(*) FROM card").scalar_one())


def test_a_copy_made_from_the_button_is_shown_as_the_last_good_one(
    qtbot: QtBot, backup_desk: Desk
) -> None:
    shown = backup_desk
    section = shown.page.backup_section
    assert "Belum ada cadangan" in section.last_label.text()
    if not shown.database.on_server:  # a desk alone copies its own file
        assert "saat pertama dibuka setiap hari" in section.when_hint.text()
    section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(shown.data.backups)), timeout=20_000)
    shown.settle(qtbot)
    qtbot.waitUntil(lambda: "6 kartu" in section.last_label.text(), timeout=10_000)
    assert shown.banner.level is Severity.OK
    assert copies_in(shown.data.backups)[0].name in section.last_label.text()


def test_copies_kept_and_the_second_folder_are_saved(
    qtbot: QtBot, backup_desk: Desk, tmp_path: Path
) -> None:
    shown = backup_desk
    section = shown.page.backup_section
    section.daily.setValue(7)
    section.monthly.setValue(24)
    section.second_folder.setText(str(tmp_path / "flashdisk"))
    section.save_button.click()
    shown.settle(qtbot)
    saved = load_settings(shown.database)
    assert (saved.backups_daily, saved.backups_weekly, saved.backups_monthly) == (7, 8, 24)
    assert load_desk_settings(shown.data.root).backup_second_folder == str(tmp_path / "flashdisk")


def test_restore_asks_the_password_and_brings_the_office_back_as_of_the_copy(
    qtbot: QtBot, backup_desk: Desk, operator: StaffMember
) -> None:
    shown = backup_desk
    section = shown.page.backup_section
    section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(shown.data.backups)), timeout=20_000)
    shown.settle(qtbot)
    copy = copies_in(shown.data.backups)[0]
    receive(shown.database, operator, kaligawe_cards(9)[6:])
    assert card_count(shown.database) == 9
    said: list[str] = []
    section.restart = lambda _window, text: said.append(text)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestorePasswordDialog):
            QTimer.singleShot(10, fill)
            return
        dialog.password.setText("rahasia-admin")
        dialog.accept_button.click()

    QTimer.singleShot(0, fill)
    dialog = RestorePasswordDialog(copy, shown.page)
    from loket.ui.kit.dialogs import ask

    assert ask(dialog)
    section.restore_file(copy, "rahasia-admin")
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "Data kini seperti pada" in said[0]
    assert card_count(shown.database) == 6


def test_a_wrong_password_restores_nothing(qtbot: QtBot, backup_desk: Desk) -> None:
    shown = backup_desk
    section = shown.page.backup_section
    section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(shown.data.backups)), timeout=20_000)
    shown.settle(qtbot)
    said: list[str] = []
    section.restart = lambda _window, text: said.append(text)
    section.restore_file(copies_in(shown.data.backups)[0], "salah")
    qtbot.waitUntil(lambda: section.message.isVisible(), timeout=10_000)
    assert said == [] and card_count(shown.database) == 6
