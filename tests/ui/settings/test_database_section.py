"""Pengaturan › Basis data in a real widget, against the running PostgreSQL server: "Tes koneksi"
on the worker says exactly what is wrong, "Simpan" switches the desk for its next start."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from loket.core.database import connecting
from loket.core.office import identity
from loket.core.office.identity import OfficeInfo
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db import credentials
from loket.db.open import open_database
from loket.domain.states import Severity
from loket.ui.settings.database import LOCAL, SERVER, DatabaseSection
from loket.ui.settings.page import SettingsPage
from tests.helpers.shared_server import Server
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Desk(WidgetDesk):
    page: SettingsPage

    @property
    def section(self) -> DatabaseSection:
        return self.page.database_section


@pytest.fixture
def desk(qtbot: QtBot, build_desk: DeskFactory, kaligawe: OfficeInfo, admin: StaffMember) -> Desk:
    parts, page = build_desk(admin, kaligawe, SettingsPage, size=(1300, 760), scanner_on=False)
    desk = Desk(**parts.parts(), page=page)
    page.show_section(page.tabs.indexOf(page.database_section))  # type: ignore[union-attr]
    desk.settle(qtbot)
    return desk


def fill(desk: Desk, server: Server, password: str | None = None, port: int | None = None) -> None:
    section = desk.section
    section.choices[SERVER].click()
    section.host.setText(server.address.host)
    section.port.setText(str(port or server.address.port))
    section.database_name.setText(server.address.database)
    section.user.setText(server.address.user)
    section.password.setText(server.password if password is None else password)


def answered(qtbot: QtBot, desk: Desk) -> str:
    """Waits for the worker's answer under the form; returns it."""
    qtbot.waitUntil(lambda: desk.section.test_button.isEnabled(), timeout=15_000)
    desk.settle(qtbot)
    return desk.section.message.text()


def test_a_desk_alone_shows_its_file_and_keeps_the_server_fields_shut(desk: Desk) -> None:
    section = desk.section
    assert section.chosen() == LOCAL
    assert str(desk.data.database) in section.now_label.text()
    assert not section.server_box.isEnabled() and not section.test_button.isEnabled()
    section.choices[SERVER].click()
    assert section.server_box.isEnabled() and section.test_button.isEnabled()
    assert section.port.text() == "5432"


def test_tes_koneksi_with_a_wrong_password_says_so_in_red(
    qtbot: QtBot,
    desk: Desk,
    server: Server,
) -> None:
    fill(desk, server, password="bukan-sandinya")
    desk.section.test_button.click()
    assert "kata sandinya salah" in answered(qtbot, desk)
    assert "fdecea" in desk.section.message.styleSheet()  # the red of a refusal
    assert desk.data.server is None


def test_tes_koneksi_to_a_port_nobody_listens_on_says_the_server_is_not_reachable(
    qtbot: QtBot,
    desk: Desk,
    server: Server,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    fill(desk, server, port=port)
    desk.section.test_button.click()
    assert f"port {port} tidak bisa dihubungi" in answered(qtbot, desk)


def test_tes_koneksi_that_works_says_what_it_found_and_switches_nothing(
    qtbot: QtBot,
    desk: Desk,
    server: Server,
) -> None:
    fill(desk, server)
    desk.section.test_button.click()
    text = answered(qtbot, desk)
    assert "Koneksi berhasil" in text and "masih kosong" in text
    assert desk.data.server is None
    assert credentials.load_password(desk.data, server.address) is None


def test_a_bad_port_is_refused_before_the_worker_is_asked(desk: Desk, server: Server) -> None:
    fill(desk, server)
    desk.section.port.setText("54a2")
    desk.section.test_button.click()
    assert "Port 54a2 tidak dikenal" in desk.section.message.text()
    assert not desk.tasks.busy


def test_saving_the_server_switches_the_desk_for_its_next_start(
    qtbot: QtBot,
    desk: Desk,
    server: Server,
) -> None:
    fill(desk, server)
    with qtbot.waitSignal(desk.page.database_changed, timeout=15_000) as switched:
        desk.section.save_button.click()
    desk.settle(qtbot)
    assert desk.data.server == server.address
    assert credentials.load_password(desk.data, server.address) == server.password
    assert desk.section.password.text() == ""
    assert "buka lagi" in desk.section.message.text()
    assert server.address.database in str(switched.args[0])
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == "Pilihan basis data disimpan"
    # And back: this desk alone again, the password forgotten.
    desk.section.choices[LOCAL].click()
    with qtbot.waitSignal(desk.page.database_changed, timeout=15_000):
        desk.section.save_button.click()
    desk.settle(qtbot)
    assert desk.data.server is None
    assert credentials.load_password(desk.data, server.address) is None


def click_in_question(qtbot: QtBot, answer: str, seen: list[str]) -> None:
    """Answers the modal question once it is open, noting what it asked."""

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, handle)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == answer).click()

    QTimer.singleShot(0, handle)


def test_moving_the_office_asks_first_then_copies_it_and_switches_the_desk(
    qtbot: QtBot, desk: Desk, server: Server
) -> None:
    fill(desk, server)
    asked: list[str] = []
    click_in_question(qtbot, "Batal", asked)
    desk.section.move_button.click()
    assert asked and "harus masih kosong" in asked[0]
    assert desk.data.server is None and not desk.tasks.busy  # Batal: nothing was tried
    click_in_question(qtbot, "Pindahkan", asked)
    with qtbot.waitSignal(desk.page.database_changed, timeout=30_000) as switched:
        desk.section.move_button.click()
    desk.settle(qtbot)
    assert "jumlah baris sama di kedua sisi" in str(switched.args[0])
    assert desk.data.server == server.address
    assert not desk.section.move_button.isVisible()
    moved = open_database(desk.data)
    try:
        office = identity.get_office(moved)
        staff = [member.username for member in accounts.list_staff(moved)]
    finally:
        moved.dispose()
    assert office is not None and office.kelurahan == "Kaligawe" and "admin" in staff


def test_moving_to_a_server_that_is_not_empty_is_refused_in_red(
    qtbot: QtBot, desk: Desk, server: Server, tmp_path: Path
) -> None:
    other = DataDir(tmp_path / "kantor-lain")
    connecting.connect_desk(other, server.address, server.password)
    fill(desk, server)
    click_in_question(qtbot, "Pindahkan", [])
    desk.section.move_button.click()
    assert "tidak kosong" in answered(qtbot, desk)
    assert desk.data.server is None
