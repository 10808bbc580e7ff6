"""Returning cards to the kecamatan: open a return, scan each card with its reason, close it.

Closing takes the cards out of stock and writes the berita acara pengembalian in one
transaction, as closing a batch does: if the paper cannot be written nothing changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.handover.handovers import live_handover
from loket.core.indonesia.nik import describe_problem, parse_nik
from loket.core.retry import after_lost_race
from loket.core.returns.paper import ReturnMinutes
from loket.core.returns.words import reason_label
from loket.core.staff.members import StaffMember, name_of
from loket.db.engine import Database
from loket.db.models import Batch, Card, CardReturn, CardReturnLine
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import UNSETTLED_STATES, CardState, ReturnReason, ReturnStatus
from loket.i18n import _

MAX_REFERENCE_LENGTH = 100
#: Cards the desk holds: in stock, or set aside at intake because they are not ours.
RETURNABLE_STATES = (CardState.IN_STOCK, CardState.SET_ASIDE)

#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteReturnMinutes = Callable[[ReturnMinutes, Path], Path]


class ReturnScanKind(enum.Enum):
    ADDED = "added"
    ALREADY_HERE = "already_here"  # scanned twice into this return
    UNREADABLE = "unreadable"
    NOT_HERE = "not_here"  # never came, not received yet, or missing from its batch
    HANDED_OVER = "handed_over"
    RETURNED = "returned"  # already returned with an earlier berita acara
    OUT_FOR_DELIVERY = "out_for_delivery"
    IN_OTHER_RETURN = "in_other_return"


@dataclass(frozen=True, slots=True)
class ReturnLineInfo:
    card: CardInfo
    reason: ReturnReason
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReturnSummary:
    id: int
    reference: str
    status: ReturnStatus
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    berita_acara_number: str | None
    receiver_name: str
    receiver_nip: str
    lines: tuple[ReturnLineInfo, ...]  # in the order scanned

    @property
    def is_open(self) -> bool:
        return self.status is ReturnStatus.OPEN

    def count(self, reason: ReturnReason) -> int:
        return sum(1 for line in self.lines if line.reason is reason)


@dataclass(frozen=True, slots=True)
class ReturnScanOutcome:
    kind: ReturnScanKind
    nik: str  # the cleaned digits ("" when nothing readable)
    message: str  # the answer for the desk, in the interface language
    card: CardInfo | None
    reason: ReturnReason | None  # ADDED / ALREADY_HERE: the reason recorded
    total: int  # cards in this return now

    @property
    def accepted(self) -> bool:
        return self.kind is ReturnScanKind.ADDED


# ---------------------------------------------------------------- queries


def return_rows(session: Session, card_return: CardReturn) -> list[tuple[CardReturnLine, Card]]:
    rows = session.execute(
        select(CardReturnLine, Card)
        .join(Card, CardReturnLine.card_id == Card.id)
        .where(CardReturnLine.return_id == card_return.id)
        .order_by(CardReturnLine.id)
    ).all()
    return [(line, card) for line, card in rows]


def summary_of(session: Session, card_return: CardReturn) -> ReturnSummary:
    return ReturnSummary(
        id=card_return.id,
        reference=card_return.reference,
        status=card_return.status,
        opened_at=card_return.opened_at,
        opened_by=name_of(session, card_return.opened_by_id),
        closed_at=card_return.closed_at,
        berita_acara_number=card_return.berita_acara_number,
        receiver_name=card_return.receiver_name,
        receiver_nip=card_return.receiver_nip,
        lines=tuple(
            ReturnLineInfo(card_info(card), line.reason, line.added_at)
            for line, card in return_rows(session, card_return)
        ),
    )


def _load(session: Session, return_id: int) -> CardReturn:
    card_return = session.get(CardReturn, return_id)
    if card_return is None:
        raise NotFound(_("Pengembalian tidak ditemukan."))
    return card_return


def load_open_return(session: Session, return_id: int) -> CardReturn:
    card_return = _load(session, return_id)
    if card_return.status is not ReturnStatus.OPEN:
        raise LoketError(
            _("Pengembalian ini sudah ditutup dengan berita acara {number}.").format(
                number=card_return.berita_acara_number or "-"
            )
        )
    return card_return


def return_summary(database: Database, return_id: int) -> ReturnSummary:
    with database.transaction() as session:
        return summary_of(session, _load(session, return_id))


def open_returns(database: Database) -> list[ReturnSummary]:
    """Returns still being filled, newest first: where the desk carries on after a restart."""
    with database.transaction() as session:
        rows = session.scalars(
            select(CardReturn)
            .where(CardReturn.status == ReturnStatus.OPEN)
            .order_by(CardReturn.id.desc())
        ).all()
        return [summary_of(session, row) for row in rows]


# ---------------------------------------------------------------- opening and filling


def _clean_reference(reference: str) -> str:
    reference = " ".join(reference.split())
    if len(reference) > MAX_REFERENCE_LENGTH:
        raise LoketError(_("Nomor surat pengantar terlalu panjang."))
    return reference


def open_return(
    database: Database,
    actor: StaffMember,
    reference: str = "",
    receiver_name: str = "",
    receiver_nip: str = "",
) -> ReturnSummary:
    """Starts a return; the receiver at the kecamatan may be filled in later (set_receiver)."""
    reference = _clean_reference(reference)
    with database.transaction() as session:
        card_return = CardReturn(
            reference=reference,
            status=ReturnStatus.OPEN,
            opened_at=utc_now(),
            opened_by_id=actor.id,
            receiver_name=" ".join(receiver_name.split())[:120],
            receiver_nip=receiver_nip.replace(" ", "")[:30],
        )
        session.add(card_return)
        session.flush()
        audit.record(
            session, actor.id, "return.open", "card_return", card_return.id, reference=reference
        )
        session.flush()
        return summary_of(session, card_return)


def set_receiver(
    database: Database,
    actor: StaffMember,
    return_id: int,
    reference: str,
    receiver_name: str,
    receiver_nip: str = "",
) -> ReturnSummary:
    """The covering letter number and the kecamatan officer who receives the cards."""
    reference = _clean_reference(reference)
    with database.transaction() as session:
        card_return = load_open_return(session, return_id)
        card_return.reference = reference
        card_return.receiver_name = " ".join(receiver_name.split())[:120]
        card_return.receiver_nip = receiver_nip.replace(" ", "")[:30]
        audit.record(
            session,
            actor.id,
            "return.receiver",
            "card_return",
            card_return.id,
            reference=reference,
            receiver=card_return.receiver_name,
        )
        session.flush()
        return summary_of(session, card_return)


def _total(session: Session, card_return: CardReturn) -> int:
    return (
        session.scalar(
            select(func.count(CardReturnLine.id)).where(CardReturnLine.return_id == card_return.id)
        )
        or 0
    )


def _most_relevant(session: Session, nik: str) -> Card | None:
    """The NIK's unsettled card if there is one, else its latest card."""
    cards = list(session.scalars(select(Card).where(Card.nik == nik).order_by(Card.id)))
    unsettled = [card for card in cards if card.state in UNSETTLED_STATES]
    chosen = unsettled or cards
    return chosen[-1] if chosen else None


