"""Petugas: the table of accounts, and the dialogs that add one or change one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from loket.core.staff import accounts
from loket.core.staff.accounts import StaffAccount
from loket.core.staff.members import role_label
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, ask, confirm, hint_label
from loket.ui.kit.widgets import key_button, list_table
from loket.ui.settings.staff_dialogs import (
    AddStaffDialog,
    DetailsDialog,
    PasswordDialog,
    RoleDialog,
)
from loket.ui.settings.staff_model import NAME, StaffAccountsModel

_Index = QModelIndex | QPersistentModelIndex


class StaffPanel(QWidget):
    """The Petugas section: every account, and what the admin may do with the selected one."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = StaffAccountsModel(context.staff.id, context.office.zone)
        self.table = list_table(self, self.model, (NAME,))
        self.message = InlineMessage(self)

        self.add_button = key_button(self, "F6", _("Tambah petugas"), self.add_account)
        self.details_button = key_button(self, "F4", _("Ubah nama/NIP"), self.edit_details)
        self.password_button = key_button(
            self, "F7", _("Atur ulang kata sandi"), self.reset_password
        )
        self.role_button = key_button(self, "F8", _("Ubah peran"), self.change_role)
        self.unlock_button = key_button(self, "F11", _("Buka kunci"), self.unlock_account)
        self.active_button = key_button(self, "F10", _("Nonaktifkan"), self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addSpacing(12)
        for button in (
            self.details_button,
            self.password_button,
            self.role_button,
            self.unlock_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(
            hint_label(
                _(
                    "Akun yang dinonaktifkan tidak bisa masuk, tetapi namanya tetap ada di "
                    "riwayat dan dokumen lama. Akun tidak pernah dihapus."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_details())
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """Reads every account on the worker, keeping the chosen row chosen."""
        current = self.selected_account()
        wanted = select_id if select_id is not None else current.id if current else None
        database = self._context.database

        def listed(found: list[StaffAccount]) -> None:
            self.model.reset(found)
            row = self.model.row_of(wanted) if wanted is not None else -1
            self.table.selectRow(max(row, 0))
            self._update_buttons()

        self._context.run(
            lambda: accounts.list_staff(database), listed, refused=self.message.show_error
        )

    def selected_account(self) -> StaffAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.account_at(rows[0].row()) if rows else None

    def focus_first(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        account = self.selected_account()
        for button in (self.details_button, self.password_button, self.role_button):
            button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and account.locked)
        self.active_button.setEnabled(account is not None and account.id != self._context.staff.id)
        enable = account is not None and not account.active
        self.active_button.setText("F10  " + (_("Aktifkan lagi") if enable else _("Nonaktifkan")))

    def _require_selection(self) -> StaffAccount | None:
        account = self.selected_account()
        if account is None:
            self.message.show_error(_("Pilih dulu akun petugasnya di tabel."))
        return account

    def _done(self, account: StaffAccount, title: str, detail: str) -> None:
        self.message.clear_message()
        self.reload(account.id)
        self._context.feedback.ok(title, detail)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, message: str) -> None:
        self.message.show_error(message)
        self.reload()

    def add_account(self) -> None:
        dialog = AddStaffDialog(self._context, self)
        if ask(dialog) and dialog.account is not None:
            added = dialog.account
            self._done(
                added,
                _("Akun {username} ditambahkan").format(username=added.username),
                _("{name} sekarang bisa masuk sebagai {role}.").format(
                    name=added.display_name, role=role_label(added.role)
                ),
            )

    def edit_details(self) -> None:
        account = self._require_selection()
        if account is None:
            return
        dialog = DetailsDialog(self._context, account, self)
        if ask(dialog) and dialog.account is not None:
            self._done(
                dialog.account,
                _("Data {username} disimpan").format(username=account.username),
                _("Nama dan NIP yang baru tercetak di dokumen berikutnya."),
            )

    def reset_password(self) -> None:
        account = self._require_selection()
        if account is None:
            return
        dialog = PasswordDialog(self._context, account, self)
        if ask(dialog) and dialog.account is not None:
            self._done(
                dialog.account,
                _("Kata sandi {username} diganti").format(username=account.username),
                _("Berikan kata sandi baru itu secara pribadi. Akunnya tidak terkunci."),
            )

    def change_role(self) -> None:
        account = self._require_selection()
        if account is None:
            return
        dialog = RoleDialog(self._context, account, self)
        if ask(dialog) and dialog.account is not None:
            self._done(
                dialog.account,
                _("Peran {username}: {role}").format(
                    username=account.username, role=role_label(dialog.account.role)
                ),
                _("Berlaku mulai ia masuk lagi."),
            )

    def unlock_account(self) -> None:
        account = self._require_selection()
        if account is None:
            return
        context = self._context
        context.run(
            lambda: accounts.unlock(context.database, context.staff, account.id),
            lambda unlocked: self._done(
                unlocked,
                _("Kunci akun {username} dibuka").format(username=account.username),
                _("Ia bisa masuk lagi dengan kata sandinya."),
            ),
            refused=self._refused,
        )

    def toggle_active(self) -> None:
        account = self._require_selection()
        if account is None:
            return
        enable = not account.active
        if not enable and not confirm(
            self,
            _("Nonaktifkan akun?"),
            _(
                "{name} ({username}) tidak bisa masuk lagi sampai akunnya diaktifkan kembali. "
                "Riwayat kerjanya tetap tersimpan."
            ).format(name=account.display_name, username=account.username),
            _("Ya, nonaktifkan"),
            _("Batal"),
        ):
            return
        if enable:
            title = _("Akun {username} aktif lagi").format(username=account.username)
            detail = _("Ia bisa masuk lagi dengan kata sandinya yang lama.")
        else:
            title = _("Akun {username} dinonaktifkan").format(username=account.username)
            detail = _("Ia tidak bisa masuk lagi. Riwayat kerjanya tetap tersimpan.")
        context = self._context
        context.run(
            lambda: accounts.set_active(context.database, context.staff, account.id, enable),
            lambda changed: self._done(changed, title, detail),
            refused=self._refused,
        )
