"""The login screen: Enter signs in, a wrong password is answered, guessing locks the account."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from loket.core.office.identity import OfficeInfo
from loket.core.staff.login import MAX_FAILED_LOGINS
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.ui.kit.tasks import TaskRunner
from loket.ui.kit.theme import STYLESHEET
from loket.ui.shell.login import LoginDialog, office_title

WRONG = "Nama pengguna atau kata sandi salah."
SHOTS = Path(os.environ.get("LOKET_SHOTS", "/tmp/shots/login"))


@pytest.fixture
def dialog(
    qtbot: QtBot,
    database: Database,
    tasks: TaskRunner,
    kaligawe: OfficeInfo,
    admin: StaffMember,
) -> LoginDialog:
    shown = LoginDialog(database, tasks, office_title(kaligawe))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def focused(dialog: QDialog) -> QWidget | None:
    return dialog.focusWidget()


def answered(qtbot: QtBot, dialog: QWidget) -> None:
    """Waits for the password check on the worker."""
    assert isinstance(dialog, LoginDialog)
    qtbot.waitUntil(lambda: not dialog.checking)


def type_and_enter(qtbot: QtBot, field: QWidget, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    answered(qtbot, field.window())


def test_office_title_names_kelurahan_kecamatan_and_kota(kaligawe: OfficeInfo) -> None:
    assert office_title(kaligawe) == "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"


def test_login_screen_shows_program_office_and_keys(dialog: LoginDialog) -> None:
    assert dialog.program_label.text() == "Loket KTP-el"
    assert dialog.office_label.text() == ("Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang")
    assert dialog.login_button.text() == "Masuk (Enter)"
    assert dialog.quit_button.text() == "Keluar (Esc)"
    assert focused(dialog) is dialog.username
    assert not dialog.message.isVisible()


def test_right_password_with_the_keyboard_returns_the_member(
    qtbot: QtBot, dialog: LoginDialog, admin: StaffMember
) -> None:
    type_and_enter(qtbot, dialog.username, "admin")
    assert focused(dialog) is dialog.password  # Enter in the name moves on, it does not submit
    assert dialog.isVisible()

    type_and_enter(qtbot, dialog.password, "rahasia-admin")

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.staff_member() == admin


def test_clicking_masuk_signs_in_too(qtbot: QtBot, dialog: LoginDialog, admin: StaffMember) -> None:
    qtbot.keyClicks(dialog.username, "Admin ")  # case and stray spaces do not matter
    qtbot.keyClicks(dialog.password, "rahasia-admin")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    answered(qtbot, dialog)
    assert dialog.staff_member() == admin


def test_wrong_password_is_answered_in_red_and_the_dialog_stays(
    qtbot: QtBot, dialog: LoginDialog
) -> None:
    type_and_enter(qtbot, dialog.username, "admin")
    type_and_enter(qtbot, dialog.password, "rahasia-amdin")

    assert dialog.isVisible()
    assert dialog.staff_member() is None
    assert dialog.message.isVisible()
    assert dialog.message.text() == WRONG
    assert "#8c1d18" in dialog.message.styleSheet()  # the error red
    assert dialog.password.text() == ""
    assert focused(dialog) is dialog.password


def test_empty_fields_are_asked_for_without_trying(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Isi nama pengguna."
    assert focused(dialog) is dialog.username

    qtbot.keyClicks(dialog.username, "admin")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Isi kata sandi."
    assert focused(dialog) is dialog.password


def test_five_wrong_passwords_lock_the_account(
    qtbot: QtBot, dialog: LoginDialog, admin: StaffMember
) -> None:
    qtbot.keyClicks(dialog.username, "admin")
    for attempt in range(MAX_FAILED_LOGINS - 1):
        type_and_enter(qtbot, dialog.password, f"tebakan-{attempt}")
        assert dialog.message.text() == WRONG
    type_and_enter(qtbot, dialog.password, "tebakan-terakhir")
    assert dialog.message.text().startswith("Akun dikunci")  # said on the attempt that locks

    type_and_enter(qtbot, dialog.password, "rahasia-admin")  # even the right one, now

    assert dialog.isVisible()
    assert dialog.staff_member() is None
    assert dialog.message.text() == (
        "Akun dikunci karena terlalu banyak percobaan yang salah. Coba lagi 15 menit lagi, "
        "atau minta admin membukanya."
    )


def test_escape_leaves_without_a_member(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    assert dialog.staff_member() is None


def test_the_lock_out_message_is_shown_whole_in_the_desks_font(
    qtbot: QtBot, database: Database, tasks: TaskRunner, kaligawe: OfficeInfo, admin: StaffMember
) -> None:
    """With the desk's theme (11 pt) the message takes three lines, one more than kept for it."""
    dialog = LoginDialog(database, tasks, office_title(kaligawe))
    dialog.setStyleSheet(STYLESHEET)  # as apply_theme gives the whole program
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    height_before = dialog.height()
    qtbot.keyClicks(dialog.username, "admin")
    for attempt in range(MAX_FAILED_LOGINS):
        type_and_enter(qtbot, dialog.password, f"tebakan-{attempt}")
    message = dialog.message
    assert message.text().startswith("Akun dikunci")
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))
    assert dialog.height() > height_before  # the window grew for it
    bottom = message.mapTo(dialog, message.rect().bottomLeft()).y()
    assert bottom < dialog.login_button.mapTo(dialog, dialog.login_button.rect().topLeft()).y()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "login-locked-out.png"))
