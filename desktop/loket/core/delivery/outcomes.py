"""When the team is back: each card scanned and its outcome recorded, delivered (a handover) or
back in stock.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.delivery.runs import (
    RunCounts,
    counts_of,
    load_run,
    read_line_code,
    refuse_if_closed,
    run_rows,
)
from loket.core.delivery.words import (
    not_in_run_sentence,
    on_other_run_sentence,
    recorded_sentence,
)
from loket.core.handover.confirming import write_handover
from loket.core.handover.rules import HandoverRequest
from loket.core.indonesia.nik import NikCheck, describe_problem, parse_nik
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.retry import after_lost_race
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Card, DeliveryLine, DeliveryRun, Handover
from loket.domain.errors import LoketError
from loket.domain.states import CardState, DeliveryOutcome, OldCardFate, Relation
from loket.i18n import _


@dataclass(frozen=True, slots=True)
class LineInfo:
    id: int
    position: int  # "No." on the run sheet
    card: CardInfo
    outcome: DeliveryOutcome | None
    recipient_name: str
    relation: Relation | None
    note: str
    recorded_at: dt.datetime | None
    receipt_number: str  # DELIVERED: its handover's receipt
    handover_voided: bool  # DELIVERED, and the handover was voided since


class ScanKind(enum.Enum):
    PENDING = "pending"  # in this run, waiting for its outcome
    RECORDED = "recorded"  # its outcome saved now
    ALREADY_RECORDED = "already_recorded"
    NOT_IN_RUN = "not_in_run"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class DeliveryScan:
    """The answer to a scan on a run; nothing changed unless `kind` is RECORDED."""

    kind: ScanKind
    nik: str  # the cleaned digits ("" when nothing readable)
    message: str  # for the desk, in the interface language
    line: LineInfo | None
    counts: RunCounts
    handover_id: int | None = None  # RECORDED as DELIVERED: for its receipt slip

    @property
    def accepted(self) -> bool:
        return self.kind in (ScanKind.PENDING, ScanKind.RECORDED)


def line_info_of(session: Session, line: DeliveryLine, card: Card) -> LineInfo:
    handover = session.get(Handover, line.handover_id) if line.handover_id else None
    return LineInfo(
        id=line.id,
        position=line.position,
        card=card_info(card),
        outcome=line.outcome,
        recipient_name=line.recipient_name,
        relation=line.relation,
        note=line.note,
        recorded_at=line.recorded_at,
        receipt_number=handover.receipt_number if handover else "",
        handover_voided=bool(handover and handover.voided),
    )


MAX_RECIPIENT_LENGTH = 160
MAX_NOTE_LENGTH = 200


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


def run_lines(database: Database, run_id: int) -> list[LineInfo]:
    """Every card of the run in run sheet order, with its outcome so far."""
    with database.transaction() as session:
        load_run(session, run_id)
        return [line_info_of(session, line, card) for line, card in run_rows(session, run_id)]


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
        return ScanKind.NOT_IN_RUN, _not_in_run_message(session, nik), None, None
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


def _not_in_run_message(session: Session, nik: str) -> str:
    """Why a scanned NIK is not on this run: out with another run, not sent, or not here."""
    elsewhere = session.execute(
        select(DeliveryRun.number, DeliveryRun.courier_name, Card.name)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(Card.nik == nik, DeliveryLine.outcome.is_(None))
    ).first()
    if elsewhere is not None:
        return on_other_run_sentence(
            elsewhere.name or nik, elsewhere.number, elsewhere.courier_name
        )
    latest = session.scalar(select(Card).where(Card.nik == nik).order_by(Card.id.desc()))
    if latest is None:
        return not_in_run_sentence("", nik, None)
    return not_in_run_sentence(latest.name, nik, latest.state)


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
    """What a scanned card (or a row's barcode on the run sheet) is on this run, before its
    outcome is asked. Changes nothing."""
    with database.transaction() as session:
        run = load_run(session, run_id)
        refuse_if_closed(run)
        check = parse_nik(_nik_of_row(session, run, nik_text[:200]), today)
        return _answer(session, run, check, _find(session, run, check))


def _nik_of_row(session: Session, run: DeliveryRun, text: str) -> str:
    """The NIK of the card on the run sheet row whose barcode was scanned; else the text."""
    row = read_line_code(text)
    if row is None:
        return text
    run_id, position = row
    nik = session.scalar(
        select(Card.nik)
        .join(DeliveryLine, DeliveryLine.card_id == Card.id)
        .where(DeliveryLine.run_id == run_id, DeliveryLine.position == position)
    )
    if nik is None or run_id != run.id:
        raise LoketError(
            _("Barcode ini dari baris daftar pengantaran lain, bukan dari {number}.").format(
                number=run.number
            )
        )
    return nik


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
    office = office_or_refuse(database)
    # A second desk recording this card at once: the answer then says so.
    return after_lost_race(
        lambda: _record(database, actor, run_id, nik_text, request, office, today)
    )


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
        run = load_run(session, run_id, lock=True)
        refuse_if_closed(run)
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
