"""The file dialogs of the desk: Indonesian where the dialog is Qt's own, the platform's on Windows.

Qt ships no Indonesian (PySide6 has no qtbase_id.qm), so every word Qt's own dialog shows is set
by loket.ui.kit.file_dialogs; these tests read them off the real dialog, offscreen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from loket.ui.kit import file_dialogs
from loket.ui.kit.file_dialogs import choose_file_to_save, file_dialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ENGLISH = ("Look in", "File name", "Files of type", "Open", "Save", "Cancel", "Back", "Forward")


def shown_texts(dialog: QFileDialog) -> list[str]:
    """Every word the dialog shows: labels, buttons, tool tips of visible tool buttons, menu."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    texts += [button.text() for button in dialog.findChildren(QPushButton)]
    texts += [b.toolTip() for b in dialog.findChildren(QToolButton) if b.isVisibleTo(dialog)]
    texts += [action.text() for action in dialog.findChildren(QAction) if action.objectName()]
    return texts


@pytest.mark.parametrize("save", [False, True])
def test_qts_own_file_dialog_speaks_indonesian(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: bool
) -> None:
    monkeypatch.setattr(file_dialogs.sys, "platform", "linux")
    dialog = file_dialog(None, "Pilih daftar kiriman", tmp_path, "Daftar (*.csv)", save=save)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    Label = QFileDialog.DialogLabel
    assert dialog.labelText(Label.LookIn) == "Cari di:"
    assert dialog.labelText(Label.FileName) == "Nama berkas:"
    assert dialog.labelText(Label.FileType) == "Jenis berkas:"
    assert dialog.labelText(Label.Accept) == ("Simpan" if save else "Buka")
    assert dialog.labelText(Label.Reject) == "Batal"
    texts = shown_texts(dialog)
    assert {"Kembali", "Maju", "Folder induk", "Buat folder baru", "&Hapus"} <= set(texts)
    for english in ENGLISH:
        assert not any(english in text for text in texts), (english, texts)
    assert dialog.viewMode() is QFileDialog.ViewMode.List  # no English column headers


def test_on_windows_the_platforms_own_dialog_is_used(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_dialogs.sys, "platform", "win32")
    dialog = file_dialog(None, "Simpan sebagai XLSX", tmp_path, "Excel (*.xlsx)", save=True)
    qtbot.addWidget(dialog)
    assert type(dialog) is QFileDialog  # a subclass would stop Qt using the native dialog
    assert not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave


def when_modal(kind: type, act: Callable[[object], None]) -> None:
    """Runs `act` on the next modal window of `kind` once it is open."""

    def handle() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            QTimer.singleShot(10, handle)
            return
        act(modal)

    QTimer.singleShot(0, handle)


def test_replacing_a_file_is_asked_in_indonesian_and_refusing_keeps_the_dialog_open(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_dialogs.sys, "platform", "linux")
    existing = tmp_path / "rekap-november.xlsx"
    existing.write_bytes(b"PK")
    questions: list[str] = []

    def answer(box: object, button_text: str, then: Callable[[], None]) -> None:
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == button_text]
        button.click()
        then()

    def save_dialog(dialog: object) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile("rekap-november")  # the suffix is added by the dialog
        when_modal(QMessageBox, lambda box: answer(box, "Batal", lambda: second_try(dialog)))
        dialog.accept()

    def second_try(dialog: QFileDialog) -> None:
        assert dialog.isVisible(), "refusing to replace closed the dialog"
        when_modal(QMessageBox, lambda box: answer(box, "Ya, ganti", lambda: None))
        QTimer.singleShot(0, dialog.accept)

    when_modal(QFileDialog, save_dialog)
    chosen = choose_file_to_save(
        None, "Simpan sebagai XLSX", tmp_path / "rekap.xlsx", "Buku kerja Excel (*.xlsx)", "xlsx"
    )
    assert chosen == existing
    assert (
        questions == [f"rekap-november.xlsx sudah ada di {tmp_path}. Ganti dengan yang baru?"] * 2
    )
