"""Every card in the office, filtered and sorted, a page at a time: the stock page's queries.

Read-only. A page is LIMIT/OFFSET over an ORDER BY that ends in the primary key, so rows
never repeat or vanish between pages; the filters use the existing indexes (state, batch,
NIK prefix, the name-word table) and never LIKE over the card table.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.indonesia.lokal_adapter import count_working_days
from loket.core.indonesia.names import name_words
from loket.db.engine import Database
from loket.db.models import NAME_WORD_LENGTH, Batch, Card, CardNameWord
from loket.domain.states import CardState

EXPORT_CHUNK = 5_000


class StockColumn(enum.Enum):
    ID = "id"  # the order cards came in
    NIK = "nik"
    NAME = "name"
    RT_RW = "rt_rw"
    STATE = "state"
    BATCH = "batch"
    RECEIVED_AT = "received_at"


@dataclass(frozen=True, slots=True)
class StockSort:
    column: StockColumn = StockColumn.ID
    descending: bool = False


@dataclass(frozen=True, slots=True)
class StockFilter:
    """Empty fields do not filter. `rw`/`rt` as typed ("5" is RW 005)."""

    states: frozenset[CardState] = field(default_factory=frozenset)
    batch_id: int | None = None
    rw: str = ""
    rt: str = ""
    waiting_more_than_days: int | None = None  # working days in stock; implies IN_STOCK
    text: str = ""  # NIK prefix (digits) or the start of name words


@dataclass(frozen=True, slots=True)
class BatchChoice:
    id: int
    reference: str
    letter_date: dt.date


def neighbourhood_code(typed: str) -> str:
    """ "5" -> "005": RT and RW are stored with three digits."""
    digits = "".join(c for c in typed if c.isdigit())
    return digits[-3:].zfill(3) if digits else ""


def waiting_cutoff(days: int, today: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The UTC instant before which a card received has waited more than `days` working days.

    A card received on day R has waited count_working_days(R, today); that shrinks as R
    nears today, so the first day R with a count <= `days` is the cutoff (its midnight).
    """
    earliest = today
    while count_working_days(earliest - dt.timedelta(days=1), today) <= days:
        earliest -= dt.timedelta(days=1)
    midnight = dt.datetime.combine(earliest, dt.time(), tzinfo=zone)
    return midnight.astimezone(dt.UTC)


def _digit_upper(prefix: str) -> str | None:
    """The first digit string after every string starting with `prefix` ("3374" -> "3375")."""
    while prefix and prefix[-1] == "9":
        prefix = prefix[:-1]
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else None


def _word_upper(prefix: str) -> str | None:
    """As lookup._upper_bound: the next prefix over 0-9 a-z, right under any collation."""
    while prefix:
        last = prefix[-1]
        if last == "9":
            return prefix[:-1] + "a"
        if last != "z":
            return prefix[:-1] + chr(ord(last) + 1)
        prefix = prefix[:-1]
    return None


def _text_conditions(text: str) -> list[ColumnElement[bool]]:
    compact = "".join(text.split())
    if compact.isdigit():
        upper = _digit_upper(compact[:16])
        conditions = [Card.nik >= compact[:16]]
        if upper is not None:
            conditions.append(Card.nik < upper)
        return conditions
    conditions = []
    for prefix in sorted({w[:NAME_WORD_LENGTH] for w in name_words(text)}):
        word_range = [CardNameWord.word >= prefix]
        upper = _word_upper(prefix)
        if upper is not None:
            word_range.append(CardNameWord.word < upper)
        conditions.append(Card.id.in_(select(CardNameWord.card_id).where(*word_range)))
    return conditions


