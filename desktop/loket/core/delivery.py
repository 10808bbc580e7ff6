"""Door-to-door delivery: cards of one RW go out with a team and a run sheet; when the team is
back, each card is scanned and its outcome recorded.

Each use case is one transaction with its audit rows. A card delivered becomes a handover with
its own receipt number, written by `handover.write_handover` as at the desk (so voiding it, the
daily report and the receipt slip work the same); a card not delivered goes back in stock with
the outcome kept on its line. Any logged-in staff member may run a delivery.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import card_info
from loket.core.clock import utc_now
from loket.core.delivery_messages import (
    AreaCount,
    DeliveryScan,
    LineInfo,
    RunCounts,
    RunSheet,
    RunSummary,
    ScanKind,
    area_text,
    counts_of,
    line_info_of,
    not_in_run_sentence,
    recorded_sentence,
    run_sheet_of,
    summaries_of,
)
from loket.core.errors import LoketError, NotFound
from loket.core.handover import write_handover
from loket.core.handover_rules import HandoverRequest
from loket.core.nik import NikCheck, describe_problem, parse_nik
from loket.core.numbering import next_number, roman_month
from loket.core.office import OfficeInfo, get_office
from loket.core.papers import paper_path, register_paper
from loket.core.staff import StaffMember
from loket.core.stock import neighbourhood_code
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import (
    Card,
    CardState,
    DeliveryLine,
    DeliveryOutcome,
    DeliveryRun,
    DeliveryStatus,
    Document,
    OldCardFate,
    Relation,
)
from loket.i18n import _

__all__ = [
    "AreaCount",
    "CreatedRun",
    "DeliveryScan",
    "LineInfo",
    "OutcomeRefused",
    "OutcomeRequest",
    "RunCounts",
    "RunSummary",
    "ScanKind",
    "area_counts",
    "check_outcome",
    "check_scan",
    "close_run",
    "create_run",
    "list_runs",
    "record_outcome",
    "run_lines",
    "run_summary",
    "save_run_sheet",
]

DOCUMENT_KIND = "daftar-pengantaran"
NUMBER_SERIES = "pengantaran"
MAX_COURIER_LENGTH = 120
MAX_RECIPIENT_LENGTH = 160
MAX_NOTE_LENGTH = 200

#: Draws the run sheet; supplied by the caller (loket.documents), so core never imports reportlab.
WriteRunSheet = Callable[[RunSheet, Path], Path]


@dataclass(frozen=True, slots=True)
class CreatedRun:
    summary: RunSummary
    pdf_path: Path  # its run sheet


@dataclass(frozen=True, slots=True)
class OutcomeRequest:
    """What the team brought back for one card. DELIVERED needs who received it, how they are
    related to the owner, and what became of the old card (as at the desk)."""

    outcome: DeliveryOutcome
    recipient_name: str = ""  # for the owner: may stay empty, the card's name is used
    relation: Relation | None = None
    old_card: OldCardFate | None = None
    police_letter_number: str = ""  # old card LOST
    note: str = ""  # keterangan written on the sheet ("pindah ke Demak")


class OutcomeRefused(LoketError):
    """The outcome form breaks a rule; `problems` holds every sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ---------------------------------------------------------------- reading


def _office(database: Database) -> OfficeInfo:
    office = get_office(database)
    if office is None:
        raise LoketError(_("Data kantor belum diisi. Minta admin mengisi pengaturan kantor."))
    return office


def _load(session: Session, run_id: int, lock: bool = False) -> DeliveryRun:
    statement = select(DeliveryRun).where(DeliveryRun.id == run_id)
    run = session.scalar(statement.with_for_update() if lock else statement)
    if run is None:
        raise NotFound(_("Pengantaran tidak ditemukan."))
    return run


def _refuse_if_closed(run: DeliveryRun) -> None:
    if run.status is not DeliveryStatus.OPEN:
        raise LoketError(
            _("Pengantaran {number} sudah ditutup. Hasilnya tidak bisa diubah lagi.").format(
                number=run.number
            )
        )


