"""The dialogs an admin uses on staff accounts: add, password, role, name and NIP."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia.nip import nip_problem
from loket.core.staff import accounts
from loket.core.staff.accounts import StaffAccount
from loket.core.staff.members import MIN_PASSWORD_LENGTH, role_label, suggest_username
from loket.domain.states import Role
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, enter_moves_on, form_layout, hint_label
from loket.ui.kit.work_dialog import WorkDialog
from loket.ui.settings.staff_model import role_explanation

_Index = QModelIndex | QPersistentModelIndex


class AccountDialog(WorkDialog):
    """A small form: fields, a red message under them, Batal (Esc) and the action (Enter)."""

    def __init__(
        self, context: DeskContext, title: str, intro: str, accept_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(context, parent)
        self.account: StaffAccount | None = None  # the account as saved, once accepted
        self.setWindowTitle(title)
        self.setMinimumWidth(660)
        self.intro = hint_label(intro)
        self.form = form_layout()
        self.message = self.error
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
        layout.addWidget(self.working)
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
        if self.running:
            return
        task = self.save()
        if task is None:
            return

        def saved(account: StaffAccount) -> None:
            self.account = account
            self.accept()

        self.run_work(
            task,
            saved,
            working=_("Menyimpan…"),
            buttons=(self.accept_button, self.cancel_button),
            refused=self.refuse,
        )

    def save(self) -> Callable[[], StaffAccount] | None:
        """The core call to run on the worker; None (after `refuse`) when the form is not right."""
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


class AddStaffDialog(AccountDialog):
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

    def save(self) -> Callable[[], StaffAccount] | None:
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
        database, actor = self._context.database, self._context.staff
        username, password, role = (
            self.username.text(),
            self.password.text(),
            self.role.currentData(),
        )
        full_name, nip = self.full_name.text(), self.nip.text()

        def add() -> StaffAccount:
            member = accounts.add_staff(
                database, actor, username, password, role, full_name=full_name, nip=nip
            )
            return next(a for a in accounts.list_staff(database) if a.id == member.id)

        return add


class PasswordDialog(AccountDialog):
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

    def save(self) -> Callable[[], StaffAccount] | None:
        problem = _passwords_problem(self.password, self.password_again)
        if problem:
            self.refuse(problem, self.password)
            return None
        context, target, password = self._context, self._target.id, self.password.text()
        return lambda: accounts.reset_password(context.database, context.staff, target, password)


class RoleDialog(AccountDialog):
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

    def save(self) -> Callable[[], StaffAccount] | None:
        context, target, role = self._context, self._target.id, self.chosen()
        return lambda: accounts.change_role(context.database, context.staff, target, role)


class DetailsDialog(AccountDialog):
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

    def save(self) -> Callable[[], StaffAccount] | None:
        if not self.full_name.text().strip():
            self.refuse(_("Isi nama lengkap petugas."), self.full_name)
            return None
        context, target = self._context, self._target.id
        name, nip = self.full_name.text(), self.nip.text()
        return lambda: accounts.change_details(context.database, context.staff, target, name, nip)