def _conditions(
    stock_filter: StockFilter, zone: dt.tzinfo, today: dt.date | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    states = set(stock_filter.states)
    if stock_filter.waiting_more_than_days is not None:
        states = (states or {CardState.IN_STOCK}) & {CardState.IN_STOCK}
        day = today or utc_now().astimezone(zone).date()
        cutoff = waiting_cutoff(stock_filter.waiting_more_than_days, day, zone)
        conditions.append(Card.received_at < cutoff)
        if not states:
            conditions.append(Card.id < 0)  # a state filter without IN_STOCK: nothing waits
    if states:
        conditions.append(Card.state.in_(sorted(states, key=lambda s: s.name)))
    if stock_filter.batch_id is not None:
        conditions.append(Card.batch_id == stock_filter.batch_id)
    if rw := neighbourhood_code(stock_filter.rw):
        conditions.append(Card.rw == rw)
    if rt := neighbourhood_code(stock_filter.rt):
        conditions.append(Card.rt == rt)
    if stock_filter.text.strip():
        conditions.extend(_text_conditions(stock_filter.text))
    return conditions


_SORT_KEYS = {
    StockColumn.ID: (Card.id,),
    StockColumn.NIK: (Card.nik,),
    StockColumn.NAME: (Card.name_key,),
    StockColumn.RT_RW: (Card.rw, Card.rt),
    StockColumn.STATE: (Card.state,),
    StockColumn.BATCH: (Card.batch_id,),
    StockColumn.RECEIVED_AT: (Card.received_at,),
}


def _ordered(statement: Select[Card], sort: StockSort) -> Select[Card]:
    keys = [*_SORT_KEYS[sort.column], Card.id]  # the id makes the order total
    unique = list(dict.fromkeys(keys))
    return statement.order_by(*(k.desc() if sort.descending else k.asc() for k in unique))


def _count(session: Session, conditions: list[ColumnElement[bool]]) -> int:
    return session.scalar(select(func.count(Card.id)).where(and_(True, *conditions))) or 0


def count_cards(
    database: Database,
    stock_filter: StockFilter,
    *,
    zone: dt.tzinfo = dt.UTC,
    today: dt.date | None = None,
) -> int:
    with database.transaction() as session:
        return _count(session, _conditions(stock_filter, zone, today))


def page_of_cards(
    database: Database,
    stock_filter: StockFilter,
    sort: StockSort,
    offset: int,
    limit: int,
    *,
    zone: dt.tzinfo = dt.UTC,
    today: dt.date | None = None,
) -> list[CardInfo]:
    """Cards `offset` .. `offset + limit - 1` of the filtered, sorted stock."""
    if limit <= 0 or offset < 0:
        return []
    statement = select(Card).where(and_(True, *_conditions(stock_filter, zone, today)))
    statement = _ordered(statement, sort).offset(offset).limit(limit)
    with database.transaction() as session:
        return [card_info(card) for card in session.scalars(statement)]


def iter_cards(
    database: Database,
    stock_filter: StockFilter,
    sort: StockSort,
    *,
    zone: dt.tzinfo = dt.UTC,
    today: dt.date | None = None,
    limit: int | None = None,
) -> Iterator[CardInfo]:
    """Every card of the filter in order, in short transactions (an export never holds a lock)."""
    offset = 0
    while limit is None or offset < limit:
        size = EXPORT_CHUNK if limit is None else min(EXPORT_CHUNK, limit - offset)
        chunk = page_of_cards(database, stock_filter, sort, offset, size, zone=zone, today=today)
        yield from chunk
        if len(chunk) < size:
            return
        offset += size


def batch_choices(database: Database) -> list[BatchChoice]:
    """Every batch, newest first: the batch filter and the "Kiriman" column."""
    with database.transaction() as session:
        rows = session.execute(
            select(Batch.id, Batch.reference, Batch.letter_date).order_by(Batch.id.desc())
        ).all()
        return [BatchChoice(id=r[0], reference=r[1], letter_date=r[2]) for r in rows]


def waited_working_days(card: CardInfo, today: dt.date, zone: dt.tzinfo) -> int | None:
    """Working days a card in stock has waited since it was received; None otherwise."""
    if card.state is not CardState.IN_STOCK or card.received_at is None:
        return None
    return count_working_days(card.received_at.astimezone(zone).date(), today)
