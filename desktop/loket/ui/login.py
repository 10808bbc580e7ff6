"""The login screen shown at start: who is at the desk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.errors import LoketError
from loket.core.office import OfficeInfo
from loket.core.staff import StaffMember, log_in
from loket.db.engine import Database
from loket.i18n import _
from loket.ui.dialogs import InlineMessage, enter_moves_on, hint_label, scaled_font

PROGRAM_NAME = "Loket KTP-el"


def office_title(office: OfficeInfo) -> str:
    """ "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"."""
    village = _("Desa") if office.is_desa else _("Kelurahan")
    return _("{village} {name}, Kecamatan {kecamatan}, {kota}").format(
        village=village, name=office.kelurahan, kecamatan=office.kecamatan, kota=office.kota
    )


class LoginDialog(QDialog):
    """Username and password; Enter signs in, Esc leaves the program."""

    def __init__(
        self, database: Database, office_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._member: StaffMember | None = None
        self.setWindowTitle(_("Masuk · {program}").format(program=PROGRAM_NAME))

        self.program_label = QLabel(PROGRAM_NAME)
        self.program_label.setFont(scaled_font(self.program_label, 2.0, bold=True))
        self.office_label = QLabel(office_title)
        self.office_label.setWordWrap(True)
        self.office_label.setFont(scaled_font(self.office_label, 1.15))
        self.username = QLineEdit()
        self.username.setMaxLength(60)
        self.username.setAccessibleName(_("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Kata sandi"))
        self.message = InlineMessage()
        self.login_button = QPushButton(_("Masuk (Enter)"))
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(_("Keluar (Esc)"))
        self.quit_button.setAutoDefault(False)

        self._build_layout()
        self._connect_signals()
        self.username.setFocus()

    def staff_member(self) -> StaffMember | None:
        return self._member

    def _build_layout(self) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Nama pengguna"), self.username)
        form.addRow(_("Kata sandi"), self.password)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        for button in (self.quit_button, self.login_button):
            button.setMinimumHeight(int(button.sizeHint().height() * 1.2))
            button.setMinimumWidth(130)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(8)
        layout.addWidget(self.program_label)
        layout.addWidget(self.office_label)
        layout.addSpacing(8)
        layout.addWidget(rule)
        layout.addSpacing(10)
        layout.addWidget(hint_label(_("Masuk dengan akun petugas Anda.")))
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(
            hint_label(_("Lupa kata sandi? Minta admin kantor untuk mengaturnya ulang."))
        )
        self._reserve_room_for_a_message()
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.login_button)
        QWidget.setTabOrder(self.login_button, self.quit_button)

    def _reserve_room_for_a_message(self) -> None:
        """The window is sized once with room for a two-line message, so it never jumps."""
        self.message.show_error("M\nM")
        room = self.sizeHint()
        self.message.clear_message()
        self.setMinimumSize(max(room.width(), 500), room.height())

    def _connect_signals(self) -> None:
        enter_moves_on([self.username, self.password], self._submit)
        self.login_button.clicked.connect(self._submit)
        self.quit_button.clicked.connect(self.reject)

    def _submit(self) -> None:
        username = self.username.text().strip()
        if not username:
            self._refuse(_("Isi nama pengguna."), self.username)
            return
        if not self.password.text():
            self._refuse(_("Isi kata sandi."), self.password)
            return
        # Checking a password takes a noticeable moment on an old PC: say so with the cursor.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            member = log_in(self._database, username, self.password.text())
        except LoketError as failure:
            self.password.clear()
            self._refuse(failure.message, self.password)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._member = member
        self.message.clear_message()
        self.accept()

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_error(text)
        field.setFocus()
