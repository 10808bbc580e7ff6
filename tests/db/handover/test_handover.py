"""Handing a card over: the policy, the documents, one receipt per card, voiding and reprinting."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from loket.core import audit
from loket.core.audit_verify import verify_chain
from loket.core.handover import confirming, receipts, rules, voiding
from loket.core.handover.handovers import HandoverInfo
from loket.core.handover.lookup import Answer, status_of_nik
from loket.core.handover.paper import ReceiptSlip
from loket.core.handover.rules import HandoverRefused, HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.settings.shared import (
    OfficeSettings,
    RepresentativePolicy,
    SlipFormat,
    save_settings,
)
from loket.core.staff import accounts, login
from loket.core.staff.login import LoginFailed
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, Counter, Document, Handover
from loket.db.plain import PlainTransaction
from loket.domain.errors import LoketError, NotAllowed, NotFound
from loket.domain.states import CardState, DocumentChecked, OldCardFate, Relation, Role

TODAY = dt.date(2026, 11, 27)
FAJAR = "3374042606528310"  # FAJAR MAULANA, RT 009/RW 001, Rusunawa Kaligawe Blok A
TRI = "3374041508048300"  # Tri Rahayu, born 2004: his mother collects for him
MOTHER = "3374045507780004"  # Sumarni, his mother
OWNER_PAPERS = frozenset({DocumentChecked.RECORDING_SLIP})
PROXY_PAPERS = frozenset(
    {
        DocumentChecked.RECORDING_SLIP,
        DocumentChecked.POWER_OF_ATTORNEY,
        DocumentChecked.REPRESENTATIVE_ID,
    }
)


@pytest.fixture
def stock(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> dict[str, int]:
    """The Rusunawa Kaligawe batch with its first 40 cards scanned in: NIK -> card id."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:40]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    return {card.nik: card.id for card in batches.batch_cards(database, batch.id)}


@pytest.fixture
def supervisor(database: Database, admin: StaffMember) -> StaffMember:
    return accounts.add_staff(
        database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso, S.H."
    )


def by_owner(card_id: int, **changes: object) -> HandoverRequest:
    fields: dict[str, object] = {
        "card_id": card_id,
        "relation": Relation.OWNER,
        "documents": OWNER_PAPERS,
        "old_card": OldCardFate.SURRENDERED,
    }
    fields.update(changes)
    return HandoverRequest(**fields)  # type: ignore[arg-type]


def by_mother(card_id: int, **changes: object) -> HandoverRequest:
    fields: dict[str, object] = {
        "card_id": card_id,
        "relation": Relation.PARENT,
        "collector_name": "Sumarni",
        "collector_nik": MOTHER,
        "collector_phone": "0812-2555-0143",
        "documents": PROXY_PAPERS,
        "old_card": OldCardFate.NONE,
    }
    fields.update(changes)
    return HandoverRequest(**fields)  # type: ignore[arg-type]


def this_year() -> int:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).year


def confirm(database: Database, actor: StaffMember, request: HandoverRequest) -> HandoverInfo:
    return confirming.confirm(database, actor, request, today=TODAY)


def test_owner_collects_and_gets_the_first_receipt_number_of_the_year(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    info = confirm(database, operator, by_owner(stock[FAJAR]))
    assert info.receipt_number == f"3374041002-{this_year()}-000001"
    assert (info.collector_name, info.collector_nik) == ("FAJAR MAULANA", FAJAR)
    assert info.relation is Relation.OWNER and not info.by_representative
    assert info.officer_name == "Dewi Lestari"
    assert info.card.state is CardState.HANDED_OVER
    with database.transaction() as session:
        assert session.get_one(Card, stock[FAJAR]).state is CardState.HANDED_OVER
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "handover.confirm")
        ).one()
    assert entry.staff_id == operator.id and entry.entity_id == stock[FAJAR]
    assert json.loads(entry.detail)["receipt_number"] == info.receipt_number