def _rows(session: Session, run_id: int) -> list[tuple[DeliveryLine, Card]]:
    rows = session.execute(
        select(DeliveryLine, Card)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(DeliveryLine.run_id == run_id)
        .order_by(DeliveryLine.position)
    ).all()
    return [(line, card) for line, card in rows]


def run_summary(database: Database, run_id: int) -> RunSummary:
    with database.transaction() as session:
        return summaries_of(session, [_load(session, run_id)])[0]


def list_runs(database: Database, limit: int = 200) -> list[RunSummary]:
    """Open runs first (where the desk carries on), then the latest closed ones."""
    with database.transaction() as session:
        runs = session.scalars(
            select(DeliveryRun)
            .order_by((DeliveryRun.status == DeliveryStatus.OPEN).desc(), DeliveryRun.id.desc())
            .limit(limit)
        ).all()
        return summaries_of(session, runs)


def run_lines(database: Database, run_id: int) -> list[LineInfo]:
    """Every card of the run in run sheet order, with its outcome so far."""
    with database.transaction() as session:
        _load(session, run_id)
        return [line_info_of(session, line, card) for line, card in _rows(session, run_id)]


def area_counts(database: Database, rw: str = "") -> list[AreaCount]:
    """Cards in stock per RW and RT (only of `rw` when given): what a new run can take."""
    statement = (
        select(Card.rw, Card.rt, func.count())
        .where(Card.state == CardState.IN_STOCK)
        .group_by(Card.rw, Card.rt)
        .order_by(Card.rw, Card.rt)
    )
    code = neighbourhood_code(rw)
    if code:
        statement = statement.where(Card.rw == code)
    with database.transaction() as session:
        return [AreaCount(rw, rt, count) for rw, rt, count in session.execute(statement).all()]


