"""Settings: which database this desk uses, its own or the office's shared PostgreSQL server.

"Tes koneksi" and "Simpan" run the use cases on the worker (a server that does not answer
takes up to the connect timeout); what is wrong is said in red under the form. The desk in use
keeps its database until it is opened again: the page says so and emits `switched`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.database import connecting, moving
from loket.core.database.connecting import ConnectionCheck, DeskConnected
from loket.core.database.moving import OfficeMoved
from loket.datadir import DEFAULT_POSTGRES_PORT, DataDir, ServerAddress
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.context import DeskContext, bug_detail
from loket.ui.kit.dialogs import (
    InlineMessage,
    add_field,
    confirm,
    enter_moves_on,
    form_layout,
    hint_label,
)
from loket.ui.kit.tasks import TaskRunner
from loket.ui.kit.widgets import key_button
from loket.ui.settings.common import Section, radio_choices, section_box

T = TypeVar("T")
LOCAL = "local"
SERVER = "server"


def check_sentence(check: ConnectionCheck) -> str:
    """What "Tes koneksi" found, and what saving would do with it."""
    found = _("Koneksi berhasil: {database} di server {host}, PostgreSQL {version}.").format(
        database=check.address.database, host=check.address.host, version=check.version
    )
    if check.empty:
        then = _(
            "Basis data itu masih kosong: bila disimpan, kantor baru dibuat di sana, dan kantor "
            "di PC ini tidak ikut pindah. Untuk membawanya: Pindahkan kantor ini ke server."
        )
    elif check.up_to_date:
        then = _("Basis data itu sudah berisi kantor yang dipakai loket lain.")
    else:
        then = _("Basis data itu akan diperbarui ke versi program ini saat disimpan.")
    return f"{found} {then}"


class ServerForm(QWidget):
    """The office's server as the IT person reads it off the server PC: address, port, database,
    user and password. Shared by Pengaturan › Basis data and the set-up wizard of a new desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("192.168.1.10")
        self.port = QLineEdit(str(DEFAULT_POSTGRES_PORT), self)
        self.port.setMaxLength(5)
        self.database_name = QLineEdit(self)
        self.database_name.setPlaceholderText("loket")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText("loket")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        add_field(form, _("Alamat server"), self.host, _("Nama PC server atau alamat IP tetapnya."))
        add_field(form, _("Port"), self.port, _("Biasanya 5432."))
        add_field(form, _("Nama basis data"), self.database_name)
        add_field(form, _("Pengguna"), self.user)
        add_field(
            form,
            _("Kata sandi"),
            self.password,
            _("Disimpan di penyimpan kredensial Windows, tidak di berkas biasa."),
        )
        self.setLayout(form)

    @property
    def fields(self) -> tuple[QLineEdit, ...]:
        """In the order they are filled in."""
        return (self.host, self.port, self.database_name, self.user, self.password)

    def show_address(self, address: ServerAddress) -> None:
        self.host.setText(address.host)
        self.port.setText(str(address.port))
        self.database_name.setText(address.database)
        self.user.setText(address.user)

    def address(self) -> ServerAddress:
        """The address typed; AddressUnusable says what is missing or wrong."""
        return connecting.server_address(
            self.host.text(), self.port.text(), self.database_name.text(), self.user.text()
        )


def typed_address(form: ServerForm, message: InlineMessage) -> ServerAddress | None:
    """The address in the form, or None with what is wrong said in red."""
    try:
        return form.address()
    except connecting.AddressUnusable as refusal:
        message.show_error(refusal.message)
        return None


