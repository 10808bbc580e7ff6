"""A new PC joins an office whose desks share a server, from the set-up wizard's first step:
no command line, nothing of the office typed in again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from pytestqt.qtbot import QtBot

from loket.core.office import identity
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db import credentials
from loket.db.open import open_database
from loket.domain.states import Role
from loket.ui.kit.tasks import TaskRunner
from loket.ui.settings.database import ConnectToServerDialog
from loket.ui.shell import app as app_module
from loket.ui.shell.setup_wizard import SetupWizard
from tests.helpers.shared_server import Server

KALIGAWE = "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"
SERVER_BUTTON = QWizard.WizardButton.CustomButton1
# The offscreen platform's note when a red message grows a dialog.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def first_desk_on(server: Server, root: Path) -> None:
    """The office's first desk, already on the server: the office and its admin are there."""
    first = DataDir(root)
    first.use_server(server.address)
    credentials.save_password(first, server.address, server.password)
    database = open_database(first)
    identity.set_up_office(database, "33.74.04.1002")
    accounts.add_staff(database, None, "admin", "admin-rahasia", Role.ADMIN, "Sri Wahyuni")
    database.dispose()


def fill_in(qtbot: QtBot, dialog: ConnectToServerDialog, server: Server, password: str) -> None:
    """Typed as the IT person reads them off the server PC, Enter after each field."""
    address = dialog.form
    for field, value in (
        (address.host, server.address.host),
        (address.port, str(server.address.port)),
        (address.database_name, server.address.database),
        (address.user, server.address.user),
        (address.password, password),
    ):
        field.clear()
        qtbot.keyClicks(field, value)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_wrong_password_is_said_and_the_dialog_stays_for_another_try(
    qtbot: QtBot, tmp_path: Path, tasks: TaskRunner, server: Server
) -> None:
    first_desk_on(server, tmp_path / "loket-1")
    data = DataDir(tmp_path / "loket-2")
    dialog = ConnectToServerDialog(data, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_in(qtbot, dialog, server, "bukan-sandinya")
    qtbot.waitUntil(lambda: "kata sandinya salah" in dialog.message.text(), timeout=20_000)
    assert dialog.isVisible() and dialog.connected is None
    assert data.server is None  # nothing switched
    fill_in(qtbot, dialog, server, server.password)  # Enter in the last field connects
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert data.server == server.address
    assert credentials.load_password(data, server.address) == server.password


def test_the_wizard_offers_the_server_on_its_first_step_only(
    qtbot: QtBot, tmp_path: Path, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Closed at teardown with a kelurahan chosen: no modal "Batalkan penyiapan?" then.
    monkeypatch.setattr(SetupWizard, "_confirm_cancel", lambda _wizard: True)
    data = DataDir(tmp_path / "loket-2")
    database = open_database(data)
    try:
        wizard = SetupWizard(database, tasks, data=data)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        button = wizard.button(SERVER_BUTTON)
        assert button.isVisible() and button.text() == "Sambungkan ke server kantor…"
        wizard.kelurahan_page.picker.select("33.74.04.1002")
        qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled())
        wizard.next()
        assert not button.isVisible()
        wizard.back()
        assert button.isVisible()
        alone = SetupWizard(database, tasks)  # a desk already on a server: not offered
        qtbot.addWidget(alone)
        alone.show()
        assert not alone.button(SERVER_BUTTON).isVisible()
    finally:
        database.dispose()


def test_a_new_pc_joins_the_office_server_from_the_wizard_then_logs_in_to_its_office(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    server: Server,
    login_titles: list[str],
) -> None:
    first_desk_on(server, tmp_path / "loket-1")
    data = DataDir(tmp_path / "loket-2")  # a PC just installed: nothing in its folder
    wizards: list[SetupWizard] = []

    def connect_from_the_dialog(dialog: ConnectToServerDialog) -> int:
        dialog.show()
        fill_in(qtbot, dialog, server, server.password)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        return dialog.result()

    def click_the_server_button(wizard: SetupWizard) -> int:
        wizards.append(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        QTimer.singleShot(0, wizard.button(SERVER_BUTTON).click)
        qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30_000)
        return wizard.result()

    monkeypatch.setattr(ConnectToServerDialog, "exec", connect_from_the_dialog)
    monkeypatch.setattr(SetupWizard, "exec", click_the_server_button)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app_module.start_desk(app, data) is None  # left at the login window
    assert len(wizards) == 1 and wizards[0].connected_to_server() is not None
    assert login_titles == [KALIGAWE]  # the server's office, at the next step
    assert data.server == server.address
    assert not any(path.exists() for path in data.database_files)  # no empty file left behind