def _refusal(session: Session, card: Card) -> tuple[ReturnScanKind, str]:
    """Why a card the desk does not hold cannot go back, saying where it is."""
    name = card.name or card.nik
    reference = session.get_one(Batch, card.batch_id).reference
    if card.state is CardState.HANDED_OVER:
        handover = live_handover(session, card.id)
        return ReturnScanKind.HANDED_OVER, _(
            "Kartu {name} sudah diserahkan kepada {collector} dengan tanda terima {receipt}. "
            "Kartu ini tidak bisa dikembalikan."
        ).format(
            name=name,
            collector=handover.collector_name if handover else "-",
            receipt=handover.receipt_number if handover else "-",
        )
    if card.state is CardState.RETURNED:
        return ReturnScanKind.RETURNED, _(
            "Kartu {name} sudah dikembalikan ke kecamatan dengan berita acara {number}."
        ).format(name=name, number=card.return_berita_acara_number or "-")
    if card.state is CardState.OUT_FOR_DELIVERY:
        return ReturnScanKind.OUT_FOR_DELIVERY, _(
            "Kartu {name} sedang diantar ke rumah pemiliknya. Catat dulu hasil pengantarannya."
        ).format(name=name)
    if card.state is CardState.EXPECTED:
        return ReturnScanKind.NOT_HERE, _(
            "Kartu {name} belum diterima di loket (kiriman {reference}). "
            "Terima dulu kartunya di halaman penerimaan."
        ).format(name=name, reference=reference)
    return ReturnScanKind.NOT_HERE, _(
        "Kartu {name} tidak datang bersama kiriman {reference}, jadi tidak ada di loket."
    ).format(name=name, reference=reference)