class DatabaseSection(Section):
    switched = Signal(str)  # what the desk will open next time, as the admin was told

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        current = context.data.server
        choice_box, choice_layout = section_box(_("Basis data yang dipakai loket ini"), self)
        self.now_label = hint_label(
            _("Sekarang: {where}").format(where=context.database.location), self
        )
        choice_layout.addWidget(self.now_label)
        self.choices = radio_choices(
            choice_layout,
            [
                (
                    LOCAL,
                    _("Loket ini saja"),
                    _("Basis data di PC ini. Cocok bila kantor hanya punya satu loket."),
                ),
                (
                    SERVER,
                    _("Server PostgreSQL bersama"),
                    _(
                        "Semua loket kantor memakai satu basis data di PC server, jadi melihat "
                        "kartu yang sama dan tidak menyerahkan satu kartu dua kali."
                    ),
                ),
            ],
        )
        self.form = ServerForm(self)
        self.host, self.port, self.database_name, self.user, self.password = self.form.fields
        server_box, server_layout = section_box(_("Server PostgreSQL"), self)
        server_layout.addWidget(self.form)
        self.server_box = server_box
        self.body.addWidget(choice_box)
        self.body.addWidget(server_box)
        self.test_button = QPushButton(_("Tes koneksi"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan pilihan basis data"), self.save, primary=True
        )
        self.move_button = QPushButton(_("Pindahkan kantor ini ke server"), self)
        self.move_button.clicked.connect(self.move_office)
        self.move_button.setVisible(current is None)  # only an office in this PC's own file
        self.buttons.addWidget(self.test_button)
        self.buttons.addWidget(self.move_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self._show_current(current)
        for button in self.choices.values():
            button.toggled.connect(lambda _on: self._follow_choice())
        self._follow_choice()

    def _show_current(self, current: ServerAddress | None) -> None:
        self.choices[LOCAL if current is None else SERVER].setChecked(True)
        if current is not None:
            self.form.show_address(current)

    def _follow_choice(self) -> None:
        on_server = self.chosen() == SERVER
        self.server_box.setEnabled(on_server)
        self.test_button.setEnabled(on_server)
        self.move_button.setEnabled(on_server)
        self.message.clear_message()

    def chosen(self) -> str:
        return SERVER if self.choices[SERVER].isChecked() else LOCAL

    def focus_first(self) -> None:
        target = self.host if self.chosen() == SERVER else self.choices[LOCAL]
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _address(self) -> ServerAddress | None:
        return typed_address(self.form, self.message)

    def test_connection(self) -> None:
        address = self._address()
        if address is None:
            return
        password = self.password.text()
        self.message.show_info(_("Menghubungi server {host}...").format(host=address.host))
        self._on_worker(
            lambda: connecting.check_connection(address, password),
            lambda check: self.message.show_info(check_sentence(check)),
        )

    def _on_worker(
        self, task: Callable[[], T], done: Callable[[T], None], working: str = ""
    ) -> None:
        """The buttons wait for the answer; a refusal is said in red under the form."""
        self._context.run(
            task,
            done,
            refused=self.message.show_error,
            busy=(self.test_button, self.move_button, self.save_button),
            working=working,
        )

    def move_office(self) -> None:
        """The office in this PC's file copied to the empty server, checked, then switched."""
        address = self._address()
        if address is None:
            return
        question = _(
            "Semua kartu, serah terima, pengembalian, akun petugas dan daftar dokumen kantor di "
            "PC ini disalin ke {database} di server {host}, yang harus masih kosong. Berkas "
            "basis data di PC ini tidak diubah. Setelah selesai, tutup Loket KTP-el dan buka "
            "lagi. Pindahkan sekarang?"
        ).format(database=address.database, host=address.host)
        if not confirm(self, _("Pindahkan kantor ke server"), question, _("Pindahkan"), _("Batal")):
            return
        data, password = self._context.data, self.password.text()
        self.message.show_info(_("Menghubungi server {host}...").format(host=address.host))
        self._on_worker(
            lambda: moving.move_office(data, address, password),
            self._moved,
            working=_("Kantor sedang disalin ke server..."),
        )

    def _moved(self, moved: OfficeMoved) -> None:
        self.password.clear()
        self.move_button.setVisible(False)
        self._switched(moving.moved_sentence(moved))

    def save(self) -> None:
        data = self._context.data
        if self.chosen() == LOCAL:
            self._on_worker(
                lambda: connecting.use_local(data),
                lambda path: self._switched(
                    _("Loket ini akan memakai basis data di PC ini ({path}).").format(path=path)
                ),
            )
            return
        address = self._address()
        if address is None:
            return
        password = self.password.text()
        self.message.show_info(_("Menghubungi server {host}...").format(host=address.host))
        self._on_worker(lambda: connecting.connect_desk(data, address, password), self._connected)

    def _connected(self, connected: DeskConnected) -> None:
        self.password.clear()
        self._switched(connecting.connected_sentence(connected))

    def _switched(self, what: str) -> None:
        restart = _("Tutup Loket KTP-el dan buka lagi agar loket ini memakai basis data itu.")
        self.message.show_info(f"{what} {restart}")
        self._context.feedback.ok(_("Pilihan basis data disimpan"), restart)
        self.switched.emit(what)


class ConnectToServerDialog(QDialog):
    """A new PC joins an office whose desks share a server: from the set-up wizard, so that the
    second and third desk need no command line. Connected, the desk opens the server's office at
    its next step (the login window); nothing of the office is typed in again."""

    def __init__(self, data: DataDir, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data, self._tasks = data, tasks
        self._busy = False
        self.connected: DeskConnected | None = None
        self.setWindowTitle(_("Sambungkan ke server kantor"))
        self.setMinimumWidth(620)
        intro = QLabel(
            _(
                "Untuk PC loket kedua, ketiga, dan seterusnya di kantor yang sudah memakai server "
                "PostgreSQL bersama. Alamat, nama basis data, pengguna dan kata sandinya "
                "diberikan oleh petugas TI yang menyiapkan server. Kantor, akun petugas dan "
                "kartu diambil dari server: tidak ada yang perlu diisi lagi."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form = ServerForm(self)
        self.message = InlineMessage()
        self.test_button = QPushButton(_("Tes koneksi"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.connect_button = QPushButton(_("Sambungkan"), self)
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_desk)
        self.cancel_button = QPushButton(_("Batal"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        enter_moves_on(self.form.fields, self.connect_desk)
        self.form.host.setFocus(Qt.FocusReason.OtherFocusReason)

    def _address(self) -> ServerAddress | None:
        return typed_address(self.form, self.message)

    def _on_worker(
        self, address: ServerAddress, task: Callable[[], T], done: Callable[[T], None]
    ) -> None:
        """One answer at a time; the buttons wait for it, a refusal is said in red."""
        if self._busy:
            return
        self._busy = True
        for button in (self.test_button, self.connect_button):
            button.setEnabled(False)
        self.message.show_info(_("Menghubungi server {host}...").format(host=address.host))

        def answered(result: T) -> None:
            self._finish()
            done(result)

        def refused(error: BaseException) -> None:
            self._finish()
            known = isinstance(error, LoketError)
            self.message.show_error(error.message if known else bug_detail())

        self._tasks.run(task, answered, refused)

    def _finish(self) -> None:
        self._busy = False
        for button in (self.test_button, self.connect_button):
            button.setEnabled(True)

    def test_connection(self) -> None:
        address, password = self._address(), self.form.password.text()
        if address is not None:
            self._on_worker(
                address,
                lambda: connecting.check_connection(address, password),
                lambda check: self.message.show_info(check_sentence(check)),
            )

    def connect_desk(self) -> None:
        address, password, data = self._address(), self.form.password.text(), self._data
        if address is not None:
            self._on_worker(
                address, lambda: connecting.connect_desk(data, address, password), self._done
            )

    def _done(self, connected: DeskConnected) -> None:
        self.connected = connected
        self.form.password.clear()
        self.accept()

    def reject(self) -> None:
        if not self._busy:  # the server's answer comes first
            super().reject()