# ---------------------------------------------------------------- a new run


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """ "Blok A No. 5" before "Blok A No. 26": numbers in an address compare as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", text.lower())
        if part
    )


def _sheet_order(card: Card) -> tuple[object, ...]:
    return (card.rt, _natural(card.address), card.name_key, card.id)


def _filename(number: str) -> str:
    """ "474/0007/PENGANTARAN/XI/2026" -> "daftar-pengantaran-2026-0007.pdf"."""
    parts = number.split("/")
    return f"daftar-pengantaran-{parts[-1]}-{parts[1]}.pdf"


def _clean_area(rw: str, rts: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    code = neighbourhood_code(rw)
    if not code:
        raise LoketError(_("Isi nomor RW yang akan diantar."))
    return code, tuple(sorted({c for rt in rts if (c := neighbourhood_code(rt))}))


def create_run(
    database: Database,
    actor: StaffMember,
    rw: str,
    courier_name: str,
    rts: Sequence[str] = (),
    *,
    data: DataDir,
    write: WriteRunSheet,
) -> CreatedRun:
    """Takes every card in stock of the RW (of the RTs given) out for delivery, with a number
    and its run sheet: all or nothing (if the sheet cannot be written, nothing changes)."""
    code, chosen_rts = _clean_area(rw, rts)
    courier = " ".join(courier_name.split())
    if not courier:
        raise LoketError(_("Isi nama petugas pengantar."))
    if len(courier) > MAX_COURIER_LENGTH:
        raise LoketError(_("Nama petugas pengantar terlalu panjang."))
    office = _office(database)
    now = utc_now()
    local = now.astimezone(office.zone)
    with database.transaction() as session:
        query = select(Card).where(Card.rw == code, Card.state == CardState.IN_STOCK)
        if chosen_rts:
            query = query.where(Card.rt.in_(chosen_rts))
        # FOR UPDATE: a second desk taking the same cards waits, then finds them gone.
        cards = sorted(session.scalars(query.with_for_update()).all(), key=_sheet_order)
        if not cards:
            raise LoketError(
                _("Tidak ada kartu di loket untuk {area}.").format(area=area_text(code, chosen_rts))
            )
        sequence = next_number(session, NUMBER_SERIES, local.year)
        number = f"474/{sequence:04d}/PENGANTARAN/{roman_month(local.month)}/{local.year}"
        run = DeliveryRun(
            number=number,
            rw=code,
            rts=",".join(chosen_rts),
            courier_name=courier,
            status=DeliveryStatus.OPEN,
            created_at=now,
            created_by_id=actor.id,
        )
        session.add(run)
        session.flush()
        for position, card in enumerate(cards, start=1):
            session.add(DeliveryLine(run_id=run.id, card_id=card.id, position=position))
            card.state = CardState.OUT_FOR_DELIVERY
            audit.record(session, actor.id, "card.out_for_delivery", "card", card.id, run=number)
        session.flush()
        lines = [(position, card_info(card)) for position, card in enumerate(cards, start=1)]
        sheet = run_sheet_of(office, run, lines, data.root)
        pdf_path = write(sheet, paper_path(data, DOCUMENT_KIND, _filename(number)))
        _register_sheet(session, data, sheet, pdf_path, actor)
        audit.record(
            session,
            actor.id,
            "delivery.create",
            "delivery_run",
            run.id,
            number=number,
            rw=code,
            rts=run.rts,
            courier=courier,
            cards=len(cards),
            document=pdf_path.name,
        )
        session.flush()
        return CreatedRun(summaries_of(session, [run])[0], pdf_path)


def _register_sheet(
    session: Session, data: DataDir, sheet: RunSheet, path: Path, actor: StaffMember
) -> None:
    register_paper(
        session,
        data,
        kind=DOCUMENT_KIND,
        number=sheet.number,
        title=f"Daftar pengantaran KTP-el {sheet.number} ({sheet.area})",
        path=path,
        staff_id=actor.id,
    )


def save_run_sheet(
    database: Database, actor: StaffMember, run_id: int, data: DataDir, write: WriteRunSheet
) -> Path:
    """The run sheet's PDF: the one saved when the run was made, written again if it is gone."""
    office = _office(database)
    with database.transaction() as session:
        run = _load(session, run_id)
        document = session.scalar(
            select(Document).where(Document.kind == DOCUMENT_KIND, Document.number == run.number)
        )
        if document is not None and (data.root / document.relative_path).is_file():
            return data.root / document.relative_path
        lines = [(line.position, card_info(card)) for line, card in _rows(session, run.id)]
        sheet = run_sheet_of(office, run, lines, data.root)
        path = write(sheet, paper_path(data, DOCUMENT_KIND, _filename(run.number)))
        if document is None:
            _register_sheet(session, data, sheet, path, actor)
        audit.record(
            session, actor.id, "delivery.sheet", "delivery_run", run.id, document=path.name
        )
        return path


# ---------------------------------------------------------------- outcomes


def check_outcome(request: OutcomeRequest) -> list[str]:
    """Every problem with an outcome form as an Indonesian sentence; [] when it may be saved."""
    problems: list[str] = []
    if request.outcome is DeliveryOutcome.NOT_RECORDED:
        problems.append(_("Pilih hasil pengantaran kartu ini."))
    if len(" ".join(request.note.split())) > MAX_NOTE_LENGTH:
        problems.append(
            _("Keterangan terlalu panjang (paling banyak {count} huruf).").format(
                count=MAX_NOTE_LENGTH
            )
        )
    if request.outcome is not DeliveryOutcome.DELIVERED:
        return problems
    name = " ".join(request.recipient_name.split())
    if request.relation is None:
        problems.append(_("Pilih hubungan penerima dengan pemilik kartu."))
    elif request.relation is not Relation.OWNER and not name:
        problems.append(_("Isi nama penerima seperti tertulis di daftar pengantaran."))
    if len(name) > MAX_RECIPIENT_LENGTH:
        problems.append(_("Nama penerima terlalu panjang."))
    if request.old_card is None:
        problems.append(_("Pilih keadaan KTP lama pemilik kartu."))
    elif request.old_card is OldCardFate.LOST and not request.police_letter_number.strip():
        problems.append(
            _("KTP lama hilang: isi nomor surat keterangan kehilangan dari kepolisian.")
        )
    if len(request.police_letter_number.strip()) > 100:
        problems.append(_("Nomor surat kehilangan terlalu panjang."))
    return problems


