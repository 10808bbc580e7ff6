"""What the desk answers a resident asking for their card: by NIK, scanned card, or name.

Read-only: every function here opens a transaction, reads, and returns frozen values.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.cards import CardInfo, card_info
from loket.core.handover.handovers import (
    DeliveryNote,
    HandoverInfo,
    delivery_note,
    handover_info_of,
    live_handover,
)
from loket.core.indonesia.nik import describe_problem, parse_nik
from loket.core.staff.members import name_of
from loket.db.engine import Database
from loket.db.models import (
    Batch,
    Card,
    CardReturn,
    CardReturnLine,
    DeliveryLine,
    DeliveryRun,
)
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import (
    UNSETTLED_STATES,
    CardState,
    ReturnStatus,
)
from loket.i18n import _


class Answer(enum.Enum):
    WAITING = "waiting"  # here, can be collected now
    NOT_YET_EXPECTED = "not_yet_expected"  # on a kecamatan list, not scanned in yet
    NEVER_SEEN = "never_seen"  # no card for this NIK has ever come to this office
    HANDED_OVER = "handed_over"
    RETURNED = "returned"  # sent back to the kecamatan
    OUT_FOR_DELIVERY = "out_for_delivery"
    SET_ASIDE = "set_aside"  # arrived, but goes back to the kecamatan
    MISSING = "missing"  # on a list, did not arrive when the batch was closed


_ANSWER_OF_STATE = {
    CardState.IN_STOCK: Answer.WAITING,
    CardState.EXPECTED: Answer.NOT_YET_EXPECTED,
    CardState.HANDED_OVER: Answer.HANDED_OVER,
    CardState.RETURNED: Answer.RETURNED,
    CardState.OUT_FOR_DELIVERY: Answer.OUT_FOR_DELIVERY,
    CardState.SET_ASIDE: Answer.SET_ASIDE,
    CardState.MISSING: Answer.MISSING,
}


@dataclass(frozen=True, slots=True)
class OpenReturnNote:
    """An open (not yet closed) return that holds a card in stock: it is on its way back."""

    return_id: int
    reference: str  # nomor surat pengantar, or ""
    opened_by: str
    opened_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CardStatus:
    """Everything needed to answer "where is my card?" in one sentence (see handover_messages)."""

    answer: Answer
    nik: str
    card: CardInfo | None = None
    batch_reference: str = ""
    batch_letter_date: dt.date | None = None
    since: dt.datetime | None = None  # received, listed, handed over, returned, or batch closed
    handover: HandoverInfo | None = None  # HANDED_OVER: the live handover
    berita_acara_number: str = ""  # RETURNED: of the return; MISSING: of the batch received
    earlier_cards: int = 0  # other cards of this NIK, already settled (an earlier card)
    open_return: OpenReturnNote | None = None  # WAITING: an open return holds the card


# ---------------------------------------------------------------- handovers


def open_return_of(session: Session, card_id: int) -> OpenReturnNote | None:
    """The open return this card has been scanned into, if any."""
    row = session.scalar(
        select(CardReturn)
        .join(CardReturnLine, CardReturnLine.return_id == CardReturn.id)
        .where(CardReturnLine.card_id == card_id, CardReturn.status == ReturnStatus.OPEN)
    )
    if row is None:
        return None
    return OpenReturnNote(row.id, row.reference, name_of(session, row.opened_by_id), row.opened_at)


# ---------------------------------------------------------------- status


def card_status(session: Session, card: Card) -> CardStatus:
    batch = session.get_one(Batch, card.batch_id)
    earlier = session.scalars(select(Card.id).where(Card.nik == card.nik, Card.id != card.id)).all()
    answer = _ANSWER_OF_STATE[card.state]
    handover = None
    since: dt.datetime | None = None
    berita_acara = ""
    held = open_return_of(session, card.id) if answer is Answer.WAITING else None
    if answer in (Answer.WAITING, Answer.SET_ASIDE):
        since = card.received_at
    elif answer is Answer.NOT_YET_EXPECTED:
        since = batch.opened_at
    elif answer is Answer.MISSING:
        since = batch.closed_at
        berita_acara = batch.berita_acara_number or ""
    elif answer is Answer.RETURNED:
        since = card.returned_at
        berita_acara = card.return_berita_acara_number or ""
    elif answer is Answer.HANDED_OVER:
        row = live_handover(session, card.id)
        handover = handover_info_of(session, row) if row else None
        since = row.handed_over_at if row else None
    return CardStatus(
        answer=answer,
        nik=card.nik,
        card=card_info(card),
        batch_reference=batch.reference,
        batch_letter_date=batch.letter_date,
        since=since,
        handover=handover,
        berita_acara_number=berita_acara,
        earlier_cards=len(earlier),
        open_return=held,
    )


def _most_relevant(cards: list[Card]) -> Card:
    """The NIK's unsettled card if there is one, else its latest settled card."""
    for card in cards:
        if card.state in UNSETTLED_STATES:
            return card
    return max(cards, key=lambda card: card.id)


def status_of_nik(database: Database, nik_text: str, today: dt.date | None = None) -> CardStatus:
    """The answer for a typed or scanned NIK; LoketError saying what is wrong when unreadable."""
    check = parse_nik(nik_text, today)
    if check.nik is None:
        assert check.problem is not None
        raise LoketError(describe_problem(check.problem, check.cleaned))
    nik = check.nik.digits
    with database.transaction() as session:
        cards = list(session.scalars(select(Card).where(Card.nik == nik).order_by(Card.id)))
        if not cards:
            return CardStatus(Answer.NEVER_SEEN, nik)
        return card_status(session, _most_relevant(cards))


def status_of_card(database: Database, card_id: int) -> CardStatus:
    """The answer for one card, e.g. picked from the results of a search by name."""
    with database.transaction() as session:
        card = session.get(Card, card_id)
        if card is None:
            raise NotFound(_("Kartu tidak ditemukan."))
        return card_status(session, card)


# ---------------------------------------------------------------- search by name


def out_for_delivery(session: Session, card: Card) -> DeliveryNote | None:
    """The run a card out for delivery went with; None for a card that is not out."""
    if card.state is not CardState.OUT_FOR_DELIVERY:
        return None
    run = session.scalar(
        select(DeliveryRun)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .where(DeliveryLine.card_id == card.id, DeliveryLine.outcome.is_(None))
    )
    return delivery_note(run) if run is not None else None
