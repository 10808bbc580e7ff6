"""Settings: which database this desk uses, its own or the office's shared PostgreSQL server.

"Tes koneksi" and "Simpan" run the use cases on the worker (a server that does not answer
takes up to the connect timeout); what is wrong is said in red under the form. The desk in use
keeps its database until it is opened again: the page says so and emits `switched`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from loket.core.database import connecting, moving
from loket.core.database.connecting import ConnectionCheck, DeskConnected
from loket.core.database.moving import OfficeMoved
from loket.datadir import DEFAULT_POSTGRES_PORT, ServerAddress
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, confirm, form_layout, hint_label
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
        server_box, server_layout = section_box(_("Server PostgreSQL"), self)
        form = form_layout()
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
        server_layout.addLayout(form)
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
            self.host.setText(current.host)
            self.port.setText(str(current.port))
            self.database_name.setText(current.database)
            self.user.setText(current.user)

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
        try:
            return connecting.server_address(
                self.host.text(), self.port.text(), self.database_name.text(), self.user.text()
            )
        except connecting.AddressUnusable as refusal:
            self.message.show_error(refusal.message)
            return None

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
