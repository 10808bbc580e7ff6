"""Finding a resident's card by name: every word a prefix of a word of the name, at any size."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from loket.core.cards import CardInfo, card_info
from loket.core.indonesia.names import name_words
from loket.db.engine import Database
from loket.db.models import (
    NAME_WORD_LENGTH,
    Card,
    CardNameWord,
)

_COUNT_CAP = 20_000  # index entries counted per query word, at most, to pick the rarest


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
