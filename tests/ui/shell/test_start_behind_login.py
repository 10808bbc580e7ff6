"""The login window comes up first; the database is opened and the office read behind it, on
the worker, and what goes wrong there is still said before anyone is let in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from loket.core.office import identity
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db import credentials
from loket.db.open import open_database
from loket.domain.states import Role
from loket.ui.shell import app as app_module
from loket.ui.shell.login import LoginDialog
from tests.helpers.shared_server import Server

KALIGAWE = "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"


def _set_up_office(root: Path) -> DataDir:
    data = DataDir(root)
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002")
    accounts.add_staff(database, None, "admin", "admin-rahasia", Role.ADMIN, "Sri Wahyuni")
    database.dispose()
    return data


def test_the_office_is_named_on_the_login_window_once_read_behind_it(
    tmp_path: Path, login_titles: list[str]
) -> None:
    data = _set_up_office(tmp_path / "kantor")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app_module.start_desk(app, data) is None  # left at the login window
    assert login_titles == [KALIGAWE]


def test_a_second_desk_connected_to_the_office_server_opens_the_login_not_the_wizard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Server, login_titles: list[str]
) -> None:
    first, second = DataDir(tmp_path / "loket-1"), DataDir(tmp_path / "loket-2")
    for desk in (first, second):
        desk.use_server(server.address)
        credentials.save_password(desk, server.address, server.password)
    _set_up_office(first.root)  # on the server: the second PC has no database file of its own

    def no_wizard(*_args: object) -> None:
        raise AssertionError("the set-up wizard was opened on a desk of a set-up office")

    monkeypatch.setattr(app_module, "_set_up", no_wizard)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app_module.start_desk(app, second) is None  # left at the login window
    assert login_titles == [KALIGAWE]
    assert not second.database.exists()


def test_a_damaged_database_found_behind_the_login_window_is_said_and_nobody_gets_in(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = DataDir(tmp_path / "kantor")
    data.create()
    data.database.write_bytes(b"bukan basis data " * 400)
    boxes: list[str] = []

    def said(box: QMessageBox) -> int:
        boxes.append(box.text())
        return int(QMessageBox.StandardButton.Close)

    monkeypatch.setattr(QMessageBox, "exec", said)
    monkeypatch.setattr("loket.ui.kit.theme.apply_theme", lambda _app: None)
    assert app_module.run_gui(data.root) == app_module.EXIT_REFUSED_TO_START
    (text,) = boxes
    assert f"Basis data di {data.database} tidak bisa dibuka" in text
    assert "Hubungi admin" in text


def test_a_folder_whose_set_up_was_left_half_way_gets_the_wizard_after_the_login_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = DataDir(tmp_path / "kantor")
    open_database(data).dispose()  # the database made, the wizard left before the office
    shown: list[str] = []

    def wait_for_its_end(dialog: LoginDialog) -> int:
        dialog.show()
        shown.append("login")
        qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.result() != 0, timeout=20_000)
        return dialog.result()

    def leave_the_wizard(_wizard: QDialog) -> int:
        shown.append("wizard")
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", wait_for_its_end)
    monkeypatch.setattr("loket.ui.shell.setup_wizard.SetupWizard.exec", leave_the_wizard)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app_module.start_desk(app, data) is None
    assert shown == ["login", "wizard"]