def test_mother_collects_her_sons_card_with_power_of_attorney_under_the_default_policy(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    info = confirm(database, operator, by_mother(stock[TRI]))
    assert info.by_representative and info.relation is Relation.PARENT
    assert (info.collector_name, info.collector_nik) == ("Sumarni", MOTHER)
    assert info.collector_phone == "0812-2555-0143"
    assert info.documents == PROXY_PAPERS


def test_office_that_allows_no_representative_refuses_even_a_parent(
    database: Database, stock: dict[str, int], operator: StaffMember, admin: StaffMember
) -> None:
    save_settings(database, admin, OfficeSettings(RepresentativePolicy.NONE))
    with pytest.raises(HandoverRefused) as refused:
        confirm(database, operator, by_mother(stock[TRI]))
    assert refused.value.problems == [
        "Kebijakan kantor: KTP-el hanya boleh diambil oleh pemiliknya sendiri, tidak boleh "
        "diwakilkan."
    ]
    assert status_of_nik(database, TRI).answer is Answer.WAITING


def test_family_policy_refuses_a_neighbour_and_anyone_policy_allows_one(
    database: Database, stock: dict[str, int], operator: StaffMember, admin: StaffMember
) -> None:
    neighbour = by_mother(stock[TRI], relation=Relation.NOT_FAMILY, collector_name="Paijo")
    with pytest.raises(HandoverRefused, match="hanya keluarga pemilik"):
        confirm(database, operator, neighbour)
    save_settings(
        database, admin, OfficeSettings(RepresentativePolicy.ANYONE_WITH_POWER_OF_ATTORNEY)
    )
    assert confirm(database, operator, neighbour).relation is Relation.NOT_FAMILY


def test_representative_without_power_of_attorney_or_own_id_is_told_both(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    request = by_mother(stock[TRI], documents=frozenset({DocumentChecked.FAMILY_CARD}))
    with pytest.raises(HandoverRefused) as refused:
        confirm(database, operator, request)
    assert refused.value.problems == [
        "Yang mewakili wajib membawa surat kuasa dari pemilik kartu. Periksa dan centang.",
        "Periksa KTP-el orang yang mewakili dan centang.",
    ]


def test_papers_only_a_representative_brings_are_not_printed_for_the_owner(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    ticked = frozenset({DocumentChecked.FAMILY_CARD, DocumentChecked.POWER_OF_ATTORNEY})
    info = confirm(database, operator, by_owner(stock[FAJAR], documents=ticked))
    assert info.documents == {DocumentChecked.FAMILY_CARD}


def test_the_form_can_be_checked_before_confirming_without_touching_the_database() -> None:
    neighbour = by_mother(1, relation=Relation.NOT_FAMILY, documents=frozenset())
    problems = rules.check_request(OfficeSettings(), neighbour)
    assert len(problems) == 2
    assert problems[0].startswith("Kebijakan kantor: yang boleh mewakili hanya keluarga")
    assert problems[1].startswith("Periksa bukti perekaman (resi) atau Kartu Keluarga")
    assert rules.check_request(OfficeSettings(), by_mother(1), today=TODAY) == []


def test_owner_without_recording_slip_or_family_card_is_refused(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    with pytest.raises(HandoverRefused, match="bukti perekaman \\(resi\\) atau Kartu Keluarga"):
        confirm(database, operator, by_owner(stock[FAJAR], documents=frozenset()))
    family_card = frozenset({DocumentChecked.FAMILY_CARD})
    assert confirm(database, operator, by_owner(stock[FAJAR], documents=family_card))


def test_lost_old_card_needs_the_police_letter_number_and_prints_it(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    lost = by_owner(stock[FAJAR], old_card=OldCardFate.LOST)
    with pytest.raises(HandoverRefused, match="nomor surat keterangan kehilangan"):
        confirm(database, operator, lost)
    letter = "SKTLK/1234/XI/2026/Polsek Gayamsari"
    info = confirm(
        database,
        operator,
        by_owner(stock[FAJAR], old_card=OldCardFate.LOST, police_letter_number=letter),
    )
    slip = receipts.slip_for(database, info.id)
    assert slip.old_card == f"KTP lama hilang: surat keterangan kehilangan No. {letter}"


@pytest.mark.parametrize(
    ("nik", "words"),
    [
        ("", "Isi NIK orang yang mewakili"),
        ("3374 0455 0778", "NIK yang mewakili salah. Terlalu pendek: 12 angka"),
        ("3374043213780004", "NIK yang mewakili salah. Tanggal lahir"),
        (TRI, "sama dengan NIK pemilik kartu"),
    ],
)
def test_representatives_nik_follows_the_nik_rules_and_is_not_the_owners(
    database: Database, stock: dict[str, int], operator: StaffMember, nik: str, words: str
) -> None:
    with pytest.raises(HandoverRefused, match=words):
        confirm(database, operator, by_mother(stock[TRI], collector_nik=nik))


def test_phone_is_optional_but_only_digits_plus_and_dash(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    with pytest.raises(HandoverRefused, match="hanya boleh berisi angka"):
        confirm(database, operator, by_mother(stock[TRI], collector_phone="0812 abc"))
    assert (
        confirm(database, operator, by_mother(stock[TRI], collector_phone="")).collector_phone == ""
    )


def test_second_handover_of_a_card_is_refused_with_the_first_receipt_number(
    database: Database, stock: dict[str, int], operator: StaffMember, admin: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    with pytest.raises(LoketError) as refused:
        confirm(database, admin, by_mother(stock[FAJAR], collector_nik=MOTHER))
    message = refused.value.message
    assert "tidak bisa diserahkan dua kali" in message
    assert first.receipt_number in message and "Dewi Lestari" in message
    with database.transaction() as session:
        assert session.scalar(select(func.count(Handover.id))) == 1


def test_database_refuses_a_second_live_handover_that_slipped_past_the_check(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    """As when another desk commits between our check and our insert (PostgreSQL)."""
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    with database.transaction() as session:
        # The card looks in stock again, but its handover is still live.
        session.get_one(Card, stock[FAJAR]).state = CardState.IN_STOCK
    with pytest.raises(LoketError) as refused:
        confirm(database, operator, by_owner(stock[FAJAR]))
    assert refused.value.message == (
        "Kartu ini baru saja diserahkan oleh petugas Dewi Lestari "
        f"(tanda terima {first.receipt_number}). Tidak bisa diserahkan dua kali."
    )
    with database.transaction() as session:
        assert session.scalar(select(func.count(Handover.id))) == 1
        assert session.scalar(select(Counter.value).where(Counter.series == "receipt")) == 1


def test_receipt_numbers_have_no_gap_after_a_refused_and_a_rolled_back_attempt(
    database: Database,
    stock: dict[str, int],
    operator: StaffMember,
    admin: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    niks = list(stock)[:3]
    first = confirm(database, operator, by_owner(stock[niks[0]]))
    with pytest.raises(HandoverRefused):
        confirm(database, operator, by_owner(stock[niks[1]], documents=frozenset()))

    def power_cut(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk hilang")

    monkeypatch.setattr(audit, "record", power_cut)  # the audit row, on either path
    monkeypatch.setattr(audit, "record_plain", power_cut)
    with pytest.raises(OSError):
        confirm(database, operator, by_owner(stock[niks[1]]))
    monkeypatch.undo()
    second = confirm(database, operator, by_owner(stock[niks[1]]))
    third = confirm(database, operator, by_owner(stock[niks[2]]))
    year = this_year()
    assert [first.receipt_number, second.receipt_number, third.receipt_number] == [
        f"3374041002-{year}-00000{n}" for n in (1, 2, 3)
    ]


def test_card_not_yet_scanned_in_is_refused_saying_where_it_is(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    not_scanned = "3374042806816465"  # RIZKI SAPUTRA, row 55: on the list, not scanned
    with pytest.raises(LoketError, match="belum diterima di kelurahan"):
        confirm(database, operator, by_owner(stock[not_scanned]))


def test_card_recorded_without_a_name_needs_the_owners_name_and_keeps_it(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember
) -> None:
    batch = batches.open_batch(database, operator, "470/5/2026", TODAY, today=TODAY)
    outcome = scanning.receive_scan(database, operator, batch.id, "3374044107900002", today=TODAY)
    assert outcome.card is not None
    with pytest.raises(HandoverRefused, match="tercatat tanpa nama"):
        confirm(database, operator, by_owner(outcome.card.id))
    info = confirm(database, operator, by_owner(outcome.card.id, owner_name=" Siti  Aminah "))
    assert info.card.name == "Siti Aminah" and info.collector_name == "Siti Aminah"


# ---------------------------------------------------------------- voiding


def test_supervisor_voids_a_handover_the_card_returns_and_the_number_is_never_reused(
    database: Database, stock: dict[str, int], operator: StaffMember, supervisor: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    voided = voiding.void(
        database, operator, "agus", "rahasia-agus", first.id, "Salah orang, kartu tertukar"
    )
    assert voided.voided and voided.voided_by == "Agus Santoso, S.H."
    assert voided.void_recorded_by == "Dewi Lestari"
    assert voided.void_reason == "Salah orang, kartu tertukar"
    assert voided.card.state is CardState.IN_STOCK
    assert status_of_nik(database, FAJAR).answer is Answer.WAITING
    again = confirm(database, operator, by_owner(stock[FAJAR]))
    assert again.receipt_number == f"3374041002-{this_year()}-000002"
    scanned = receipts.find_by_receipt(database, first.receipt_number)
    assert scanned.voided and scanned.receipt_number == first.receipt_number
    void_text = receipts.slip_for(database, first.id).void_text
    assert void_text.startswith("DIBATALKAN: ") and "Disetujui Agus Santoso, S.H., " in void_text
    assert "DIBATALKAN: Salah orang, kartu tertukar. Disetujui" in void_text
    with database.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "handover.void")
        ).one()
    detail = json.loads(entry.detail)
    assert entry.staff_id == operator.id
    assert (detail["operator"], detail["supervisor"]) == ("dewi", "agus")
    assert detail["receipt_number"] == first.receipt_number


def test_void_with_the_operators_own_password_is_refused(
    database: Database, stock: dict[str, int], operator: StaffMember, supervisor: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    with pytest.raises(NotAllowed, match="Dewi Lestari bukan supervisor"):
        voiding.void(database, operator, "dewi", "rahasia-dewi", first.id, "Salah orang")
    assert not receipts.find_by_receipt(database, first.receipt_number).voided
    assert status_of_nik(database, FAJAR).answer is Answer.HANDED_OVER


def test_void_needs_a_reason_before_any_password_is_tried(
    database: Database, stock: dict[str, int], operator: StaffMember, supervisor: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    with pytest.raises(LoketError, match="alasan pembatalan"):
        voiding.void(database, operator, "agus", "salah-sandi", first.id, "  ok ")
    with database.transaction() as session:
        failures = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "staff.login_failed")
        )
    assert failures == 0


def test_wrong_supervisor_passwords_count_toward_the_lockout(
    database: Database, stock: dict[str, int], operator: StaffMember, supervisor: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    for _attempt in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            voiding.void(database, operator, "agus", "tebakan", first.id, "Salah orang")
    with pytest.raises(LoginFailed, match="dikunci"):
        voiding.void(database, operator, "agus", "rahasia-agus", first.id, "Salah orang")


def test_a_voided_receipt_cannot_be_voided_again(
    database: Database, stock: dict[str, int], operator: StaffMember, supervisor: StaffMember
) -> None:
    first = confirm(database, operator, by_owner(stock[FAJAR]))
    voiding.void(database, operator, "agus", "rahasia-agus", first.id, "Salah orang")
    with pytest.raises(LoketError, match="sudah dibatalkan"):
        voiding.void(database, operator, "agus", "rahasia-agus", first.id, "Salah orang")


# ---------------------------------------------------------------- receipts


def test_slip_has_every_text_final_in_indonesian(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    signature = (((0.1, 0.5), (0.2, 0.4), (0.3, 0.6)), ((0.5, 0.5), (0.9, 0.5)))
    info = confirm(database, operator, by_mother(stock[TRI], signature=signature))
    slip = receipts.slip_for(database, info.id)
    assert isinstance(slip, ReceiptSlip)
    assert slip.letterhead.kelurahan == "KELURAHAN KALIGAWE"
    assert (slip.owner_name, slip.owner_nik) == ("TRI RAHAYU", TRI)  # as the card prints it
    assert slip.owner_address == "Jl. Sedayu Indah No. 15, RT 005/RW 003"
    assert (slip.collector_name, slip.collector_nik) == ("Sumarni", MOTHER)
    assert slip.relation == "Orang tua (dengan surat kuasa)"
    assert slip.documents_checked == (
        "Bukti perekaman (resi)",
        "Surat kuasa",
        "KTP-el yang mewakili",
    )
    assert slip.old_card == "Tidak ada KTP lama (kartu pertama)"
    assert " pukul " in slip.issued_at and slip.issued_at.endswith(" WIB")
    assert slip.place_and_date.startswith("Semarang, ")
    assert slip.officer.name == "Dewi Lestari" and slip.officer.nip == "198903152015032004"
    assert slip.collector.name == "Sumarni" and slip.collector.title == "Yang mewakili (orang tua)"
    assert slip.signature == signature
    assert (slip.copy_label, slip.void_text) == ("", "")


def test_reprint_is_marked_salinan(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    info = confirm(database, operator, by_owner(stock[FAJAR]))
    scanned = receipts.find_by_receipt(database, f"  {info.receipt_number}\r\n")
    copy = receipts.slip_for(database, scanned.id, copy=True)
    assert copy.copy_label == "SALINAN" and copy.receipt_number == info.receipt_number
    assert copy.relation == "Pemilik sendiri" and copy.collector.title == "Pemilik KTP-el"


def test_scanned_receipt_number_is_told_apart_from_a_nik_and_unknown_ones_are_refused(
    database: Database, stock: dict[str, int]
) -> None:
    assert receipts.is_receipt_number("3374041002-2026-000123")
    assert not receipts.is_receipt_number(FAJAR)
    with pytest.raises(NotFound, match="3374041002-2026-999999 tidak ditemukan"):
        receipts.find_by_receipt(database, "3374041002-2026-999999")


def test_saved_slip_is_filed_in_the_office_format_and_a_reprint_beside_it(
    database: Database,
    data_dir: DataDir,
    stock: dict[str, int],
    operator: StaffMember,
    admin: StaffMember,
) -> None:
    save_settings(database, admin, OfficeSettings(slip_format=SlipFormat.THERMAL_80MM))
    info = confirm(database, operator, by_owner(stock[FAJAR]))
    written: list[tuple[str, str]] = []

    def write(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
        written.append((slip.copy_label, slip_format))
        path.write_bytes(b"%PDF-1.4\n")
        return path

    original = receipts.save_slip(database, operator, info.id, data_dir, write)
    copy = receipts.save_slip(database, operator, info.id, data_dir, write, copy=True)
    assert written == [("", "thermal80"), ("SALINAN", "thermal80")]
    assert original.name == f"tanda-terima-{info.receipt_number}.pdf"
    assert original.parent == copy.parent == data_dir.documents("receipts")
    with database.transaction() as session:
        documents = session.scalars(select(Document).order_by(Document.id)).all()
        assert [(d.kind, d.number) for d in documents] == [("receipts", info.receipt_number)] * 2
        assert documents[1].title.endswith("(salinan)")
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("receipt.%"))
        ).all()
    assert actions == ["receipt.print", "receipt.reprint"]


class _Sent:
    """The transactions begun and the statements sent on `database` while watched: through
    SQLAlchemy, and as plain statements on the driver's cursor (db/plain.py)."""

    def __init__(self, database: Database) -> None:
        self.engine = database.engine
        self.begun = 0
        self.statements: list[str] = []
        self._plain_send = PlainTransaction._send

    def _on_begin(self, _connection: object) -> None:
        self.begun += 1

    def _on_statement(self, *args: object) -> None:
        self.statements.append(str(args[2]))

    def __enter__(self) -> _Sent:
        event.listen(self.engine, "begin", self._on_begin)
        event.listen(self.engine, "before_cursor_execute", self._on_statement)
        send, statements = self._plain_send, self.statements

        def noted(plain: PlainTransaction, compiled: Any, given: Any) -> None:
            statements.append(compiled.sql)
            send(plain, compiled, given)

        PlainTransaction._send = noted  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        PlainTransaction._send = self._plain_send  # type: ignore[method-assign]
        event.remove(self.engine, "begin", self._on_begin)
        event.remove(self.engine, "before_cursor_execute", self._on_statement)

    def reads(self) -> dict[str, int]:
        """How often the office, its settings and the whole handover row were read."""
        found = {
            table: sum(bool(re.search(rf"FROM {table}\b", s)) for s in self.statements)
            for table in ("office", "setting")
        }
        # the whole row: the filing's lock reads the handover's id alone
        whole = "SELECT handover.id, handover.card_id"
        found["handover"] = sum(s.startswith(whole) for s in self.statements)
        return found


def _write_stand_in(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
    assert slip.receipt_number and slip_format == "a5"
    path.write_bytes(b"%PDF-1.4\n")
    return path


def test_a_handover_to_its_saved_slip_reads_each_row_once_in_three_transactions(
    database: Database, data_dir: DataDir, stock: dict[str, int], operator: StaffMember
) -> None:
    """confirm: one transaction, the office and its settings read in it; save_slip: one to read
    the office, settings and handover, one to file the paper (there were nine in all)."""
    with _Sent(database) as sent:
        info = confirm(database, operator, by_owner(stock[FAJAR]))
    assert (sent.begun, sent.reads()["office"], sent.reads()["setting"]) == (1, 1, 1)
    with _Sent(database) as sent:
        path = receipts.save_slip(database, operator, info.id, data_dir, _write_stand_in)
    assert sent.begun == 2
    assert sent.reads() == {"office": 1, "setting": 1, "handover": 1}
    assert path.name == f"tanda-terima-{info.receipt_number}.pdf"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_the_desk_s_handover_to_its_saved_slip_reads_each_row_once_in_two_transactions(
    database: Database, data_dir: DataDir, stock: dict[str, int], operator: StaffMember
) -> None:
    """Ctrl+Enter (`confirm_and_save_slip`): the office, its settings and the handover read
    once, in the confirmation; the paper filed in a second transaction, once."""
    with _Sent(database) as sent:
        done = confirming.confirm_and_save_slip(
            database, operator, by_owner(stock[FAJAR]), data_dir, _write_stand_in
        )
    assert sent.begun == 2
    assert sent.reads() == {"office": 1, "setting": 1, "handover": 1}
    assert done.slip is not None and done.slip_error == ""
    assert done.slip.name == f"tanda-terima-{done.info.receipt_number}.pdf"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_a_slip_the_disk_refuses_leaves_the_desk_s_handover_standing_and_says_why(
    database: Database, data_dir: DataDir, stock: dict[str, int], operator: StaffMember
) -> None:
    def full_disk(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
        raise OSError(28, "No space left on device")

    done = confirming.confirm_and_save_slip(
        database, operator, by_owner(stock[FAJAR]), data_dir, full_disk
    )
    assert done.slip is None and done.info.receipt_number
    assert "disk" in done.slip_error.lower() or "ruang" in done.slip_error.lower()
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.get_one(Card, stock[FAJAR]).state is CardState.HANDED_OVER


def test_the_desk_s_plain_handover_is_the_handover_the_orm_would_have_written(
    database: Database, stock: dict[str, int], operator: StaffMember
) -> None:
    """Ctrl+Enter's handover goes by plain statements (db/plain.py); a card without a name or
    not in stock by the ORM. Both must leave the same record: what confirm answers is what the
    database reads back, the rows and audit rows are alike, and the chain with its seals holds."""
    first, second = list(stock)[:2]
    plain = confirm(database, operator, by_owner(stock[first]))
    orm = confirming._confirm_orm(database, operator, by_owner(stock[second]), TODAY).info
    for answered in (plain, orm):
        assert receipts.get_handover(database, answered.id) == answered
    own = {"id", "card_id", "receipt_number", "sequence", "handed_over_at", "collector_name"}
    columns = [c.key for c in Handover.__table__.columns if c.key not in own | {"collector_nik"}]
    with database.transaction() as session:
        rows = [session.get_one(Handover, info.id) for info in (plain, orm)]
        shapes = [{c: getattr(row, c) for c in columns} for row in rows]
        audits = [
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "handover.confirm", AuditEntry.entity_id == card)
            ).one()
            for card in (plain.card.id, orm.card.id)
        ]  # fmt: skip
    assert shapes[0] == shapes[1]
    details = [json.loads(audit.detail) for audit in audits]
    assert sorted(details[0]) == sorted(details[1])
    assert details[0]["handover_id"] == plain.id and details[0]["owner_name_filled"] == ""
    for audit_row, info in zip(audits, (plain, orm), strict=True):
        assert audit_row.seal is not None and audit_row.seal.startswith(f"handover:{info.id}:")
    assert verify_chain(database).intact
