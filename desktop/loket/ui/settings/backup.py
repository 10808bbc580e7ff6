"""Pengaturan › Cadangan: the last good copy and where it is, how many are kept, a second
folder, "Buat cadangan sekarang" and "Pulihkan dari cadangan…" (the admin's password again)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.core.backup import automatic
from loket.core.backup.automatic import BackupStatus
from loket.core.backup.restoring import RestoreResult, restore_at_desk, restored_sentence
from loket.core.backup.taking import BackupResult
from loket.core.settings.desk import load_desk_settings, save_desk_settings
from loket.core.settings.shared import OfficeSettings, load_settings, save_settings
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, ask, form_layout, hint_label
from loket.ui.kit.file_dialogs import choose_file_to_open
from loket.ui.kit.widgets import key_button
from loket.ui.settings.common import Section, section_box


class RestorePasswordDialog(QDialog):
    """What a restore does, and the admin's password once more before it is done."""

    def __init__(self, file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Pulihkan dari cadangan"))
        explanation = QLabel(
            _(
                "Data kantor akan diganti dengan isi cadangan {name}. Keadaan sekarang disimpan "
                "dulu di folder cadangan, tidak ada yang dihapus. Sesudahnya program dibuka "
                "ulang dan menunjukkan data seperti saat cadangan itu dibuat."
            ).format(name=file.name),
            self,
        )
        explanation.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = form_layout()
        add_field(form, _("Kata sandi admin"), self.password)
        self.accept_button = QPushButton(_("Pulihkan"), self)
        self.accept_button.setObjectName("primary")
        self.accept_button.clicked.connect(self.accept)
        cancel = QPushButton(_("Batal (Esc)"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.password.setFocus()


def restart_program(parent: QWidget, text: str) -> None:
    """Says what the office now shows, then starts the program again on it."""
    box = QMessageBox(QMessageBox.Icon.Information, _("Kantor dipulihkan"), text, parent=parent)
    box.addButton(_("Buka ulang program"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    arguments = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
    QProcess.startDetached(sys.executable, arguments)
    QApplication.quit()


class BackupSection(Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        #: After a restore: (window, what to say). Replaced in tests.
        self.restart: Callable[[QWidget, str], None] = restart_program
        last_box, last_layout = section_box(_("Cadangan terakhir"), self)
        self.last_label = QLabel(_("Memuat…"), self)
        self.last_label.setWordWrap(True)
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        last_layout.addWidget(self.last_label)
        when = (
            _(
                "Program membuat cadangan seluruh kantor sendiri: sekali sehari oleh loket yang "
                "pertama dibuka hari itu, dan oleh loket yang menutup kiriman, pengembalian atau "
                "pengantaran. Setiap cadangan diperiksa dulu sebelum dihitung."
            )
            if context.database.on_server
            else _(
                "Program membuat cadangan sendiri saat pertama dibuka setiap hari dan "
                "sesudah kiriman, pengembalian atau pengantaran ditutup. Setiap cadangan "
                "diperiksa dulu sebelum dihitung."
            )
        )
        self.when_hint = hint_label(when)
        last_layout.addWidget(self.when_hint)
        keep_box, keep_layout = section_box(_("Cadangan yang disimpan"), self)
        form = form_layout()
        self.daily, self.weekly, self.monthly = (QSpinBox(self) for _n in range(3))
        for spin, suffix in (
            (self.daily, _(" hari terakhir")),
            (self.weekly, _(" minggu terakhir")),
            (self.monthly, _(" bulan terakhir")),
        ):
            spin.setRange(0, 366)
            spin.setSuffix(suffix)
            spin.setMinimumWidth(180)
        add_field(form, _("Harian"), self.daily)
        add_field(form, _("Mingguan"), self.weekly)
        add_field(form, _("Bulanan"), self.monthly)
        keep_layout.addLayout(form)
        keep_layout.addWidget(
            hint_label(
                _(
                    "Dari setiap hari, minggu dan bulan itu disimpan cadangan terbarunya. "
                    "Cadangan yang paling baru tidak pernah dihapus."
                )
            )
        )
        second_box, second_layout = section_box(_("Folder cadangan kedua (di PC ini)"), self)
        self.second_folder = QLineEdit(self)
        self.second_folder.setPlaceholderText(_("mis. E:\\Cadangan Loket (flashdisk)"))
        choose = QPushButton(_("Pilih folder…"), self)
        choose.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.second_folder, 1)
        row.addWidget(choose)
        second_layout.addLayout(row)
        second_layout.addWidget(
            hint_label(
                _(
                    "Salinan yang sama ditulis juga ke sini. Bila flashdisk tidak terpasang, "
                    "hanya ada peringatan di baris status."
                )
            )
        )
        for box in (last_box, keep_box, second_box):
            self.body.addWidget(box)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan pengaturan cadangan"), self.save, primary=True
        )
        self.backup_button = key_button(self, "F6", _("Buat cadangan sekarang"), self.back_up)
        self.restore_button = key_button(self, "F8", _("Pulihkan dari cadangan…"), self.restore)
        self.buttons.addWidget(self.backup_button)
        self.buttons.addWidget(self.restore_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.save_button.setEnabled(False)
        self.refresh()

    def focus_first(self) -> None:
        self.daily.setFocus()

    def refresh(self) -> None:
        database, data = self._context.database, self._context.data
        self._context.run(
            lambda: automatic.backup_status(database, data),
            self._show,
            title=_("Keadaan cadangan belum bisa dimuat"),
        )

    def _show(self, status: BackupStatus) -> None:
        last = status.last_good
        if last is None or last.taken_at is None:
            self.last_label.setText(
                _("Belum ada cadangan di {folder}.").format(folder=status.folder)
            )
        else:
            when = last.taken_at.astimezone(self._context.office.zone)
            self.last_label.setText(
                _("{when}: {contents}\n{path}\n{copies} cadangan tersimpan di folder ini.").format(
                    when=when.strftime("%d-%m-%Y %H:%M"),
                    contents=last.contents,
                    path=last.path,
                    copies=status.copies,
                )
            )
        office = status.office_copy
        if office is not None:
            when = office.taken_at.astimezone(self._context.office.zone)
            said = _("Cadangan kantor terakhir (semua loket): {when} oleh {desk}, di {path}.")
            shown = when.strftime("%d-%m-%Y %H:%M")
            told = said.format(when=shown, desk=office.desk or "?", path=office.path)
            self.last_label.setText(f"{self.last_label.text()}\n{told}")
        self.daily.setValue(status.retention.daily)
        self.weekly.setValue(status.retention.weekly)
        self.monthly.setValue(status.retention.monthly)
        self.second_folder.setText(str(status.second_folder or ""))
        self.save_button.setEnabled(True)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Pilih folder cadangan kedua"), self.second_folder.text()
        )
        if chosen:
            self.second_folder.setText(chosen)

    def save(self) -> None:
        context = self._context
        counts = (self.daily.value(), self.weekly.value(), self.monthly.value())
        folder = self.second_folder.text().strip()

        def store() -> OfficeSettings:
            root = context.data.root
            desk = dataclasses.replace(load_desk_settings(root), backup_second_folder=folder)
            save_desk_settings(root, desk)
            wanted = dataclasses.replace(
                load_settings(context.database),
                backups_daily=counts[0],
                backups_weekly=counts[1],
                backups_monthly=counts[2],
            )
            return save_settings(context.database, context.staff, wanted)

        def stored(_wanted: OfficeSettings) -> None:
            self.message.clear_message()
            context.feedback.ok(
                _("Pengaturan cadangan disimpan"),
                _("Disimpan: {daily} harian, {weekly} mingguan, {monthly} bulanan.").format(
                    daily=counts[0], weekly=counts[1], monthly=counts[2]
                ),
            )

        context.run(store, stored, refused=self.message.show_error, busy=(self.save_button,))

    def back_up(self) -> None:
        context = self._context
        database, data = context.database, context.data

        def made(result: BackupResult) -> None:
            self.message.clear_message()
            if result.warnings:
                self.message.show_info(" ".join(result.warnings))
            context.feedback.ok(_("Cadangan dibuat dan sudah diperiksa"), str(result.path))
            self.refresh()

        context.run(
            lambda: automatic.back_up_now(database, data),
            made,
            refused=self.message.show_error,
            busy=(self.backup_button, self.restore_button),
            working=_("Membuat dan memeriksa cadangan…"),
        )

    def restore(self) -> None:
        context = self._context
        if context.database.on_server:
            self.message.show_info(
                _(
                    "Loket ini memakai basis data bersama di server, yang sedang dipakai semua "
                    "loket. Cadangan hanya bisa dipulihkan ke basis data server yang kosong: "
                    "minta petugas TI membuat basis data baru yang kosong (atau menghapus dan "
                    "membuat ulang basis data ini), lalu jalankan di PC ini: loket restore "
                    "BERKAS. Tidak ada yang diubah."
                )
            )
            return
        file = choose_file_to_open(
            self,
            _("Pilih berkas cadangan"),
            context.data.backups,
            _("Cadangan Loket (cadangan-*.sqlite3);;Semua berkas (*)"),
        )
        if file is None:
            return
        dialog = RestorePasswordDialog(file, self)
        if not ask(dialog):
            return
        self.restore_file(file, dialog.password.text())

    def restore_file(self, file: Path, password: str) -> None:
        context = self._context
        database, data, admin = context.database, context.data, context.staff

        def restored(result: RestoreResult) -> None:
            when = result.check.taken_at
            shown = when.astimezone(context.office.zone).strftime("%d-%m-%Y %H:%M") if when else "?"
            self.restart(self, restored_sentence(file.name, shown, result))

        context.run(
            lambda: restore_at_desk(database, data, admin, password, file),
            restored,
            refused=self.message.show_error,
            busy=(self.backup_button, self.restore_button),
            working=_("Memeriksa dan memulihkan cadangan…"),
        )
