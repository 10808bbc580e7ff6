"""A dialog run with `ask` says whether it was accepted and is gone afterwards."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from loket.ui.kit.dialogs import ask


def test_ask_answers_and_deletes_the_dialog_it_ran(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    for close, accepted in ((QDialog.accept, True), (QDialog.reject, False)):
        dialog = QDialog(page)
        QTimer.singleShot(0, lambda d=dialog, c=close: c(d))
        assert ask(dialog) is accepted
        qtbot.waitUntil(lambda d=dialog: not shiboken6.isValid(d))
    assert page.findChildren(QDialog) == []  # nothing left to hold what it showed