def add_card(
    database: Database,
    actor: StaffMember,
    return_id: int,
    nik_text: str,
    reason: ReturnReason,
    today: dt.date | None = None,
) -> ReturnScanOutcome:
    """Puts one scanned (or typed) card in the return, or says why not. Committed on return."""
    # A second desk putting the same card in a return at once: the answer then says so.
    return after_lost_race(lambda: _add_card(database, actor, return_id, nik_text, reason, today))


def _add_card(
    database: Database,
    actor: StaffMember,
    return_id: int,
    nik_text: str,
    reason: ReturnReason,
    today: dt.date | None,
) -> ReturnScanOutcome:
    check = parse_nik(nik_text[:200], today)
    digits = check.cleaned if check.cleaned.isdigit() else ""
    with database.transaction() as session:
        card_return = load_open_return(session, return_id)

        def answer(
            kind: ReturnScanKind, message: str, card: Card | None, kept: ReturnReason | None = None
        ) -> ReturnScanOutcome:
            info = card_info(card) if card else None
            return ReturnScanOutcome(
                kind, digits, message, info, kept, _total(session, card_return)
            )

        if check.nik is None:
            assert check.problem is not None
            message = describe_problem(check.problem, check.cleaned)
            return answer(ReturnScanKind.UNREADABLE, message, None)
        card = _most_relevant(session, check.nik.digits)
        if card is None:
            message = _("Tidak ada kartu dengan NIK {nik} di kelurahan ini.").format(
                nik=check.nik.digits
            )
            return answer(ReturnScanKind.NOT_HERE, message, None)
        name = card.name or card.nik
        line = session.scalar(select(CardReturnLine).where(CardReturnLine.card_id == card.id))
        if line is not None and line.return_id == card_return.id:
            message = _("Kartu {name} sudah ada di pengembalian ini ({reason}).").format(
                name=name, reason=reason_label(line.reason)
            )
            return answer(ReturnScanKind.ALREADY_HERE, message, card, line.reason)
        if line is not None and card.state in RETURNABLE_STATES:
            other = session.get_one(CardReturn, line.return_id)
            message = _(
                "Kartu {name} sudah masuk pengembalian lain yang belum ditutup "
                "(dibuka oleh {opened_by}). Keluarkan dulu dari sana."
            ).format(name=name, opened_by=name_of(session, other.opened_by_id))
            return answer(ReturnScanKind.IN_OTHER_RETURN, message, card)
        if card.state not in RETURNABLE_STATES:
            kind, message = _refusal(session, card)
            return answer(kind, message, card)
        session.add(
            CardReturnLine(
                return_id=card_return.id,
                card_id=card.id,
                reason=reason,
                added_at=utc_now(),
                added_by_id=actor.id,
            )
        )
        audit.record(
            session,
            actor.id,
            "return.card_added",
            "card",
            card.id,
            return_id=card_return.id,
            nik=card.nik,
            reason=reason.value,
        )
        session.flush()
        message = _("Kartu {name} masuk pengembalian: {reason}.").format(
            name=name, reason=reason_label(reason)
        )
        return answer(ReturnScanKind.ADDED, message, card, reason)


def remove_card(
    database: Database, actor: StaffMember, return_id: int, card_id: int
) -> ReturnSummary:
    """Takes a card out of an open return; it stays in stock."""
    with database.transaction() as session:
        card_return = load_open_return(session, return_id)
        line = session.scalar(
            select(CardReturnLine).where(
                CardReturnLine.return_id == card_return.id, CardReturnLine.card_id == card_id
            )
        )
        if line is None:
            raise NotFound(_("Kartu ini tidak ada di pengembalian ini."))
        session.delete(line)
        audit.record(
            session, actor.id, "return.card_removed", "card", card_id, return_id=card_return.id
        )
        session.flush()
        return summary_of(session, card_return)


# ---------------------------------------------------------------- closing
