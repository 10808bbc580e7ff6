"""Pengaturan in a real widget: what the admin changes is what the database and the PC keep.

The page, its dialogs and the use cases are the real ones; only the printers Windows would
list are stand-ins, and sounds are muted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from loket.core.office import identity, logo
from loket.core.office.identity import OfficeInfo
from loket.core.settings.desk import DeskSettings, load_desk_settings, save_desk_settings
from loket.core.settings.shared import RepresentativePolicy, SlipFormat, load_settings
from loket.core.staff import accounts, login
from loket.core.staff.login import LoginFailed
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.handover.receipt import write_receipt_a5
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import Role, Severity
from loket.ui.settings import desk as settings_desk
from loket.ui.settings import office
from loket.ui.settings import staff as settings_staff
from loket.ui.settings.page import SettingsPage
from loket.ui.settings.staff_dialogs import AddStaffDialog, PasswordDialog, RoleDialog
from tests.helpers.papers import kaligawe_minutes, owner_collects
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PRINTERS = ["EPSON TM-T82X Receipt", "HP LaserJet P1102"]


@dataclass
class Desk(WidgetDesk):
    page: SettingsPage

    @property
    def admin(self) -> StaffMember:
        return self.context.staff


@pytest.fixture
def desk(
    qtbot: QtBot,
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    admin: StaffMember,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> Desk:
    monkeypatch.setattr(settings_desk, "available_printers", lambda: list(PRINTERS))
    parts, page = build_desk(admin, kaligawe, SettingsPage, size=(1300, 760), scanner_on=False)
    desk = Desk(**parts.parts(), page=page)
    desk.settle(qtbot)
    return desk


def answer_dialog(
    qtbot: QtBot, open_it: Callable[[], None], fill: Callable[[QDialog], None]
) -> QDialog:
    """Opens a modal dialog with `open_it` and lets `fill` work in it; never leaves it hanging."""
    seen: list[QDialog] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog)
        try:
            fill(dialog)
        finally:
            qtbot.waitUntil(lambda: not getattr(dialog, "running", False))  # its save answered
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, handle)
    open_it()
    assert seen, "no dialog was opened"
    return seen[0]


def select(desk: Desk, username: str) -> None:
    model = desk.page.staff_panel.model
    row = next(r for r in range(model.rowCount()) if model.account_at(r).username == username)
    desk.page.staff_panel.table.selectRow(row)


def emblem_png(path: Path) -> Path:
    image = QImage(120, 150, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setBrush(QColor("#0b5394"))
    painter.drawRoundedRect(4, 4, 112, 142, 40, 40)
    painter.end()
    assert image.save(str(path))
    return path


def image_count(pdf: Path) -> int:
    return sum(
        1
        for page in PdfReader(pdf).pages
        for obj in (page["/Resources"].get("/XObject") or {}).values()
        if obj.get_object().get("/Subtype") == "/Image"
    )


def test_a_staff_member_who_is_not_admin_sees_only_why_not(
    build_desk: DeskFactory, kaligawe: OfficeInfo, operator: StaffMember
) -> None:
    _desk, page = build_desk(operator, kaligawe, SettingsPage, scanner_on=False)
    assert page.tabs is None
    assert "hanya untuk admin" in page.refusal.text()


def test_policy_and_slip_format_are_saved_for_every_desk(qtbot: QtBot, desk: Desk) -> None:
    section = desk.page.slip_section
    assert section.formats[SlipFormat.A5].isChecked()
    section.formats[SlipFormat.THERMAL_80MM].click()
    section.policies[RepresentativePolicy.NONE].click()
    section.save_button.click()
    desk.settle(qtbot)
    saved = load_settings(desk.database)
    assert saved.slip_format is SlipFormat.THERMAL_80MM
    assert saved.representative_policy is RepresentativePolicy.NONE
    assert desk.banner.level is Severity.OK
    assert "Struk thermal 80 mm" in desk.banner.detail_text()


def test_printers_are_saved_on_this_pc_only(qtbot: QtBot, desk: Desk) -> None:
    section = desk.page.printer_section
    assert section.slip_printer.itemText(0) == "(printer bawaan Windows)"
    section.slip_printer.setCurrentIndex(section.slip_printer.findData(PRINTERS[0]))
    section.a4_printer.setCurrentIndex(section.a4_printer.findData(PRINTERS[1]))
    section.save_button.click()
    desk.settle(qtbot)
    assert load_desk_settings(desk.data.root) == DeskSettings(PRINTERS[0], PRINTERS[1])
    assert "EPSON TM-T82X Receipt" in desk.banner.detail_text()
    section.a4_printer.setCurrentIndex(0)
    section.save_button.click()
    desk.settle(qtbot)
    assert load_desk_settings(desk.data.root).a4_printer == ""


def test_this_pc_is_named_as_a_desk_and_its_next_handover_records_the_name(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    section = desk.page.printer_section
    assert section.desk_name.text() == "Loket 1"  # a single-desk office never has to name it
    section.desk_name.clear()
    qtbot.keyClicks(section.desk_name, "  Loket  2 ")
    section.save_button.click()
    desk.settle(qtbot)
    assert load_desk_settings(desk.data.root).desk_name == "Loket 2"
    assert section.desk_name.text() == "Loket 2"
    assert desk.database.desk == "Loket 2"  # the desk runs on, writing the new name
    assert desk.banner.level is Severity.OK and "Loket 2" in desk.banner.title_text()
    assert desk.page.tabs is not None
    desk.page.show_section(desk.page.tabs.indexOf(section))
    QApplication.processEvents()
    assert desk.host.grab().save(str(tmp_path / "pengaturan-pc-ini.png"))


def test_a_desk_without_a_name_is_refused_and_nothing_is_saved(qtbot: QtBot, desk: Desk) -> None:
    section = desk.page.printer_section
    section.desk_name.clear()
    section.save_button.click()
    desk.settle(qtbot)
    assert "Tulis nama loket PC ini" in section.message.text()
    assert load_desk_settings(desk.data.root) == DeskSettings()
    assert desk.database.desk == ""  # the test's desk, unnamed, as it was opened


def test_a_saved_printer_that_is_gone_stays_chosen_and_is_marked(desk: Desk) -> None:
    save_desk_settings(desk.data.root, DeskSettings(slip_printer="POS-80 (USB001)"))
    section = desk.page.printer_section
    section.fill()
    assert section.slip_printer.currentData() == "POS-80 (USB001)"
    assert "tidak terpasang" in section.slip_printer.currentText()


def test_an_operator_is_added_through_the_dialog_and_can_log_in(qtbot: QtBot, desk: Desk) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddStaffDialog)
        qtbot.keyClicks(dialog.full_name, "Rahmat Hidayat")
        assert dialog.username.text() == "rahmat.hidayat"
        qtbot.keyClicks(dialog.nip, "19900101 201501 1 001")
        qtbot.keyClicks(dialog.password, "kaligawe-1")
        qtbot.keyClicks(dialog.password_again, "kaligawe-1")
        dialog.accept_button.click()

    answer_dialog(qtbot, desk.page.staff_panel.add_account, fill)
    desk.settle(qtbot)
    member = login.log_in(desk.database, "rahmat.hidayat", "kaligawe-1")
    assert (member.role, member.nip) == (Role.OPERATOR, "199001012015011001")
    panel = desk.page.staff_panel
    assert panel.selected_account() is not None
    assert panel.selected_account().username == "rahmat.hidayat"
    assert desk.banner.title_text() == "Akun rahmat.hidayat ditambahkan"


def test_f6_opens_the_add_dialog_and_mismatched_passwords_are_refused_in_it(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.page.show_section(4)
    desk.page.staff_panel.table.setFocus()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddStaffDialog)
        qtbot.keyClicks(dialog.full_name, "Budi Santoso")
        qtbot.keyClicks(dialog.password, "rahasia-1")
        qtbot.keyClicks(dialog.password_again, "rahasia-2")
        dialog.accept_button.click()
        assert dialog.isVisible()
        assert "tidak sama" in dialog.message.text()

    answer_dialog(qtbot, lambda: qtbot.keyClick(desk.page.staff_panel.table, Qt.Key.Key_F6), fill)
    desk.settle(qtbot)
    assert "budi.santoso" not in [a.username for a in accounts.list_staff(desk.database)]


def test_disable_then_enable_again(
    qtbot: QtBot, desk: Desk, operator: StaffMember, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(settings_staff, "confirm", lambda *args: asked.append(args[2]) or True)
    panel = desk.page.staff_panel
    select(desk, "dewi")
    assert panel.active_button.text() == "F10  Nonaktifkan"
    panel.active_button.click()
    desk.settle(qtbot)
    assert "Dewi Lestari (dewi) tidak bisa masuk lagi" in asked[0]
    with pytest.raises(LoginFailed):
        login.log_in(desk.database, "dewi", "rahasia-dewi")
    assert panel.selected_account().username == "dewi"
    assert panel.model.index(panel.table.currentIndex().row(), 4).data() == "Nonaktif"
    assert panel.active_button.text() == "F10  Aktifkan lagi"
    panel.active_button.click()
    desk.settle(qtbot)
    assert login.log_in(desk.database, "dewi", "rahasia-dewi") == operator
    assert desk.banner.title_text() == "Akun dewi aktif lagi"
    assert len(asked) == 1  # enabling does not ask


def test_the_admin_cannot_disable_themselves_nor_demote_the_last_admin(
    qtbot: QtBot, desk: Desk
) -> None:
    panel = desk.page.staff_panel
    select(desk, "admin")
    assert "(Anda)" in panel.model.index(panel.table.currentIndex().row(), 1).data()
    assert not panel.active_button.isEnabled()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, RoleDialog)
        dialog.buttons[Role.OPERATOR].click()
        dialog.accept_button.click()
        qtbot.waitUntil(lambda: not dialog.running)
        assert dialog.isVisible()
        assert "satu-satunya admin" in dialog.message.text()

    answer_dialog(qtbot, panel.change_role, fill)
    desk.settle(qtbot)
    assert login.log_in(desk.database, "admin", "rahasia-admin").role is Role.ADMIN


def test_a_locked_account_gets_a_new_password(qtbot: QtBot, desk: Desk) -> None:
    for _attempt in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            login.log_in(desk.database, "dewi", "tebakan")
    panel = desk.page.staff_panel
    panel.reload()
    desk.settle(qtbot)
    select(desk, "dewi")
    assert panel.unlock_button.isEnabled()
    assert "Terkunci" in panel.model.index(panel.table.currentIndex().row(), 5).data()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        qtbot.keyClicks(dialog.password, "baru-2026")
        qtbot.keyClicks(dialog.password_again, "baru-2026")
        qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)

    answer_dialog(qtbot, panel.reset_password, fill)
    desk.settle(qtbot)
    assert login.log_in(desk.database, "dewi", "baru-2026").username == "dewi"
    assert not panel.unlock_button.isEnabled()


def test_accounts_model_passes_the_model_tester(qtmodeltester, desk: Desk) -> None:
    qtmodeltester.check(desk.page.staff_panel.model)


def test_a_chosen_logo_appears_on_papers_and_removing_it_takes_it_off(
    qtbot: QtBot, desk: Desk, kaligawe: OfficeInfo, tmp_path: Path
) -> None:
    section = desk.page.logo_section
    assert section.preview.logo.pixmap().isNull()
    section.use_logo(emblem_png(tmp_path / "Lambang Kota Semarang.png"))
    desk.settle(qtbot)
    assert (desk.data.root / "logo.png").is_file()
    assert not section.preview.logo.pixmap().isNull()
    assert "120 × 150" in section.info.text()
    assert desk.banner.title_text() == "Logo kop surat disimpan"

    letterhead = kaligawe.letterhead(desk.data.root)
    minutes = dataclasses.replace(kaligawe_minutes(), letterhead=letterhead)
    slip = dataclasses.replace(owner_collects(), letterhead=letterhead)
    assert image_count(write_batch_receipt_minutes(minutes, tmp_path / "ba.pdf")) == 1
    assert image_count(write_receipt_a5(slip, tmp_path / "tt.pdf")) == 1

    section.remove_button.click()
    desk.settle(qtbot)
    plain = kaligawe.letterhead(desk.data.root)
    assert plain.logo_path == ""
    slip = dataclasses.replace(slip, letterhead=plain)
    assert image_count(write_receipt_a5(slip, tmp_path / "tt-polos.pdf")) == 0
    assert section.preview.logo.pixmap().isNull()


def test_a_file_that_is_not_a_picture_is_refused_in_red(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("ini bukan gambar", encoding="utf-8")
    desk.page.show_section(1)
    section = desk.page.logo_section
    section.use_logo(fake)
    assert section.message.isVisible()
    assert "tidak bisa dibuka" in section.message.text()
    huge = tmp_path / "scan-kop-surat.png"
    huge.write_bytes(emblem_png(tmp_path / "kecil.png").read_bytes() + b"\0" * 2_200_000)
    section.use_logo(huge)  # Qt draws it, the core refuses its size
    desk.settle(qtbot)
    assert "terlalu besar" in section.message.text()
    assert logo.logo_file(desk.data.root) is None
    assert desk.banner.level is None


def test_office_details_are_checked_then_saved(qtbot: QtBot, desk: Desk) -> None:
    section = desk.page.office_section
    changed: list[OfficeInfo] = []
    desk.page.office_changed.connect(changed.append)
    section.lurah_nip.setText("1968 0512")
    section.save_button.click()
    desk.settle(qtbot)
    assert "NIP lurah harus 18 angka" in section.message.text()
    assert changed == []
    section.lurah_name.setText("Hj. Siti Rohmah, S.Sos.")
    section.lurah_nip.setText("19700304 199503 2 002")
    section.address.setText("Jl. Kaligawe Raya No. 12, Semarang")
    section.save_button.click()
    desk.settle(qtbot)
    saved = identity.get_office(desk.database)
    assert saved is not None
    assert (saved.lurah_name, saved.lurah_nip) == ("Hj. Siti Rohmah, S.Sos.", "197003041995032002")
    assert saved.address == "Jl. Kaligawe Raya No. 12, Semarang"
    assert changed == [saved]
    assert not section.message.isVisible()
    assert desk.page.logo_section.preview.lines[3].text().startswith("Jl. Kaligawe Raya No. 12")


def test_another_kelurahan_is_shown_at_once_and_saved_with_simpan(qtbot: QtBot, desk: Desk) -> None:
    section = desk.page.office_section

    def pick(dialog: QDialog) -> None:
        assert isinstance(dialog, office.RegionDialog)
        assert dialog.picker.selected_code() == "33.74.04.1002"
        dialog.picker.select("33.74.04.1001")  # Tambakrejo, also in Gayamsari
        dialog.accept_button.click()

    answer_dialog(qtbot, section.choose_region, pick)
    desk.settle(qtbot)
    assert "Tambakrejo" in section.region_label.text()
    assert identity.get_office(desk.database).kelurahan == "Kaligawe"  # type: ignore[union-attr]
    section.save_button.click()
    desk.settle(qtbot)
    assert identity.get_office(desk.database).kelurahan == "Tambakrejo"  # type: ignore[union-attr]


def test_tab_leaves_the_staff_table_and_reaches_the_other_settings_tabs(
    qtbot: QtBot, desk: Desk
) -> None:
    assert desk.page.tabs is not None
    desk.host.activateWindow()
    desk.page.tabs.setCurrentWidget(desk.page.staff_section)
    table = desk.page.staff_panel.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table  # not the next cell
    reached = []
    for _press in range(20):
        widget = QApplication.focusWidget()
        reached.append(widget)
        if widget is desk.page.tabs.tabBar():
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert desk.page.tabs.tabBar() in reached, [type(w).__name__ for w in reached]
    assert desk.page.staff_panel.add_button in reached
    qtbot.keyClick(desk.page.tabs.tabBar(), Qt.Key.Key_Right)
    assert desk.page.tabs.currentWidget() is desk.page.label_section


def test_the_papers_numbering_code_shows_an_example_and_is_saved_with_the_method(
    qtbot: QtBot, desk: Desk
) -> None:
    from loket.core.settings.shared import DestructionMethod

    section = desk.page.papers_section
    assert desk.page.tabs is not None
    desk.page.tabs.setCurrentWidget(section)
    assert section.code_field.text() == "474"
    assert section.methods[DestructionMethod.BURNING].isChecked()
    assert section.example.text().startswith("Contoh nomor: 474/0001/BA-TERIMA/")
    section.code_field.clear()
    qtbot.keyClicks(section.code_field, "470/Kel")
    assert "mis. 474, 470 atau 474.1" in section.example.text()  # said while typing
    section.save_button.click()
    desk.settle(qtbot)
    assert "474, 470" in section.message.text()
    assert load_settings(desk.database).archive_code == "474"  # nothing saved
    section.code_field.clear()
    qtbot.keyClicks(section.code_field, "470.13")
    assert section.example.text().startswith("Contoh nomor: 470.13/0001/BA-TERIMA/")
    section.methods[DestructionMethod.CUTTING].click()
    section.kept_spin.setValue(45)
    section.save_button.click()
    desk.settle(qtbot)
    saved = load_settings(desk.database)
    assert (saved.archive_code, saved.destruction_method) == ("470.13", DestructionMethod.CUTTING)
    assert saved.uncollected_kept_days == 45
    assert desk.banner.level is Severity.OK
    assert "470.13/0001/BA-TERIMA/" in desk.banner.detail_text()
