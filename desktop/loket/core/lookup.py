"""What the desk answers a resident asking for their card: by NIK, scanned card, or name.

Read-only: every function here opens a transaction, reads, and returns frozen values.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from loket.core.cards import CardInfo, card_info
from loket.core.errors import LoketError, NotFound
from loket.core.names import name_words
from loket.core.nik import describe_problem, parse_nik
from loket.core.paper_data import Strokes
from loket.db.engine import Database
from loket.db.models import (
    NAME_WORD_LENGTH,
    UNSETTLED_STATES,
    Batch,
    Card,
    CardNameWord,
    CardReturn,
    CardReturnLine,
    CardState,
    DocumentChecked,
    Handover,
    OldCardFate,
    Relation,
    ReturnStatus,
    Staff,
)
from loket.i18n import _

_COUNT_CAP = 20_000  # index entries counted per query word, at most, to pick the rarest


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
class HandoverInfo:
    """One handover (tanda terima) as the desk and the receipt show it. Times in UTC."""

    id: int
    receipt_number: str
    card: CardInfo  # the card as it is now (back in stock after a void)
    batch_reference: str
    handed_over_at: dt.datetime
    officer_name: str
    officer_nip: str
    relation: Relation
    collector_name: str
    collector_nik: str
    collector_phone: str
    documents: frozenset[DocumentChecked]
    old_card: OldCardFate
    police_letter_number: str
    signature: Strokes
    voided: bool
    void_reason: str
    voided_at: dt.datetime | None
    voided_by: str  # the supervisor who authorised the void
    void_recorded_by: str  # the staff member at the desk

    @property
    def by_representative(self) -> bool:
        return self.relation is not Relation.OWNER


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


def _staff_name(session: Session, staff_id: int | None) -> tuple[str, str]:
    row = session.get(Staff, staff_id) if staff_id is not None else None
    return ((row.full_name or row.username), row.nip) if row else ("", "")


def encode_documents(documents: frozenset[DocumentChecked]) -> str:
    return ",".join(d.name for d in DocumentChecked if d in documents)


def decode_documents(stored: str) -> frozenset[DocumentChecked]:
    names = {name.strip() for name in stored.split(",")}
    return frozenset(d for d in DocumentChecked if d.name in names)


def encode_strokes(strokes: Strokes) -> str | None:
    if not strokes:
        return None
    return json.dumps([[[round(x, 4), round(y, 4)] for x, y in stroke] for stroke in strokes])


def decode_strokes(stored: str | None) -> Strokes:
    if not stored:
        return ()
    return tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in json.loads(stored))


def handover_info_of(session: Session, row: Handover) -> HandoverInfo:
    card = session.get_one(Card, row.card_id)
    batch = session.get_one(Batch, card.batch_id)
    officer_name, officer_nip = _staff_name(session, row.officer_id)
    return HandoverInfo(
        id=row.id,
        receipt_number=row.receipt_number,
        card=card_info(card),
        batch_reference=batch.reference,
        handed_over_at=row.handed_over_at,
        officer_name=officer_name,
        officer_nip=officer_nip,
        relation=row.relation,
        collector_name=row.collector_name,
        collector_nik=row.collector_nik,
        collector_phone=row.collector_phone,
        documents=decode_documents(row.documents),
        old_card=row.old_card,
        police_letter_number=row.police_letter_number,
        signature=decode_strokes(row.signature),
        voided=row.voided,
        void_reason=row.void_reason,
        voided_at=row.voided_at,
        voided_by=_staff_name(session, row.voided_by_id)[0],
        void_recorded_by=_staff_name(session, row.void_recorded_by_id)[0],
    )


def live_handover(session: Session, card_id: int) -> Handover | None:
    """The handover of this card that is not voided (the database allows at most one)."""
    return session.scalar(
        select(Handover).where(Handover.card_id == card_id, Handover.voided.is_(False))
    )


def handovers_of_card(database: Database, card_id: int) -> list[HandoverInfo]:
    """Every handover of a card, voided ones included, oldest first: its history at the desk."""
    with database.transaction() as session:
        rows = session.scalars(
            select(Handover).where(Handover.card_id == card_id).order_by(Handover.id)
        ).all()
        return [handover_info_of(session, row) for row in rows]


def open_return_of(session: Session, card_id: int) -> OpenReturnNote | None:
    """The open return this card has been scanned into, if any."""
    row = session.scalar(
        select(CardReturn)
        .join(CardReturnLine, CardReturnLine.return_id == CardReturn.id)
        .where(CardReturnLine.card_id == card_id, CardReturn.status == ReturnStatus.OPEN)
    )
    if row is None:
        return None
    return OpenReturnNote(
        row.id, row.reference, _staff_name(session, row.opened_by_id)[0], row.opened_at
    )


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


def _upper_bound(prefix: str) -> str | None:
    """The first text after every word starting with `prefix`, over the alphabet 0-9 a-z.

    Stepping within that alphabet ("9" -> "a", "z" carries) keeps the range right under a
    byte-order collation (SQLite) and under a language collation (PostgreSQL) alike.
    """
    while prefix:
        last = prefix[-1]
        if last == "9":
            return prefix[:-1] + "a"
        if last != "z":
            return prefix[:-1] + chr(ord(last) + 1)
        prefix = prefix[:-1]
    return None


def _prefix_range(word: InstrumentedAttribute[str], prefix: str) -> list[ColumnElement[bool]]:
    upper = _upper_bound(prefix)
    conditions = [word >= prefix]
    if upper is not None:
        conditions.append(word < upper)
    return conditions


def _rarest(session: Session, prefixes: list[str]) -> tuple[str, int]:
    """The query word whose prefix starts the fewest words (counted up to a cap), and its count.

    Walking the rarest word's index range keeps a query like "sri zz" from reading every Sri.
    """
    if len(prefixes) == 1:
        return prefixes[0], _COUNT_CAP  # nothing to choose between: no need to count
    counts = []
    for prefix in prefixes:
        capped = (
            select(CardNameWord.card_id)
            .where(*_prefix_range(CardNameWord.word, prefix))
            .limit(_COUNT_CAP)
        )
        count = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
        counts.append((count, -len(prefix), prefix))
    count, _length, prefix = min(counts)
    return prefix, count


def search_by_name(database: Database, query: str, limit: int = 50) -> list[CardInfo]:
    """Cards whose name has a word starting with every word of `query`, case and titles ignored.

    "siti", "Hj. Siti", "SITI AMINAH" and "hj siti ami" all find "HJ. SITI AMINAH". The
    rarest query word walks the word index in order; each other word is one more index probe
    per card (never a LIKE over the card table). Results come in the order of that word, then
    of the card, at most `limit` of them.
    """
    prefixes = sorted({word[:NAME_WORD_LENGTH] for word in name_words(query)})
    if not prefixes or limit <= 0:
        return []
    found: dict[int, CardInfo] = {}
    with database.transaction() as session:
        driver, count = _rarest(session, prefixes)
        if count == 0:
            return []
        walk = aliased(CardNameWord)
        conditions = _prefix_range(walk.word, driver)
        for prefix in prefixes:
            if prefix != driver:
                other = aliased(CardNameWord)
                probe = _prefix_range(other.word, prefix)
                conditions.append(exists().where(other.card_id == walk.card_id, *probe))
        after: tuple[str, int] | None = None
        while len(found) < limit:
            statement = (
                select(walk.word, Card)
                .join(Card, Card.id == walk.card_id)
                .where(*conditions)
                .order_by(walk.word, walk.card_id)
                .limit(limit)
            )
            if after is not None:
                statement = statement.where(
                    or_(
                        walk.word > after[0],
                        and_(walk.word == after[0], walk.card_id > after[1]),
                    )
                )
            rows = session.execute(statement).all()
            for _word, card in rows:
                # A card with two words starting with the prefix comes twice: once is enough.
                found.setdefault(card.id, card_info(card))
            if len(rows) < limit:
                break
            after = (rows[-1][0], rows[-1][1].id)
    return list(found.values())[:limit]