def _find(
    session: Session, run: DeliveryRun, check: NikCheck, lock: bool = False
) -> tuple[ScanKind, str, DeliveryLine | None, Card | None]:
    """Where a scanned NIK stands on this run (`lock`: its line and card locked for writing)."""
    if check.nik is None:
        assert check.problem is not None
        return ScanKind.UNREADABLE, describe_problem(check.problem, check.cleaned), None, None
    nik = check.nik.digits
    query = (
        select(DeliveryLine, Card)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(DeliveryLine.run_id == run.id, Card.nik == nik)
        .order_by(DeliveryLine.id.desc())
    )
    found = session.execute(query.with_for_update() if lock else query).first()
    if found is None:
        return ScanKind.NOT_IN_RUN, not_in_run_sentence(session, nik), None, None
    line, card = found
    name = card.name or card.nik
    if line.outcome is None:
        return (
            ScanKind.PENDING,
            _("Kartu {name}: pilih hasil pengantarannya.").format(name=name),
            line,
            card,
        )
    info = line_info_of(session, line, card)
    said = recorded_sentence(
        name, line.outcome, line.recipient_name, line.relation, info.receipt_number
    )
    message = _("Hasilnya sudah dicatat dan tidak diubah. {said}").format(said=said)
    return ScanKind.ALREADY_RECORDED, message, line, card


def _answer(
    session: Session,
    run: DeliveryRun,
    check: NikCheck,
    found: tuple[ScanKind, str, DeliveryLine | None, Card | None],
    handover_id: int | None = None,
) -> DeliveryScan:
    kind, message, line, card = found
    digits = check.cleaned if check.cleaned.isdigit() else ""
    info = line_info_of(session, line, card) if line is not None and card is not None else None
    counts = counts_of(session, [run.id])[run.id]
    return DeliveryScan(kind, digits, message, info, counts, handover_id)


def check_scan(
    database: Database, run_id: int, nik_text: str, today: dt.date | None = None
) -> DeliveryScan:
    """What a scanned card is on this run, before its outcome is asked. Changes nothing."""
    check = parse_nik(nik_text[:200], today)
    with database.transaction() as session:
        run = _load(session, run_id)
        _refuse_if_closed(run)
        return _answer(session, run, check, _find(session, run, check))


def record_outcome(
    database: Database,
    actor: StaffMember,
    run_id: int,
    nik_text: str,
    request: OutcomeRequest,
    today: dt.date | None = None,
) -> DeliveryScan:
    """Saves one card's outcome, or says why not (not in this run, already recorded, unreadable).

    DELIVERED writes a handover with its own receipt number; any other outcome puts the card
    back in stock. Refused with OutcomeRefused when the form breaks a rule.
    """
    problems = check_outcome(request)
    if problems:
        raise OutcomeRefused(problems)
    office = _office(database)
    try:
        return _record(database, actor, run_id, nik_text, request, office, today)
    except IntegrityError:
        # Another desk recorded this card a moment ago: the answer now says so.
        return _record(database, actor, run_id, nik_text, request, office, today)


