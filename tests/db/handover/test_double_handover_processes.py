"""Two desks confirm the same card at the same moment: exactly one receipt, and a refusal that
names the desk and the officer who were first.

Real processes (spawned, as on Windows) on one SQLite file, released together by a barrier
for each card; and two threads each with its own connection, like two windows.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue
from typing import Any

import pytest
from sqlalchemy import func, select

from loket.core.handover import confirming
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, Counter, Handover
from loket.domain.errors import LoketError
from loket.domain.states import CardState, DocumentChecked, OldCardFate, Relation

TODAY = dt.date(2026, 11, 27)
ROUNDS = 4


def request_for(card_id: int) -> HandoverRequest:
    return HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )


#: Who works at each desk: (desk, officer as the refusal names them).
DESKS = {"dewi": ("Loket 1", "Dewi Lestari"), "admin": ("Loket 2", "Sri Wahyuni")}


def desk(url: str, actor: StaffMember, card_ids: list[int], barrier: Any, results: Any) -> None:
    """One desk: for each card, wait for the other desk, then both press Ctrl+Enter."""
    name = DESKS[actor.username][0]
    database = Database(url, desk=name)
    try:
        for card_id in card_ids:
            barrier.wait(timeout=60)
            try:
                info = confirming.confirm(database, actor, request_for(card_id), today=TODAY)
                results.put((card_id, "ok", f"{info.receipt_number} {actor.username}"))
            except LoketError as refused:
                results.put((card_id, "refused", refused.message))
    finally:
        database.dispose()


@pytest.fixture
def cards(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> list[int]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:ROUNDS]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    return [c.id for c in batches.batch_cards(database, batch.id)[:ROUNDS]]


def check_one_winner_per_card(
    database: Database, card_ids: list[int], results: list[tuple[int, str, str]]
) -> None:
    assert len(results) == 2 * len(card_ids)
    for card_id in card_ids:
        outcomes = sorted((kind, text) for cid, kind, text in results if cid == card_id)
        assert [kind for kind, _text in outcomes] == ["ok", "refused"], outcomes
        (receipt, winner), refusal = outcomes[0][1].split(), outcomes[1][1]
        assert "tidak bisa diserahkan dua kali" in refusal.lower()
        assert receipt in refusal  # the loser is told the winner's receipt number
        desk_name, officer = DESKS[winner]
        assert f"petugas {officer} di {desk_name}" in refusal  # and who was first, and where
    with database.transaction() as session:
        assert session.scalar(select(func.count(Handover.id))) == len(card_ids)
        states = session.scalars(select(Card.state).where(Card.id.in_(card_ids))).all()
        assert set(states) == {CardState.HANDED_OVER}
        numbers = sorted(session.scalars(select(Handover.sequence)).all())
        assert numbers == list(range(1, len(card_ids) + 1))  # no gap left by the losers
        assert session.scalar(select(Counter.value)) == len(card_ids)


def test_two_processes_confirming_the_same_card_give_one_receipt(
    database: Database,
    data_dir: DataDir,
    cards: list[int],
    operator: StaffMember,
    admin: StaffMember,
) -> None:
    context = multiprocessing.get_context("spawn")
    barrier: Barrier = context.Barrier(2)
    queue = context.Queue()
    desks = [
        context.Process(target=desk, args=(database.url, who, cards, barrier, queue))
        for who in (operator, admin)
    ]
    for process in desks:
        process.start()
    results = [queue.get(timeout=120) for _ in range(2 * len(cards))]
    for process in desks:
        process.join(timeout=60)
        assert process.exitcode == 0
    check_one_winner_per_card(database, cards, results)


def test_two_windows_confirming_the_same_card_give_one_receipt(
    database: Database,
    data_dir: DataDir,
    cards: list[int],
    operator: StaffMember,
    admin: StaffMember,
) -> None:
    barrier = threading.Barrier(2)
    queue: Queue[tuple[int, str, str]] = Queue()
    windows = [
        threading.Thread(target=desk, args=(database.url, who, cards, barrier, queue))
        for who in (operator, admin)
    ]
    for window in windows:
        window.start()
    for window in windows:
        window.join(timeout=120)
    results = [queue.get_nowait() for _ in range(queue.qsize())]
    check_one_winner_per_card(database, cards, results)
