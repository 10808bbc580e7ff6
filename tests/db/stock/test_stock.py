"""The stock queries: filters, search by NIK prefix or name words, sorting, pages, waiting days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert

from loket.core.indonesia.names import name_key
from loket.core.staff.members import StaffMember
from loket.core.stock import queries
from loket.core.stock.queries import StockColumn, StockFilter, StockSort
from loket.db.engine import Database
from loket.db.models import Batch, Card, CardNameWord, key_words
from loket.domain.states import BatchStatus, CardState

WIB = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 11, 30)  # a Monday

# nik, name, rw, rt, state, received (local date)
CARDS = [
    ("3374042606528310", "FAJAR MAULANA", "005", "003", CardState.IN_STOCK, dt.date(2026, 11, 2)),
    ("3374096804070373", "Hj. SUMARNI", "005", "001", CardState.IN_STOCK, dt.date(2026, 11, 27)),
    ("3374046404760519", "DWI RAHAYU", "002", "003", CardState.HANDED_OVER, dt.date(2026, 11, 2)),
    ("3374044107900002", "SITI AMINAH", "005", "003", CardState.EXPECTED, None),
    ("3374044107900003", "SITI HANDAYANI", "002", "001", CardState.IN_STOCK, dt.date(2026, 11, 20)),
]


@pytest.fixture
def batch_ids(database: Database, operator: StaffMember) -> tuple[int, int]:
    now = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
    ids = []
    with database.transaction() as session:
        for reference in ("470/112/XI/2026", "470/120/XI/2026"):
            batch = Batch(
                reference=reference,
                letter_date=now.date(),
                status=BatchStatus.OPEN,
                opened_at=now,
                opened_by_id=operator.id,
            )
            session.add(batch)
            session.flush()
            ids.append(batch.id)
        rows, words = [], []
        for number, (nik, name, rw, rt, state, received) in enumerate(CARDS, start=1):
            key = name_key(name)
            at = dt.datetime.combine(received, dt.time(9), tzinfo=WIB) if received else None
            rows.append(
                {
                    "id": number,
                    "nik": nik,
                    "name": name,
                    "name_key": key,
                    "rw": rw,
                    "rt": rt,
                    "batch_id": ids[0] if number <= 3 else ids[1],
                    "state": state,
                    "received_at": at,
                    "created_at": now,
                    "created_by_id": operator.id,
                }
            )
            words += [{"card_id": number, "word": word} for word in key_words(key)]
        session.execute(insert(Card), rows)
        session.execute(insert(CardNameWord), words)
    return ids[0], ids[1]


def names(
    database: Database, stock_filter: StockFilter, sort: StockSort | None = None
) -> list[str]:
    cards = queries.page_of_cards(
        database, stock_filter, sort or StockSort(), 0, 50, zone=WIB, today=TODAY
    )
    assert queries.count_cards(database, stock_filter, zone=WIB, today=TODAY) == len(cards)
    return [card.name for card in cards]


def test_no_filter_lists_every_card_in_arrival_order(
    database: Database, batch_ids: tuple[int, int]
) -> None:
    assert names(database, StockFilter()) == [card[1] for card in CARDS]


def test_state_batch_and_neighbourhood_filters_combine(
    database: Database, batch_ids: tuple[int, int]
) -> None:
    in_stock = StockFilter(states=frozenset({CardState.IN_STOCK}))
    assert names(database, in_stock) == ["FAJAR MAULANA", "Hj. SUMARNI", "SITI HANDAYANI"]
    assert names(database, StockFilter(batch_id=batch_ids[1])) == ["SITI AMINAH", "SITI HANDAYANI"]
    assert names(database, StockFilter(rw="5", rt="3")) == ["FAJAR MAULANA", "SITI AMINAH"]


def test_search_finds_nik_prefix_and_name_words_without_titles(
    database: Database, batch_ids: tuple[int, int]
) -> None:
    assert names(database, StockFilter(text="3374 0441")) == ["SITI AMINAH", "SITI HANDAYANI"]
    assert names(database, StockFilter(text="hj sumarni")) == ["Hj. SUMARNI"]
    assert names(database, StockFilter(text="siti ha")) == ["SITI HANDAYANI"]
    assert names(database, StockFilter(text="zz")) == []


def test_waiting_counts_working_days_and_only_cards_in_stock(
    database: Database, batch_ids: tuple[int, int]
) -> None:
    # Friday 27 November to Monday 30 November is one working day; 20 November is six.
    assert names(database, StockFilter(waiting_more_than_days=0)) == [
        "FAJAR MAULANA",
        "Hj. SUMARNI",
        "SITI HANDAYANI",
    ]
    assert names(database, StockFilter(waiting_more_than_days=1)) == [
        "FAJAR MAULANA",
        "SITI HANDAYANI",
    ]
    assert names(database, StockFilter(waiting_more_than_days=10)) == ["FAJAR MAULANA"]
    handed = StockFilter(states=frozenset({CardState.HANDED_OVER}), waiting_more_than_days=1)
    assert names(database, handed) == []


def test_sorting_and_pages_never_repeat_a_card(
    database: Database, batch_ids: tuple[int, int]
) -> None:
    by_name = StockSort(StockColumn.NAME)
    assert names(database, StockFilter(), by_name)[0] == "DWI RAHAYU"
    by_nik_desc = StockSort(StockColumn.NIK, descending=True)
    assert names(database, StockFilter(), by_nik_desc)[0] == "Hj. SUMARNI"
    pages = [
        queries.page_of_cards(database, StockFilter(), StockSort(StockColumn.RT_RW), offset, 2)
        for offset in (0, 2, 4)
    ]
    ids = [card.id for page in pages for card in page]
    assert sorted(ids) == [1, 2, 3, 4, 5]


def test_waiting_cutoff_skips_the_weekend() -> None:
    cutoff = queries.waiting_cutoff(1, TODAY, WIB)
    assert cutoff == dt.datetime(2026, 11, 27, tzinfo=WIB).astimezone(dt.UTC)
    assert queries.neighbourhood_code("5") == "005"
