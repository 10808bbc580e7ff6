"""Choosing a file to open or a name to save as, in the desk's language.

On Windows (and macOS) the platform's own dialog is used: it speaks the PC's language, which
is right. Elsewhere the platform dialog is Qt's own, and Qt ships no Indonesian (there is no
qtbase_id.qm), so its labels, buttons, tool tips and menu are set here, and the replace
question is asked with our own words. It shows names only (the list view): the columns of the
detail view (size, type, date) are Qt's English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QToolButton, QWidget

from loket.i18n import _
from loket.ui.kit.dialogs import ask, confirm

#: Where the platform has a file dialog of its own, in the PC's language.
NATIVE_PLATFORMS = ("win32", "darwin")

_Label = QFileDialog.DialogLabel
_Option = QFileDialog.Option


def uses_native_dialog() -> bool:
    return sys.platform in NATIVE_PLATFORMS


def _tool_tips() -> dict[str, str]:
    return {
        "backButton": _("Kembali"),
        "forwardButton": _("Maju"),
        "toParentButton": _("Folder induk"),
        "newFolderButton": _("Buat folder baru"),
    }


def _menu_texts() -> dict[str, str]:
    return {
        "qt_rename_action": _("&Ganti nama"),
        "qt_delete_action": _("&Hapus"),
        "qt_show_hidden_action": _("Tampilkan berkas &tersembunyi"),
        "qt_new_folder_action": _("Folder &baru"),
    }


def _places() -> list[QUrl]:
    """The side bar: the user's own folders (Qt's default adds "Computer", in English)."""
    kinds = (
        QStandardPaths.StandardLocation.HomeLocation,
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.DesktopLocation,
        QStandardPaths.StandardLocation.DownloadLocation,
    )
    folders = dict.fromkeys(QStandardPaths.writableLocation(kind) for kind in kinds)
    return [QUrl.fromLocalFile(folder) for folder in folders if folder and Path(folder).is_dir()]


class IndonesianFileDialog(QFileDialog):
    """Qt's own file dialog with every word it shows in Indonesian."""

    def __init__(
        self, parent: QWidget | None, title: str, folder: Path, filters: str, save: bool
    ) -> None:
        super().__init__(parent, title, str(folder), filters)
        self.setOption(_Option.DontUseNativeDialog, True)
        self.setOption(_Option.DontConfirmOverwrite, True)  # asked in Indonesian in accept()
        self.setAcceptMode(
            QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
        )
        self.setLabelText(_Label.LookIn, _("Cari di:"))
        self.setLabelText(_Label.FileName, _("Nama berkas:"))
        self.setLabelText(_Label.FileType, _("Jenis berkas:"))
        self.setLabelText(_Label.Accept, _("Simpan") if save else _("Buka"))
        self.setLabelText(_Label.Reject, _("Batal"))
        self.setViewMode(QFileDialog.ViewMode.List)
        for button in self.findChildren(QToolButton):
            name = button.objectName()
            if name in ("listModeButton", "detailModeButton"):
                button.hide()  # the detail view's columns are Qt's English
            elif name in _tool_tips():
                button.setToolTip(_tool_tips()[name])
                button.setAccessibleName(_tool_tips()[name])
        for action in self.findChildren(QAction):
            text = _menu_texts().get(action.objectName())
            if text:
                action.setText(text)
        self.setSidebarUrls(_places())

    def accept(self) -> None:
        chosen = self.selectedFiles()
        saving = self.acceptMode() is QFileDialog.AcceptMode.AcceptSave
        if saving and chosen and Path(chosen[0]).is_file():
            target = Path(chosen[0])
            if not confirm(
                self,
                _("Ganti berkas?"),
                _("{name} sudah ada di {folder}. Ganti dengan yang baru?").format(
                    name=target.name, folder=target.parent
                ),
                _("Ya, ganti"),
                _("Batal"),
            ):
                return
        super().accept()


def file_dialog(
    parent: QWidget | None, title: str, folder: Path, filters: str, *, save: bool
) -> QFileDialog:
    """The dialog, not shown yet: the platform's own where it has one, else ours."""
    if not uses_native_dialog():
        return IndonesianFileDialog(parent, title, folder, filters, save)
    dialog = QFileDialog(parent, title, str(folder), filters)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog


def _chosen(dialog: QFileDialog) -> Path | None:
    if not ask(dialog):
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files else None


def choose_file_to_open(
    parent: QWidget | None, title: str, folder: Path, filters: str
) -> Path | None:
    """An existing file the user picked, or None when the dialog was cancelled."""
    dialog = file_dialog(parent, title, folder, filters, save=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def choose_file_to_save(
    parent: QWidget | None, title: str, suggested: Path, filters: str, suffix: str
) -> Path | None:
    """Where to save (`suggested` to begin with), ending in `.suffix`; None when cancelled.

    A file that is there already is replaced only once the user said so.
    """
    dialog = file_dialog(parent, title, suggested.parent, filters, save=True)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix)
    dialog.selectFile(suggested.name)
    chosen = _chosen(dialog)
    if chosen is None or chosen.suffix.lower() == f".{suffix}":
        return chosen
    return chosen.with_name(f"{chosen.name}.{suffix}")
