"""Petugas: the table of accounts, and the dialogs that add one or change one."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from loket.core import staff
from loket.core.errors import LoketError
from loket.core.nip import nip_problem
from loket.core.staff import MIN_PASSWORD_LENGTH, StaffAccount, role_label
from loket.db.models import Role
from loket.i18n import _
from loket.ui.context import DeskContext
from loket.ui.dialogs import (
    InlineMessage,
    add_field,
    confirm,
    enter_moves_on,
    form_layout,
    hint_label,
)
from loket.ui.setup_wizard import suggest_username
from loket.ui.widgets import key_button

_Index = QModelIndex | QPersistentModelIndex
_INACTIVE = "#7b8794"
_LOCKED = "#b3261e"
USERNAME, NAME, NIP, ROLE, STATUS, LOCK = range(6)


def role_explanation(role: Role) -> str:
    return {
        Role.OPERATOR: _("Menerima kiriman, menyerahkan kartu, mencetak tanda terima dan laporan."),
        Role.SUPERVISOR: _(
            "Seperti petugas loket, ditambah membatalkan penyerahan dan mengembalikan kartu."
        ),
        Role.ADMIN: _("Semua pekerjaan, ditambah Pengaturan: kantor, printer, kebijakan, akun."),
    }[role]


def grouped_nip(nip: str) -> str:
    """ "19680512 199403 1 007", as a NIP is read aloud and printed."""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


class StaffAccountsModel(QAbstractTableModel):
    """Every account; a disabled one greyed, a locked one with the time its lock ends."""

    def __init__(self, current_id: int, zone: ZoneInfo) -> None:
        super().__init__()
        self._current_id = current_id
        self._zone = zone
        self._accounts: list[StaffAccount] = []
        self._headers = (
            _("Nama pengguna"),
            _("Nama"),
            _("NIP"),
            _("Peran"),
            _("Status"),
            _("Kunci"),
        )

    def reset(self, accounts: list[StaffAccount]) -> None:
        self.beginResetModel()
        self._accounts = list(accounts)
        self.endResetModel()

    def account_at(self, row: int) -> StaffAccount | None:
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def row_of(self, staff_id: int) -> int:
        return next((row for row, a in enumerate(self._accounts) if a.id == staff_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._accounts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        account = self.account_at(index.row()) if index.isValid() else None
        if account is None or not 0 <= index.column() < len(self._headers):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(account, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == LOCK and account.locked:
                return QBrush(QColor(_LOCKED))
            return QBrush(QColor(_INACTIVE)) if not account.active else None
        if role == Qt.ItemDataRole.ToolTipRole and column == LOCK and account.locked:
            return _(
                "Terlalu banyak kata sandi salah. Buka kuncinya, atau atur ulang kata sandinya."
            )
        return None

    def _text(self, account: StaffAccount, column: int) -> str:
        if column == USERNAME:
            return account.username
        if column == NAME:
            you = _(" (Anda)") if account.id == self._current_id else ""
            return f"{account.full_name or '—'}{you}"
        if column == NIP:
            return grouped_nip(account.nip) or "—"
        if column == ROLE:
            return role_label(account.role)
        if column == STATUS:
            return _("Aktif") if account.active else _("Nonaktif")
        if account.locked_until is None:
            return "—"
        until = account.locked_until.astimezone(self._zone)
        return _("Terkunci s.d. {time}").format(time=f"{until:%H.%M}")


class _AccountDialog(QDialog):
    """A small form: fields, a red message under them, Batal (Esc) and the action (Enter)."""

    def __init__(
        self, context: DeskContext, title: str, intro: str, accept_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.account: StaffAccount | None = None  # the account as saved, once accepted
        self.setWindowTitle(title)
        self.setMinimumWidth(660)
        self.intro = hint_label(intro)
        self.form = form_layout()
        self.message = InlineMessage()
        self.accept_button = QPushButton(accept_text)
        self.accept_button.setObjectName("primary")
        self.accept_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Batal (Esc)"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(14)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)

    def refuse(self, text: str, field: QWidget | None = None) -> None:
        self.message.show_error(text)
        if field is not None:
            field.setFocus()

    def submit(self) -> None:
        try:
            self.account = self.save()
        except LoketError as refused:
            self.refuse(refused.message)
            return
        if self.account is not None:
            self.accept()

    def save(self) -> StaffAccount | None:
        """Writes through the core; None (after `refuse`) when the form is not right yet."""
        raise NotImplementedError


def _line(placeholder: str = "", password: bool = False) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    if password:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _passwords_problem(password: QLineEdit, again: QLineEdit) -> str | None:
    if len(password.text()) < MIN_PASSWORD_LENGTH:
        return _("Kata sandi terlalu pendek: paling sedikit {count} karakter.").format(
            count=MIN_PASSWORD_LENGTH
        )
    if password.text() != again.text():
        password.clear()
        again.clear()
        return _("Kedua kata sandi tidak sama. Ketik ulang kata sandi di kedua kotak.")
    return None


class AddStaffDialog(_AccountDialog):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            _("Tambah petugas"),
            _("Akun baru langsung bisa dipakai untuk masuk. Berikan kata sandinya secara pribadi."),
            _("Tambah petugas (Ctrl+Enter)"),
            parent,
        )
        self.full_name = _line(_("contoh: Dewi Lestari, S.E."))
        self.nip = _line(_("18 angka"))
        self.username = _line(_("contoh: dewi.lestari"))
        self.role = QComboBox()
        self.role.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for role in Role:
            self.role.addItem(role_label(role), role)
        self.password = _line(password=True)
        self.password_again = _line(password=True)
        add_field(self.form, _("Nama lengkap"), self.full_name)
        add_field(self.form, _("NIP"), self.nip, _("18 angka. Boleh dikosongkan."))
        add_field(
            self.form,
            _("Nama pengguna"),
            self.username,
            _("Untuk masuk: huruf kecil, angka, titik atau garis bawah, tanpa spasi."),
        )
        self.role_hint = hint_label("")
        add_field(self.form, _("Peran"), self.role)
        self.form.addRow("", self.role_hint)
        add_field(
            self.form,
            _("Kata sandi"),
            self.password,
            _("Paling sedikit {count} karakter.").format(count=MIN_PASSWORD_LENGTH),
        )
        add_field(self.form, _("Ulangi kata sandi"), self.password_again)
        self._username_typed = False
        self.full_name.textEdited.connect(self._suggest_username)
        self.username.textEdited.connect(lambda text: setattr(self, "_username_typed", bool(text)))
        self.role.currentIndexChanged.connect(self._show_role_hint)
        enter_moves_on(
            [self.full_name, self.nip, self.username, self.password, self.password_again],
            self.submit,
        )
        self._show_role_hint()
        self.full_name.setFocus()

    def _suggest_username(self, full_name: str) -> None:
        if not self._username_typed:
            self.username.setText(suggest_username(full_name))

    def _show_role_hint(self) -> None:
        self.role_hint.setText(role_explanation(self.role.currentData()))

    def save(self) -> StaffAccount | None:
        if not self.full_name.text().strip():
            self.refuse(_("Isi nama lengkap petugas."), self.full_name)
            return None
        problem = nip_problem(self.nip.text(), _("petugas"))
        if problem:
            self.refuse(problem, self.nip)
            return None
        problem = _passwords_problem(self.password, self.password_again)
        if problem:
            self.refuse(problem, self.password)
            return None
        member = staff.add_staff(
            self._context.database,
            self._context.staff,
            self.username.text(),
            self.password.text(),
            self.role.currentData(),
            full_name=self.full_name.text(),
            nip=self.nip.text(),
        )
        return next(a for a in staff.list_staff(self._context.database) if a.id == member.id)


class PasswordDialog(_AccountDialog):
    def __init__(
        self, context: DeskContext, account: StaffAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context,
            _("Atur ulang kata sandi"),
            _(
                "Kata sandi baru untuk {name} ({username}). Bila akunnya terkunci, kuncinya "
                "ikut dibuka."
            ).format(name=account.display_name, username=account.username),
            _("Simpan kata sandi (Ctrl+Enter)"),
            parent,
        )
        self._target = account
        self.password = _line(password=True)
        self.password_again = _line(password=True)
        add_field(
            self.form,
            _("Kata sandi baru"),
            self.password,
            _("Paling sedikit {count} karakter.").format(count=MIN_PASSWORD_LENGTH),
        )
        add_field(self.form, _("Ulangi kata sandi"), self.password_again)
        enter_moves_on([self.password, self.password_again], self.submit)
        self.password.setFocus()

    def save(self) -> StaffAccount | None:
        problem = _passwords_problem(self.password, self.password_again)
        if problem:
            self.refuse(problem, self.password)
            return None
        context = self._context
        return staff.reset_password(
            context.database, context.staff, self._target.id, self.password.text()
        )


class RoleDialog(_AccountDialog):
    def __init__(
        self, context: DeskContext, account: StaffAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context,
            _("Ubah peran"),
            _("Peran {name} ({username}) menentukan pekerjaan yang boleh dilakukannya.").format(
                name=account.display_name, username=account.username
            ),
            _("Simpan peran (Ctrl+Enter)"),
            parent,
        )
        self._target = account
        self.choices = QButtonGroup(self)
        self.buttons: dict[Role, QRadioButton] = {}
        for role in Role:
            button = QRadioButton(role_label(role))
            button.setChecked(role is account.role)
            self.choices.addButton(button)
            self.buttons[role] = button
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(button)
            explanation = hint_label(role_explanation(role))
            explanation.setContentsMargins(26, 0, 0, 4)
            column.addWidget(explanation)
            self.form.addRow(column)
        self.buttons[account.role].setFocus()

    def chosen(self) -> Role:
        return next(role for role, button in self.buttons.items() if button.isChecked())

    def save(self) -> StaffAccount | None:
        context = self._context
        return staff.change_role(context.database, context.staff, self._target.id, self.chosen())


class DetailsDialog(_AccountDialog):
    def __init__(
        self, context: DeskContext, account: StaffAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context,
            _("Ubah nama dan NIP"),
            _("Nama dan NIP ini tercetak di bawah tanda tangan {username}.").format(
                username=account.username
            ),
            _("Simpan (Ctrl+Enter)"),
            parent,
        )
        self._target = account
        self.full_name = _line()
        self.full_name.setText(account.full_name)
        self.nip = _line(_("18 angka"))
        self.nip.setText(account.nip)
        add_field(self.form, _("Nama lengkap"), self.full_name)
        add_field(self.form, _("NIP"), self.nip, _("18 angka. Boleh dikosongkan."))
        enter_moves_on([self.full_name, self.nip], self.submit)
        self.full_name.setFocus()

    def save(self) -> StaffAccount | None:
        if not self.full_name.text().strip():
            self.refuse(_("Isi nama lengkap petugas."), self.full_name)
            return None
        context = self._context
        return staff.change_details(
            context.database, context.staff, self._target.id, self.full_name.text(), self.nip.text()
        )


class StaffPanel(QWidget):
    """The Petugas section: every account, and what the admin may do with the selected one."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = StaffAccountsModel(context.staff.id, context.office.zone)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
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
        current = self.selected_account()
        self.model.reset(staff.list_staff(self._context.database))
        wanted = select_id if select_id is not None else current.id if current else None
        row = self.model.row_of(wanted) if wanted is not None else -1
        self.table.selectRow(max(row, 0))
        self._update_buttons()

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

    def _refused(self, refused: LoketError) -> None:
        self.message.show_error(refused.message)
        self.reload()

    def add_account(self) -> None:
        dialog = AddStaffDialog(self._context, self)
        if dialog.exec() and dialog.account is not None:
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
        if dialog.exec() and dialog.account is not None:
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
        if dialog.exec() and dialog.account is not None:
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
        if dialog.exec() and dialog.account is not None:
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
        try:
            unlocked = staff.unlock(self._context.database, self._context.staff, account.id)
        except LoketError as refused:
            self._refused(refused)
            return
        self._done(
            unlocked,
            _("Kunci akun {username} dibuka").format(username=account.username),
            _("Ia bisa masuk lagi dengan kata sandinya."),
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
        try:
            changed = staff.set_active(
                self._context.database, self._context.staff, account.id, enable
            )
        except LoketError as refused:
            self._refused(refused)
            return
        if enable:
            title = _("Akun {username} aktif lagi").format(username=account.username)
            detail = _("Ia bisa masuk lagi dengan kata sandinya yang lama.")
        else:
            title = _("Akun {username} dinonaktifkan").format(username=account.username)
            detail = _("Ia tidak bisa masuk lagi. Riwayat kerjanya tetap tersimpan.")
        self._done(changed, title, detail)
