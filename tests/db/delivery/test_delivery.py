"""Door-to-door delivery runs: choosing cards by RW/RT, the outcome of every card, closing.

The story is Semarang's: a team takes the cards of RW 005 out, comes back, and the desk scans
each card (or its barcode on the run sheet) to record what happened.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core.delivery import outcomes, runs
from loket.core.delivery.outcomes import OutcomeRefused, OutcomeRequest, ScanKind
from loket.core.delivery.paper import RunSheet
from loket.core.handover import confirming, receipts, voiding
from loket.core.handover.lookup import Answer, status_of_nik
from loket.core.handover.rules import HandoverRequest
from loket.core.office.identity import OfficeInfo
from loket.core.reports import daily
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, Counter, DeliveryLine, DeliveryRun, Document, Handover
from loket.documents.delivery.run_sheet import write_run_sheet
from loket.documents.handover.receipt import write_receipt
from loket.domain.errors import LoketError
from loket.domain.states import (
    CardState,
    DeliveryOutcome,
    DocumentChecked,
    OldCardFate,
    Relation,
    Role,
)
from tests.helpers.cards import CARDS, receive

OTHER_RW = ("3374045203880002", "ENDANG PURNOMO", "001", "006", "Jl. Kaligawe Raya No. 12")
RT_004 = ("3374041409700003", "HERU SUSANTI", "004", "005", "Gg. Kaligawe Tengah 7")
MOTHER = "Sumarni"


@pytest.fixture
def stock(database: Database, kaligawe: OfficeInfo, operator: StaffMember) -> dict[str, int]:
    return receive(database, operator, [*CARDS, OTHER_RW, RT_004])


@pytest.fixture
def supervisor(database: Database, admin: StaffMember) -> StaffMember:
    return accounts.add_staff(
        database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso, S.H."
    )


def new_run(
    database: Database, actor: StaffMember, data: DataDir, rts: tuple[str, ...] = ("1", "2", "3")
) -> runs.CreatedRun:
    return runs.create_run(
        database, actor, "5", "Slamet Riyadi", rts, data=data, write=write_run_sheet
    )


def state_of(database: Database, card_id: int) -> CardState:
    with database.transaction() as session:
        return session.get_one(Card, card_id).state


def delivered(relation: Relation = Relation.PARENT, name: str = MOTHER) -> OutcomeRequest:
    return OutcomeRequest(
        DeliveryOutcome.DELIVERED,
        recipient_name=name,
        relation=relation,
        old_card=OldCardFate.SURRENDERED,
    )


def actions(database: Database, action: str) -> list[AuditEntry]:
    with database.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# ---------------------------------------------------------------- a new run


def test_run_takes_every_card_in_stock_of_the_chosen_rts_in_sheet_order(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    handed = CARDS[0]
    confirming.confirm(
        database,
        operator,
        HandoverRequest(
            card_id=stock[handed[0]],
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        ),
    )
    created = new_run(database, operator, data_dir, rts=("1", "003"))
    summary = created.summary
    expected = [c for c in CARDS[1:] if c[2] in ("001", "003")]
    assert summary.number == f"474/0001/PENGANTARAN/{_roman()}/{_year()}"
    assert (summary.rw, summary.rts, summary.courier_name) == (
        "005",
        ("001", "003"),
        "Slamet Riyadi",
    )
    assert summary.counts == runs.RunCounts(len(expected), 0, 0, len(expected))
    assert summary.is_open and summary.created_by == "Dewi Lestari"

    lines = outcomes.run_lines(database, summary.id)
    assert sorted(line.card.nik for line in lines) == sorted(c[0] for c in expected)
    assert [line.position for line in lines] == list(range(1, len(expected) + 1))
    # RT first, then the address read as a person reads it: "No. 8" before "No. 15".
    keys = [(line.card.rt, line.card.address) for line in lines]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    rt1 = [line.card.address for line in lines if line.card.rt == "001"]
    assert rt1 == sorted(rt1, key=lambda a: [int(p) if p.isdigit() else p for p in a.split()])
    assert all(state_of(database, line.card.id) is CardState.OUT_FOR_DELIVERY for line in lines)
    assert state_of(database, stock[RT_004[0]]) is CardState.IN_STOCK
    assert state_of(database, stock[OTHER_RW[0]]) is CardState.IN_STOCK

    assert created.pdf_path == data_dir.documents("daftar-pengantaran") / (
        f"daftar-pengantaran-{_year()}-0001.pdf"
    )
    assert created.pdf_path.is_file()
    with database.transaction() as session:
        document = session.scalars(select(Document)).one()
    assert (document.kind, document.number) == ("daftar-pengantaran", summary.number)
    assert "RW 005, RT 001, 003" in document.title
    assert len(actions(database, "card.out_for_delivery")) == len(expected)
    [made] = actions(database, "delivery.create")
    assert json.loads(made.detail)["cards"] == len(expected)


def test_run_without_rts_takes_the_whole_rw_and_area_counts_show_what_is_left(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    before = {(a.rw, a.rt): a.cards for a in runs.area_counts(database)}
    assert before == {
        ("005", "001"): 14,
        ("005", "002"): 13,
        ("005", "003"): 13,
        ("005", "004"): 1,
        ("006", "001"): 1,
    }
    created = runs.create_run(
        database, operator, "005", "  Slamet   Riyadi ", data=data_dir, write=write_run_sheet
    )
    assert created.summary.counts.total == 41  # RT 004 too
    assert created.summary.rts == () and created.summary.courier_name == "Slamet Riyadi"
    assert runs.area_counts(database) == [runs.AreaCount("006", "001", 1)]
    assert runs.area_counts(database, "6") == [runs.AreaCount("006", "001", 1)]


def _year() -> int:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).year


def _roman() -> str:
    month = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).month
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[month - 1]


@pytest.mark.parametrize(
    ("rw", "courier", "rts", "message"),
    [
        ("", "Slamet Riyadi", (), "Isi nomor RW"),
        ("5", "  ", (), "Isi nama petugas pengantar"),
        ("5", "S" * 121, (), "terlalu panjang"),
        ("7", "Slamet Riyadi", (), r"Tidak ada kartu di loket untuk RW 007 \(semua RT\)\."),
        ("5", "Slamet Riyadi", ("9",), "Tidak ada kartu di loket untuk RW 005, RT 009"),
    ],
)
def test_a_run_that_cannot_be_made_is_refused_and_changes_nothing(
    database: Database,
    data_dir: DataDir,
    operator: StaffMember,
    stock: dict[str, int],
    rw: str,
    courier: str,
    rts: tuple[str, ...],
    message: str,
) -> None:
    with pytest.raises(LoketError, match=message):
        runs.create_run(database, operator, rw, courier, rts, data=data_dir, write=write_run_sheet)
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(DeliveryRun)) == 0
        assert session.scalar(select(func.count()).select_from(Counter)) == 0
    assert all(state_of(database, card_id) is CardState.IN_STOCK for card_id in stock.values())


def test_a_run_sheet_that_cannot_be_written_leaves_every_card_in_stock(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    def broken_printer(_sheet: object, _path: Path) -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(LoketError, match=r"daftar-pengantaran-.* tidak bisa disimpan.*disk penuh"):
        runs.create_run(
            database, operator, "5", "Slamet Riyadi", data=data_dir, write=broken_printer
        )
    assert all(state_of(database, card_id) is CardState.IN_STOCK for card_id in stock.values())
    assert runs.list_runs(database) == []
    created = new_run(database, operator, data_dir)
    assert created.summary.number.startswith("474/0001/")  # the number was given back


def test_a_card_cannot_wait_on_two_runs_at_once(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    new_run(database, operator, data_dir, rts=("1",))
    card_id = stock[CARDS[0][0]]  # out with the first run, no outcome yet
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.add(DeliveryLine(run_id=_other_run(session, operator), card_id=card_id, position=1))
        session.flush()


def _other_run(session: Session, actor: StaffMember) -> int:
    run = DeliveryRun(
        number="474/9999/PENGANTARAN/XI/2026",
        rw="005",
        rts="",
        courier_name="Joko",
        created_at=dt.datetime.now(dt.UTC),
        created_by_id=actor.id,
    )
    session.add(run)
    session.flush()
    return run.id


# ---------------------------------------------------------------- at the desk meanwhile


def test_a_card_out_for_delivery_is_refused_at_the_desk_naming_the_run_and_petugas(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    created = new_run(database, operator, data_dir)
    nik, name = CARDS[4][0], CARDS[4][1]
    with pytest.raises(LoketError) as refused:
        confirming.confirm(
            database,
            operator,
            HandoverRequest(
                card_id=stock[nik],
                relation=Relation.OWNER,
                documents=frozenset({DocumentChecked.RECORDING_SLIP}),
                old_card=OldCardFate.SURRENDERED,
            ),
        )
    message = refused.value.message
    assert message.startswith("Kartu ini tidak bisa diserahkan sekarang.")
    assert f"KTP-el {name} ({nik}) sedang diantar ke rumah oleh Slamet Riyadi" in message
    assert f"pengantaran {created.summary.number}" in message
    assert status_of_nik(database, nik).answer is Answer.OUT_FOR_DELIVERY


# ---------------------------------------------------------------- scanning outcomes


def test_scans_are_checked_before_the_outcome_is_asked(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    run = new_run(database, operator, data_dir, rts=("1",)).summary
    nik, name = CARDS[0][0], CARDS[0][1]
    noisy = f" {nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}\r"
    found = outcomes.check_scan(database, run.id, noisy)
    assert found.kind is ScanKind.PENDING and found.accepted
    assert found.line is not None and found.line.card.nik == nik
    assert found.message == f"Kartu {name}: pilih hasil pengantarannya."

    short = outcomes.check_scan(database, run.id, nik[:-2])
    assert short.kind is ScanKind.UNREADABLE and not short.accepted
    assert "16 angka" in short.message

    rt2 = CARDS[1]  # RT 002: still in stock, not on this run
    other = outcomes.check_scan(database, run.id, rt2[0])
    assert other.kind is ScanKind.NOT_IN_RUN
    assert other.message == (
        f"Kartu {rt2[1]} (NIK {rt2[0]}) tidak ikut dalam pengantaran ini. Status: ada di loket."
    )
    second = new_run(database, operator, data_dir, rts=("2",)).summary
    elsewhere = outcomes.check_scan(database, run.id, rt2[0])
    assert f"di pengantaran {second.number} (petugas Slamet Riyadi)" in elsewhere.message
    unknown = outcomes.check_scan(database, run.id, "3374044107900002")
    assert unknown.message == "Tidak ada kartu dengan NIK 3374044107900002 di kelurahan ini."
    assert runs.run_summary(database, run.id).counts.pending == 14


def test_delivered_to_the_mother_is_a_handover_with_its_own_receipt_and_slip(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    desk = confirming.confirm(  # a resident of RW 006 collected at the desk this morning
        database,
        operator,
        HandoverRequest(
            card_id=stock[OTHER_RW[0]],
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        ),
    )
    run = new_run(database, operator, data_dir).summary
    nik, name = CARDS[5][0], CARDS[5][1]
    answer = outcomes.record_outcome(
        database, operator, run.id, nik, delivered(Relation.PARENT, "  Sumarni ")
    )
    assert answer.kind is ScanKind.RECORDED and answer.handover_id is not None
    line = answer.line
    assert line is not None and line.outcome is DeliveryOutcome.DELIVERED
    assert (line.recipient_name, line.relation) == ("Sumarni", Relation.PARENT)
    office_code, year, sequence = desk.receipt_number.split("-")
    assert line.receipt_number == f"{office_code}-{year}-{int(sequence) + 1:06d}"
    assert answer.message == (
        f"Kartu {name} diterima oleh Sumarni (orang tua), tanda terima {line.receipt_number}."
    )
    assert answer.counts == runs.RunCounts(40, 1, 0, 39)

    status = status_of_nik(database, nik)
    assert status.answer is Answer.HANDED_OVER and status.handover is not None
    assert status.handover.collector_name == "Sumarni"
    assert status.handover.officer_name == "Dewi Lestari"
    [audited] = actions(database, "delivery.delivered")
    detail = json.loads(audited.detail)
    assert detail["run_number"] == run.number and detail["receipt_number"] == line.receipt_number

    slip = receipts.save_slip(database, operator, answer.handover_id, data_dir, write_receipt)
    assert slip.parent == data_dir.documents("receipts")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(slip).pages).split())
    assert line.receipt_number in text and name in text and "Sumarni" in text
    assert "Orang tua (diantar ke rumah)" in text
    assert f"Daftar Pengantaran No. {run.number}" in text
    assert "Slamet Riyadi" in text and "surat kuasa" not in text


def test_the_owner_receiving_needs_no_name_typed(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik, name = CARDS[7][0], CARDS[7][1]
    answer = outcomes.record_outcome(database, operator, run.id, nik, delivered(Relation.OWNER, ""))
    assert answer.line is not None and answer.line.recipient_name == name
    info = status_of_nik(database, nik).handover
    assert info is not None and (info.collector_name, info.collector_nik) == (name, nik)


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (OutcomeRequest(DeliveryOutcome.DELIVERED, recipient_name="Sumarni",
                        old_card=OldCardFate.NONE), "Pilih hubungan penerima"),
        (OutcomeRequest(DeliveryOutcome.DELIVERED, relation=Relation.SPOUSE,
                        old_card=OldCardFate.NONE), "Isi nama penerima"),
        (OutcomeRequest(DeliveryOutcome.DELIVERED, recipient_name="Sumarni",
                        relation=Relation.PARENT), "keadaan KTP lama"),
        (OutcomeRequest(DeliveryOutcome.DELIVERED, recipient_name="Sumarni",
                        relation=Relation.PARENT, old_card=OldCardFate.LOST),
         "surat keterangan kehilangan"),
        (OutcomeRequest(DeliveryOutcome.MOVED, note="x" * 201), "Keterangan terlalu panjang"),
        (OutcomeRequest(DeliveryOutcome.NOT_RECORDED), "Pilih hasil pengantaran"),
    ],
)  # fmt: skip
def test_an_incomplete_outcome_is_refused_and_changes_nothing(
    database: Database,
    data_dir: DataDir,
    operator: StaffMember,
    stock: dict[str, int],
    request_: OutcomeRequest,
    problem: str,
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik = CARDS[2][0]
    with pytest.raises(OutcomeRefused, match=problem):
        outcomes.record_outcome(database, operator, run.id, nik, request_)
    assert state_of(database, stock[nik]) is CardState.OUT_FOR_DELIVERY
    assert runs.run_summary(database, run.id).counts.pending == 40


@pytest.mark.parametrize(
    "outcome", [DeliveryOutcome.NOT_AT_HOME, DeliveryOutcome.MOVED, DeliveryOutcome.REFUSED]
)
def test_a_card_not_delivered_goes_back_in_stock_with_its_outcome_kept(
    database: Database,
    data_dir: DataDir,
    operator: StaffMember,
    stock: dict[str, int],
    outcome: DeliveryOutcome,
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik, name = CARDS[3][0], CARDS[3][1]
    answer = outcomes.record_outcome(
        database, operator, run.id, nik, OutcomeRequest(outcome, note=" pindah ke  Demak ")
    )
    label = {"not_at_home": "tidak di rumah", "moved": "pindah", "refused": "menolak"}
    assert answer.message == f"Kartu {name}: {label[outcome.value]}. Kartu kembali ke stok loket."
    assert state_of(database, stock[nik]) is CardState.IN_STOCK
    assert status_of_nik(database, nik).answer is Answer.WAITING
    [line] = [x for x in outcomes.run_lines(database, run.id) if x.card.nik == nik]
    assert (line.outcome, line.note, line.receipt_number) == (outcome, "pindah ke Demak", "")
    assert runs.run_summary(database, run.id).counts == runs.RunCounts(40, 0, 1, 39)
    [audited] = actions(database, "delivery.not_delivered")
    assert json.loads(audited.detail)["outcome"] == outcome.value
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Handover)) == 0


def test_a_card_recorded_twice_keeps_its_first_outcome(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik, name = CARDS[5][0], CARDS[5][1]
    first = outcomes.record_outcome(database, operator, run.id, nik, delivered())
    assert first.line is not None
    again = outcomes.record_outcome(
        database, operator, run.id, nik, OutcomeRequest(DeliveryOutcome.NOT_AT_HOME)
    )
    assert again.kind is ScanKind.ALREADY_RECORDED and not again.accepted
    assert again.message == (
        "Hasilnya sudah dicatat dan tidak diubah. Kartu "
        f"{name} diterima oleh Sumarni (orang tua), tanda terima {first.line.receipt_number}."
    )
    assert state_of(database, stock[nik]) is CardState.HANDED_OVER
    assert outcomes.check_scan(database, run.id, nik).kind is ScanKind.ALREADY_RECORDED
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Handover)) == 1


# ---------------------------------------------------------------- closing


def test_closing_waits_for_every_outcome_or_sends_the_rest_back_as_not_recorded(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    run = new_run(database, operator, data_dir, rts=("2",)).summary
    rt2 = [c for c in CARDS if c[2] == "002"]
    outcomes.record_outcome(database, operator, run.id, rt2[0][0], delivered())
    outcomes.record_outcome(
        database, operator, run.id, rt2[1][0], OutcomeRequest(DeliveryOutcome.REFUSED)
    )
    with pytest.raises(LoketError, match="Masih ada 11 kartu yang belum dicatat hasilnya"):
        runs.close_run(database, operator, run.id)
    assert runs.run_summary(database, run.id).is_open

    closed = runs.close_run(database, operator, run.id, unrecorded_to_stock=True)
    assert not closed.is_open and closed.closed_at is not None
    assert closed.counts == runs.RunCounts(13, 1, 12, 0)
    lines = outcomes.run_lines(database, run.id)
    assert [line.outcome for line in lines].count(DeliveryOutcome.NOT_RECORDED) == 11
    assert all(state_of(database, stock[c[0]]) is CardState.IN_STOCK for c in rt2[1:])
    assert len(actions(database, "delivery.not_recorded")) == 11
    [audited] = actions(database, "delivery.close")
    assert json.loads(audited.detail)["not_recorded"] == 11

    with pytest.raises(LoketError, match="sudah ditutup"):
        outcomes.check_scan(database, run.id, rt2[2][0])
    with pytest.raises(LoketError, match="sudah ditutup"):
        runs.close_run(database, operator, run.id, unrecorded_to_stock=True)
    assert [r.id for r in runs.list_runs(database)] == [run.id]


def test_a_run_with_every_outcome_closes_and_open_runs_are_listed_first(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    first = new_run(database, operator, data_dir, rts=("3",)).summary
    second = new_run(database, operator, data_dir, rts=("1",)).summary
    for nik, *_rest in [c for c in CARDS if c[2] == "003"]:
        outcomes.record_outcome(
            database, operator, first.id, nik, OutcomeRequest(DeliveryOutcome.NOT_AT_HOME)
        )
    closed = runs.close_run(database, operator, first.id)
    assert closed.counts == runs.RunCounts(13, 0, 13, 0)
    third = new_run(database, operator, data_dir, rts=("3",)).summary  # the same cards, again
    assert third.counts.total == 13
    assert [r.id for r in runs.list_runs(database)] == [third.id, second.id, first.id]


# ---------------------------------------------------------------- after delivery


def test_a_voided_delivery_behaves_like_a_voided_desk_handover(
    database: Database,
    data_dir: DataDir,
    operator: StaffMember,
    supervisor: StaffMember,
    stock: dict[str, int],
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik = CARDS[8][0]
    answer = outcomes.record_outcome(database, operator, run.id, nik, delivered())
    assert answer.handover_id is not None
    voided = voiding.void(
        database,
        operator,
        "agus",
        "rahasia-agus",
        answer.handover_id,
        "Salah catat: kartu tetangga",
    )
    assert voided.voided and state_of(database, stock[nik]) is CardState.IN_STOCK
    assert status_of_nik(database, nik).answer is Answer.WAITING
    [line] = [x for x in outcomes.run_lines(database, run.id) if x.card.nik == nik]
    assert line.outcome is DeliveryOutcome.DELIVERED and line.handover_voided
    slip = receipts.slip_for(database, answer.handover_id, copy=True)
    assert slip.void_text.startswith("DIBATALKAN: Salah catat: kartu tetangga. Disetujui ")
    assert "diantar ke rumah" in slip.relation
    again = confirming.confirm(  # the owner comes to the desk after all
        database,
        operator,
        HandoverRequest(
            card_id=stock[nik],
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.FAMILY_CARD}),
            old_card=OldCardFate.SURRENDERED,
        ),
    )
    assert again.receipt_number != line.receipt_number


def test_a_delivered_card_is_in_the_daily_report(
    database: Database,
    data_dir: DataDir,
    operator: StaffMember,
    kaligawe: OfficeInfo,
    stock: dict[str, int],
) -> None:
    run = new_run(database, operator, data_dir).summary
    nik, name = CARDS[9][0], CARDS[9][1]
    answer = outcomes.record_outcome(database, operator, run.id, nik, delivered())
    today = dt.datetime.now(dt.UTC).astimezone(kaligawe.zone).date()
    report = daily.daily_report(database, today, operator)
    [line] = report.lines
    assert line.nik == nik and line.name == name and line.collector_name == "Sumarni"
    assert line.relation == "Orang tua (diantar ke rumah)"  # not "dengan surat kuasa"
    assert answer.line is not None and line.receipt_number == answer.line.receipt_number
    assert report.stock.handed_over == 1 and report.stock.end == report.stock.received - 1


def test_the_run_sheet_is_kept_and_written_again_only_when_its_file_is_gone(
    database: Database, data_dir: DataDir, operator: StaffMember, stock: dict[str, int]
) -> None:
    created = new_run(database, operator, data_dir)
    written: list[Path] = []

    def counting(sheet: RunSheet, path: Path) -> Path:
        written.append(path)
        return write_run_sheet(sheet, path)

    again = runs.save_run_sheet(database, operator, created.summary.id, data_dir, counting)
    assert again == created.pdf_path and written == []
    saved = created.pdf_path.read_bytes()
    created.pdf_path.unlink()
    rewritten = runs.save_run_sheet(database, operator, created.summary.id, data_dir, counting)
    assert rewritten == created.pdf_path and rewritten.is_file()
    if database.engine.dialect.name == "sqlite":
        assert written == [created.pdf_path]  # a desk alone draws it again
    else:  # on a server the sheet as it was made is kept, and written back from there
        assert written == [] and rewritten.read_bytes() == saved
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
