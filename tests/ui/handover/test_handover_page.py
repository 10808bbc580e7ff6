"""Handing a card to its owner at the desk: the real page, scanner input, banner and use cases.

Only the clock (Qt's synthetic key events carry no time), the sounds and the printer are
stand-ins; the printer records what it was asked to print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QInputDevice,
    QKeySequence,
    QMouseEvent,
    QPointingDevice,
    QShortcut,
    QTabletEvent,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.handover import confirming, handovers, lookup
from loket.core.handover.lookup import Answer
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.returns import filling
from loket.core.settings.shared import OfficeSettings, RepresentativePolicy, save_settings
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import DocumentChecked, OldCardFate, Relation, ReturnReason, Role, Severity
from loket.ui.handover.page import HandoverPage
from loket.ui.handover.receipt_dialog import ReceiptDialog
from loket.ui.handover.signature_pad import SignaturePad
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from tests.helpers.keyboard import HUMAN
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FAJAR = "3374042606528310"  # FAJAR MAULANA, row 1, scanned in
TRI = "3374041508048300"  # Tri Rahayu, row 25, scanned in: his mother collects for him
MOTHER = "3374045507780004"  # Sumarni, his mother
RIZKI = "3374042806816465"  # row 55: on the kecamatan's list, not scanned in
NEVER = "3374046804070001"  # no card for this NIK has come to Kaligawe
SITI = {"3374044107900002": "Hj. SITI AMINAH", "3374045107950003": "SITI NURHALIZA, S.Pd."}


@dataclass
class Desk(WidgetDesk):
    page: HandoverPage
    printed: list[tuple[Path, str]] = field(default_factory=list)
    printer_answer: PrintResult = field(
        default_factory=lambda: PrintResult(PrintStatus.PRINTED, "")
    )
    window_escapes: int = 0  # the window's own Esc shortcut, as the main window has one

    def confirm_key(self, qtbot: QtBot) -> None:
        qtbot.keyClick(self.page.scan_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.settle(qtbot)


@pytest.fixture
def supervisor(database: Database, admin: StaffMember) -> StaffMember:
    return accounts.add_staff(
        database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso, S.H."
    )


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    supervisor: StaffMember,
    samples: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Desk]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    for entry in report.entries[:40]:
        scanning.receive_scan(database, operator, batch.id, entry.nik)
    for nik, name in SITI.items():  # came without being on the list; names typed in after
        outcome = scanning.receive_scan(database, operator, batch.id, nik)
        assert outcome.card is not None
        scanning.update_card_details(database, operator, outcome.card.id, name, "003", "005")

    parts, page = build_desk(operator, kaligawe, HandoverPage)
    desk = Desk(**parts.parts(), page=page)

    def fake_print(path: Path, printer_name: str) -> PrintResult:
        desk.printed.append((path, printer_name))
        return desk.printer_answer

    monkeypatch.setattr(printing, "print_pdf", fake_print)

    def window_escape() -> None:
        desk.window_escapes += 1

    QShortcut(QKeySequence(Qt.Key.Key_Escape), desk.host, activated=window_escape)
    yield desk


def status(desk: Desk, nik: str) -> lookup.CardStatus:
    return lookup.status_of_nik(desk.database, nik)


def hand_over_at_another_desk(desk: Desk, actor: StaffMember, nik: str) -> handovers.HandoverInfo:
    card = status(desk, nik).card
    assert card is not None
    request = HandoverRequest(
        card_id=card.id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
    return confirming.confirm(desk.database, actor, request)


def draw_signature(pad: SignaturePad) -> None:
    """A short scribble with the left button held, as a mouse would send it."""
    width, height = pad.width(), pad.height()
    points = [(0.1 + 0.08 * i, 0.5 + (0.25 if i % 2 else -0.2)) for i in range(10)]
    kinds = [QEvent.Type.MouseButtonPress] + [QEvent.Type.MouseMove] * 8
    kinds.append(QEvent.Type.MouseButtonRelease)
    for kind, (x, y) in zip(kinds, points, strict=True):
        position = QPointF(x * width, y * height)
        held = Qt.MouseButton.NoButton if kind is QEvent.Type.MouseButtonRelease else None
        event = QMouseEvent(
            kind,
            position,
            pad.mapToGlobal(position),
            Qt.MouseButton.NoButton if kind is QEvent.Type.MouseMove else Qt.MouseButton.LeftButton,
            held or Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(pad, event)


# ---------------------------------------------------------------- handing over


def test_owner_collects_a_waiting_card_with_ctrl_enter_and_the_slip_prints(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.scan(qtbot, FAJAR)
    page = desk.page
    assert page.answer.title.text() == "Ada di loket"
    assert "FAJAR MAULANA" in page.answer.sentence.text()
    assert "470/112/XI/2026" in page.answer.sentence.text()
    assert page.form.isVisible() and not page.form.confirm_button.isEnabled()
    assert QApplication.focusWidget() is page.scan_field

    page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    assert page.form.confirm_button.isEnabled()
    desk.confirm_key(qtbot)

    after = status(desk, FAJAR)
    assert after.answer is Answer.HANDED_OVER and after.handover is not None
    number = after.handover.receipt_number
    assert after.handover.relation is Relation.OWNER
    assert after.handover.old_card is OldCardFate.SURRENDERED
    slips = list(desk.data.documents("receipts").glob("*.pdf"))
    assert [p.name for p in slips] == [f"tanda-terima-{number}.pdf"]
    assert desk.printed == [(slips[0], "")]
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == f"Diserahkan: FAJAR MAULANA — tanda terima {number}"
    assert page.answer.title.text() == "Sudah diambil" and page.details.isVisible()
    assert QApplication.focusWidget() is page.scan_field


def test_office_allowing_no_representative_refuses_one_and_keeps_confirm_disabled(
    qtbot: QtBot, desk: Desk, admin: StaffMember
) -> None:
    save_settings(desk.database, admin, OfficeSettings(RepresentativePolicy.NONE))
    desk.scan(qtbot, TRI)
    form = desk.page.form
    form.proxy_radio.setChecked(True)
    form.proxy_name.setText("Sumarni")
    form.proxy_nik.setText(MOTHER)
    form.relation.setCurrentIndex(form.relation.findData(Relation.PARENT))
    for box in form.documents.values():
        box.setChecked(True)
    assert "hanya boleh diambil oleh pemiliknya sendiri" in form.problems.text()
    assert "Tidak boleh diwakilkan" in form.policy_hint.text()
    assert not form.confirm_button.isEnabled()
    desk.confirm_key(qtbot)
    assert desk.banner.level is Severity.WARNING
    assert "pemiliknya sendiri" in desk.banner.detail_text()
    assert status(desk, TRI).answer is Answer.WAITING


def test_mother_with_power_of_attorney_collects_under_the_family_policy_and_signs(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.scan(qtbot, TRI)
    form = desk.page.form
    form.proxy_radio.setChecked(True)
    form.proxy_name.setText("Sumarni")
    form.proxy_nik.setText("3374 0455 0778 0004")
    form.phone.setText("0812-2555-0143")
    form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    form.documents[DocumentChecked.POWER_OF_ATTORNEY].setChecked(True)
    assert "KTP-el orang yang mewakili" in form.problems.text()
    assert "Pilih hubungan" in form.problems.text()
    form.documents[DocumentChecked.REPRESENTATIVE_ID].setChecked(True)
    form.relation.setCurrentIndex(form.relation.findData(Relation.PARENT))
    form.old_card[OldCardFate.NONE].setChecked(True)
    draw_signature(form.signature)
    assert form.confirm_button.isEnabled(), form.problems.text()
    form.confirm_button.click()
    desk.settle(qtbot)

    info = status(desk, TRI).handover
    assert info is not None
    assert (info.relation, info.collector_name, info.collector_nik) == (
        Relation.PARENT,
        "Sumarni",
        MOTHER,
    )
    assert info.collector_phone == "0812-2555-0143"
    assert info.old_card is OldCardFate.NONE
    assert len(info.signature) == 1 and len(info.signature[0]) == 10
    assert "Sumarni (orang tua)" in desk.page.answer.sentence.text()


def test_lost_old_card_needs_the_police_letter_number(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, FAJAR)
    form = desk.page.form
    form.documents[DocumentChecked.FAMILY_CARD].setChecked(True)
    assert not form.police_letter.isEnabled()
    form.old_card[OldCardFate.LOST].setChecked(True)
    assert form.police_letter.isEnabled()
    assert "nomor surat keterangan kehilangan" in form.problems.text()
    assert not form.confirm_button.isEnabled()
    form.police_letter.setText("SKTLK/1234/XI/2026/Polsek Gayamsari")
    assert form.confirm_button.isEnabled()
    desk.confirm_key(qtbot)
    info = status(desk, FAJAR).handover
    assert info is not None
    assert info.police_letter_number == "SKTLK/1234/XI/2026/Polsek Gayamsari"


def test_printer_failure_is_amber_the_pdf_is_kept_and_the_handover_stands(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.printer_answer = PrintResult(
        PrintStatus.NO_PRINTER, "Tidak ada printer. Dokumen tetap tersimpan di X."
    )
    desk.scan(qtbot, FAJAR)
    desk.page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    desk.confirm_key(qtbot)
    assert status(desk, FAJAR).answer is Answer.HANDED_OVER
    assert desk.banner.level is Severity.WARNING
    assert desk.banner.title_text().startswith("Diserahkan: FAJAR MAULANA")
    assert "Dokumen tetap tersimpan" in desk.banner.detail_text()
    assert "Penyerahan tetap tercatat" in desk.banner.detail_text()
    assert len(desk.printed) == 1 and desk.printed[0][0].is_file()


def test_policy_changed_meanwhile_is_refused_red_and_the_form_shows_why(
    qtbot: QtBot, desk: Desk, admin: StaffMember
) -> None:
    desk.scan(qtbot, TRI)
    form = desk.page.form
    form.proxy_radio.setChecked(True)
    form.proxy_name.setText("Sumarni")
    form.proxy_nik.setText(MOTHER)
    form.relation.setCurrentIndex(form.relation.findData(Relation.PARENT))
    for box in form.documents.values():
        box.setChecked(True)
    assert form.confirm_button.isEnabled()
    save_settings(desk.database, admin, OfficeSettings(RepresentativePolicy.NONE))
    desk.confirm_key(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert "pemiliknya sendiri" in desk.banner.detail_text()
    assert status(desk, TRI).answer is Answer.WAITING
    assert form.proxy_name.text() == "Sumarni", "what was filled in stays"
    assert "pemiliknya sendiri" in form.problems.text()
    assert not form.confirm_button.isEnabled()


def test_card_taken_at_another_desk_meanwhile_is_refused_red_and_nothing_is_written(
    qtbot: QtBot, desk: Desk, admin: StaffMember
) -> None:
    desk.scan(qtbot, FAJAR)
    desk.page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    other = hand_over_at_another_desk(desk, admin, FAJAR)
    desk.confirm_key(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert other.receipt_number in desk.banner.detail_text()
    assert desk.printed == []
    assert not desk.data.documents("receipts").exists()
    assert desk.page.answer.title.text() == "Sudah diambil"


# ---------------------------------------------------------------- answers


def test_card_already_collected_names_the_receipt_the_time_and_the_officer(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    info = hand_over_at_another_desk(desk, operator, FAJAR)
    desk.scan(qtbot, FAJAR)
    page = desk.page
    assert page.answer.title.text() == "Sudah diambil"
    assert info.receipt_number in page.answer.sentence.text()
    assert "petugas Dewi Lestari" in page.answer.sentence.text()
    assert "WIB" in page.answer.sentence.text()
    assert page.handover_details.value("Tanda terima") == info.receipt_number
    assert not page.form.isVisible()
    assert desk.banner.level is Severity.WARNING


def test_an_officer_whose_degree_ends_the_sentence_gets_one_full_stop(
    qtbot: QtBot, desk: Desk, admin: StaffMember
) -> None:
    officer = accounts.add_staff(
        desk.database, admin, "dewi.se", "rahasia-dewi-se", Role.OPERATOR, "Dewi Lestari, S.E."
    )
    info = hand_over_at_another_desk(desk, officer, FAJAR)
    desk.scan(qtbot, FAJAR)
    assert desk.banner.detail_text() == (
        f"Tanda terima {info.receipt_number}, petugas Dewi Lestari, S.E."
    )


def test_cards_not_here_get_a_plain_answer_and_no_form(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, RIZKI)
    page = desk.page
    assert page.answer.title.text() == "Belum sampai di kelurahan"
    assert "belum diterima di kelurahan" in page.answer.sentence.text()
    assert not page.form.isVisible() and not page.details.isVisible()
    desk.keyboard.type(NEVER, HUMAN)
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert page.answer.title.text() == "Belum pernah ada di kelurahan"
    assert f"NIK {NEVER}" in page.answer.sentence.text()


def test_a_card_on_an_open_return_gets_no_form_and_says_how_to_take_it_out(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    opened = filling.open_return(desk.database, operator, "474/55/XI/2026")
    filling.add_card(desk.database, operator, opened.id, FAJAR, ReturnReason.UNCLAIMED)
    desk.scan(qtbot, FAJAR)
    page = desk.page
    assert not page.form.isVisible()
    assert desk.banner.level is Severity.WARNING
    assert "Belum bisa diserahkan: FAJAR MAULANA" in desk.banner.title_text()
    assert "keluarkan dulu kartunya dari pengembalian" in desk.banner.detail_text()
    assert "474/55/XI/2026" in page.answer.sentence.text()


def test_unreadable_nik_is_a_red_banner_saying_why(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.type("3374043213900001", HUMAN)  # day 32
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert "Tanggal lahir" in desk.banner.detail_text()


def test_name_typed_shows_results_as_you_type_and_arrows_and_enter_open_one(
    qtbot: QtBot, desk: Desk, qtmodeltester: object
) -> None:
    page = desk.page
    desk.keyboard.type("hj siti", HUMAN)
    qtbot.waitUntil(lambda: page.results.model.rowCount() == 2, timeout=5_000)
    desk.settle(qtbot)
    qtmodeltester.check(page.results.model)  # type: ignore[attr-defined]
    assert page.results.isVisible()
    names = [page.results.model.card_at(row).name for row in range(2)]  # type: ignore[union-attr]
    assert names == ["Hj. SITI AMINAH", "SITI NURHALIZA, S.Pd."]
    assert "2 kartu" in page.results.caption.text()
    qtbot.keyClick(page.scan_field, Qt.Key.Key_Down)
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert page.answer.title.text() == "Ada di loket"
    assert "SITI NURHALIZA" in page.answer.sentence.text()
    assert page.form.isVisible()
    assert page.scan_field.text() == ""


def test_name_with_one_match_opens_at_once_on_enter(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.type("siti ami", HUMAN)
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert "Hj. SITI AMINAH" in desk.page.answer.sentence.text()


def test_escape_cancels_the_form_and_gives_the_scan_field_back(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, FAJAR)
    desk.page.form.phone.setFocus()
    qtbot.keyClick(desk.page.form.phone, Qt.Key.Key_Escape)
    assert desk.page.body.currentWidget() is desk.page.empty_hint
    assert QApplication.focusWidget() is desk.page.scan_field
    assert desk.window_escapes == 0, "the page's Esc must not also fire the window's"
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)
    assert desk.window_escapes == 1, "with nothing to cancel, Esc is the window's"


def test_first_escape_closes_an_unseen_error_and_the_form_stays(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, FAJAR)
    desk.keyboard.scan("KTP-RUSAK-01")  # a garbled label: letters from the scanner
    desk.settle(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert "Kode tidak dikenal" in desk.banner.title_text()
    desk.keyboard.enter(HUMAN)  # Enter does not dismiss it
    assert desk.feedback.unacknowledged_error is not None
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)
    assert desk.feedback.unacknowledged_error is None
    assert desk.page.form.isVisible()
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)
    assert not desk.page.form.isVisible()


def test_scanning_the_same_card_again_keeps_what_was_filled_in(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, TRI)
    desk.page.form.proxy_radio.setChecked(True)
    desk.page.form.proxy_name.setText("Sumarni")
    desk.scan(qtbot, TRI)
    assert desk.page.form.proxy_name.text() == "Sumarni"


def test_a_scan_of_another_card_never_replaces_a_half_filled_form(qtbot: QtBot, desk: Desk) -> None:
    """Seen: a burst in "NIK wakil" replaced Tri's form with Fajar's, "Pemilik sendiri" ticked;
    a clerk pressing Ctrl+Enter would have handed over the card in the wrong hands."""
    desk.scan(qtbot, TRI)
    form = desk.page.form
    form.proxy_radio.setChecked(True)
    form.proxy_name.setText("Sumarni")
    form.proxy_nik.setFocus()
    desk.keyboard.type("337404")  # the representative's NIK, half typed by hand
    desk.keyboard.clock.advance(2.0)  # then the next resident's card, scanned
    desk.scan(qtbot, FAJAR)

    assert form.card is not None and form.card.nik == TRI
    assert (form.proxy_name.text(), form.proxy_nik.text()) == ("Sumarni", "337404")
    assert form.proxy_radio.isChecked()
    assert desk.banner.level is Severity.ERROR
    assert FAJAR in desk.banner.title_text() and "belum selesai" in desk.banner.title_text()
    tri = status(desk, TRI).card
    assert tri is not None and form.request().card_id == tri.id
    assert status(desk, FAJAR).answer is Answer.WAITING  # nothing happened to Fajar's card

    # Typed in the scan field, or chosen from a name search: the same.
    desk.page.scan_field.setFocus()
    desk.keyboard.type("SITI")
    desk.keyboard.enter()
    desk.settle(qtbot)
    assert form.card.nik == TRI and form.proxy_name.text() == "Sumarni"

    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)  # the error, read
    assert form.isVisible() and form.proxy_name.text() == "Sumarni"
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)  # the form, dropped on purpose
    desk.scan(qtbot, FAJAR)
    assert form.card is not None and form.card.nik == FAJAR
    assert form.owner_radio.isChecked() and form.proxy_name.text() == ""


def test_a_scan_of_another_card_replaces_a_form_nobody_has_touched(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.scan(qtbot, TRI)
    desk.scan(qtbot, FAJAR)
    assert desk.page.form.card is not None and desk.page.form.card.nik == FAJAR
    assert desk.banner.level is Severity.OK


def test_card_recorded_without_a_name_asks_for_the_name_on_the_card(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    batch = batches.open_batches(desk.database)[0]
    scanning.receive_scan(desk.database, operator, batch.id, NEVER)  # not on the list: no name
    desk.scan(qtbot, NEVER)
    form = desk.page.form
    assert form.owner_name.isVisible()
    form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    assert "tercatat tanpa nama" in form.problems.text()
    form.owner_name.setText("Siti Rohmah")
    desk.confirm_key(qtbot)
    assert status(desk, NEVER).card.name == "Siti Rohmah"  # type: ignore[union-attr]


# ---------------------------------------------------------------- receipts


def open_receipt(qtbot: QtBot, desk: Desk, number: str) -> ReceiptDialog:
    desk.scan(qtbot, number)
    dialog = desk.page.receipt_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_scanned_receipt_reprints_as_a_separate_copy_marked_salinan(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.scan(qtbot, FAJAR)
    desk.page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    desk.confirm_key(qtbot)
    info = status(desk, FAJAR).handover
    assert info is not None
    (original,) = desk.data.documents("receipts").glob("*.pdf")

    dialog = open_receipt(qtbot, desk, info.receipt_number)
    assert dialog.state_label.text() == "Berlaku"
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    desk.settle(qtbot)
    assert len(dialog.copies) == 1
    copy = dialog.copies[0]
    assert copy != original and copy.parent == original.parent
    assert sorted(original.parent.glob("*.pdf")) == sorted([original, copy])
    copy_text = "".join(page.extract_text() for page in PdfReader(copy).pages)
    original_text = "".join(page.extract_text() for page in PdfReader(original).pages)
    assert "SALINAN" in copy_text and info.receipt_number in copy_text
    assert "SALINAN" not in original_text
    assert desk.printed == [(original, ""), (copy, "")]
    assert desk.banner.title_text() == f"Salinan tanda terima {info.receipt_number} dicetak"


def test_supervisor_voids_a_handover_on_the_spot_and_the_card_is_back_in_stock(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    info = hand_over_at_another_desk(desk, operator, FAJAR)
    dialog = open_receipt(qtbot, desk, info.receipt_number)
    qtbot.keyClick(dialog, Qt.Key.Key_F9)
    assert dialog.void_panel.isVisible()
    dialog.supervisor.setText("agus")
    dialog.password.setText("rahasia-agus")
    dialog.reason.setText("Salah kartu: yang diserahkan kartu adiknya")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.settle(qtbot)
    assert dialog.state_label.text() == "DIBATALKAN"
    assert "Salah kartu" in dialog.void_reason.text()
    assert "Agus Santoso" in dialog.void_reason.text()
    assert status(desk, FAJAR).answer is Answer.WAITING
    assert desk.banner.level is Severity.OK
    assert not dialog.void_button.isEnabled()


def test_operator_password_cannot_void_and_the_dialog_stays_open(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    info = hand_over_at_another_desk(desk, operator, FAJAR)
    dialog = open_receipt(qtbot, desk, info.receipt_number)
    dialog.ask_void()
    dialog.supervisor.setText("dewi")
    dialog.password.setText("rahasia-dewi")
    dialog.reason.setText("Salah kartu")
    dialog.void_confirm.click()
    desk.settle(qtbot)
    assert "bukan supervisor" in dialog.void_error.text()
    assert dialog.isVisible() and dialog.void_panel.isVisible()
    assert dialog.password.text() == ""
    assert status(desk, FAJAR).answer is Answer.HANDED_OVER


def test_void_without_a_reason_is_refused_with_the_core_message(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    info = hand_over_at_another_desk(desk, operator, FAJAR)
    dialog = open_receipt(qtbot, desk, info.receipt_number)
    dialog.ask_void()
    dialog.supervisor.setText("agus")
    dialog.password.setText("rahasia-agus")
    dialog.void_confirm.click()
    desk.settle(qtbot)
    assert "alasan pembatalan" in dialog.void_error.text()
    assert status(desk, FAJAR).answer is Answer.HANDED_OVER


def test_f8_on_a_collected_card_opens_its_receipt(
    qtbot: QtBot, desk: Desk, operator: StaffMember
) -> None:
    info = hand_over_at_another_desk(desk, operator, FAJAR)
    desk.scan(qtbot, FAJAR)
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_F8)
    dialog = desk.page.receipt_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.info.receipt_number == info.receipt_number
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_unknown_receipt_number_is_a_red_banner(qtbot: QtBot, desk: Desk) -> None:
    desk.scan(qtbot, "3374041002-2026-009999")
    assert desk.banner.level is Severity.ERROR
    assert "tidak ditemukan" in desk.banner.detail_text()
    assert desk.page.receipt_dialog is None


# ---------------------------------------------------------------- the signature pad


def test_signature_pad_scales_x_and_y_by_the_longer_side(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 100)
    pad.show()
    draw_signature(pad)
    strokes = pad.strokes()
    assert len(strokes) == 1
    xs = [x for x, _y in strokes[0]]
    ys = [y for _x, y in strokes[0]]
    assert max(xs) <= 1.0 and max(ys) <= 0.25  # 100 px of 400: a quarter of the scale
    assert min(ys) >= 0.0
    pad.clear()
    assert pad.strokes() == () and pad.is_empty()


def test_signature_pad_takes_a_pen_as_well_as_a_mouse(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(300, 150)
    pad.show()
    pen = QPointingDevice(
        "pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    track = [(QEvent.Type.TabletPress, 30.0, 75.0)]
    track += [(QEvent.Type.TabletMove, 30.0 + 30 * i, 75.0 - 6 * i) for i in range(1, 6)]
    track.append((QEvent.Type.TabletRelease, 180.0, 45.0))
    for kind, x, y in track:
        held = (
            Qt.MouseButton.NoButton
            if kind is QEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton
        )
        event = QTabletEvent(
            kind,
            pen,
            QPointF(x, y),
            pad.mapToGlobal(QPointF(x, y)),
            0.5,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            held,
        )
        QApplication.sendEvent(pad, event)
    (stroke,) = pad.strokes()
    assert stroke[0] == (0.1, 0.25) and stroke[-1] == (0.6, 0.15)  # 300 px is the scale