def _record(
    database: Database,
    actor: StaffMember,
    run_id: int,
    nik_text: str,
    request: OutcomeRequest,
    office: OfficeInfo,
    today: dt.date | None,
) -> DeliveryScan:
    check = parse_nik(nik_text[:200], today)
    with database.transaction() as session:
        run = _load(session, run_id, lock=True)
        _refuse_if_closed(run)
        found = _find(session, run, check, lock=True)
        kind, _message, line, card = found
        if kind is not ScanKind.PENDING or line is None or card is None:
            return _answer(session, run, check, found)
        if card.state is not CardState.OUT_FOR_DELIVERY:  # never expected: nothing else moves it
            raise LoketError(_("Kartu ini tidak sedang diantar. Hubungi admin."))
        name = " ".join(request.recipient_name.split())
        note = " ".join(request.note.split())
        handover_id = None
        if request.outcome is DeliveryOutcome.DELIVERED:
            assert request.relation is not None and request.old_card is not None
            if request.relation is Relation.OWNER and not (card.name or name):
                raise OutcomeRefused(
                    [_("Kartu ini tercatat tanpa nama. Isi nama pemilik seperti di kartunya.")]
                )
            row = write_handover(
                session,
                actor,
                card,
                HandoverRequest(
                    card_id=card.id,
                    relation=request.relation,
                    old_card=request.old_card,
                    collector_name=name,
                    police_letter_number=request.police_letter_number,
                    owner_name=name if request.relation is Relation.OWNER else "",
                ),
                office,
                today=today,
                action="delivery.delivered",
                run_id=run.id,
                run_number=run.number,
                note=note,
            )
            handover_id = row.id
            line.handover_id = row.id
            line.recipient_name = row.collector_name
            line.relation = request.relation
        else:
            card.state = CardState.IN_STOCK
            audit.record(
                session,
                actor.id,
                "delivery.not_delivered",
                "card",
                card.id,
                run_id=run.id,
                run_number=run.number,
                outcome=request.outcome.value,
                note=note,
            )
        line.outcome = request.outcome
        line.recorded_at = utc_now()
        line.recorded_by_id = actor.id
        line.note = note
        session.flush()
        info = line_info_of(session, line, card)
        message = recorded_sentence(
            card.name or card.nik,
            request.outcome,
            line.recipient_name,
            line.relation,
            info.receipt_number,
        )
        return _answer(session, run, check, (ScanKind.RECORDED, message, line, card), handover_id)


# ---------------------------------------------------------------- closing


def close_run(
    database: Database, actor: StaffMember, run_id: int, unrecorded_to_stock: bool = False
) -> RunSummary:
    """Closes a run whose every card has an outcome. With `unrecorded_to_stock`, the cards
    still without one go back in stock as "not recorded" (an explicit choice at the desk)."""
    with database.transaction() as session:
        run = _load(session, run_id, lock=True)
        _refuse_if_closed(run)
        pending = [(line, card) for line, card in _rows(session, run.id) if line.outcome is None]
        if pending and not unrecorded_to_stock:
            raise LoketError(
                _(
                    "Masih ada {count} kartu yang belum dicatat hasilnya. Pindai dulu kartunya, "
                    "atau tutup dengan mengembalikan kartu itu ke stok sebagai tidak tercatat."
                ).format(count=len(pending))
            )
        now = utc_now()
        for line, card in pending:
            line.outcome = DeliveryOutcome.NOT_RECORDED
            line.recorded_at = now
            line.recorded_by_id = actor.id
            card.state = CardState.IN_STOCK
            audit.record(
                session,
                actor.id,
                "delivery.not_recorded",
                "card",
                card.id,
                run_id=run.id,
                run_number=run.number,
            )
        run.status = DeliveryStatus.CLOSED
        run.closed_at = now
        run.closed_by_id = actor.id
        session.flush()
        summary = summaries_of(session, [run])[0]
        audit.record(
            session,
            actor.id,
            "delivery.close",
            "delivery_run",
            run.id,
            number=run.number,
            delivered=summary.counts.delivered,
            not_delivered=summary.counts.not_delivered,
            not_recorded=len(pending),
        )
        return summary
