"""The shell's tests may open a desk on the office's server, and read what its login window
names before leaving it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from loket.ui.shell.login import LoginDialog
from tests.helpers.shared_server import server  # noqa: F401 (a fixture)


@pytest.fixture
def login_titles(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each login window shown names its office once read behind it, and is then left (as if
    Batal were pressed): the office each one named, in order."""
    titles: list[str] = []

    def look_then_leave(dialog: LoginDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: dialog.office_label.text() != "", timeout=20_000)
        titles.append(dialog.office_label.text())
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", look_then_leave)
    return titles
