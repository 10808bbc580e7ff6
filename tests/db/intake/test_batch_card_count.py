"""A batch's counts, kept in step by the database, always equal a recount of its cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import delete, func, select, update

from loket.core.intake import batches, closing, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import BatchCardCount, Card, CardNameWord, Scan
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import CardState
from tests.helpers.old_office import insert_staff_and_batch, migrate_to

TODAY = dt.date(2026, 11, 27)


def recount(database: Database) -> dict[tuple[int, CardState, bool], int]:
    with database.transaction() as session:
        rows = session.execute(
            select(Card.batch_id, Card.state, Card.on_manifest, func.count(Card.id)).group_by(
                Card.batch_id, Card.state, Card.on_manifest
            )
        ).all()
    return {(batch_id, state, listed): n for batch_id, state, listed, n in rows}


def kept_counts(database: Database) -> dict[tuple[int, CardState, bool], int]:
    with database.transaction() as session:
        rows = session.execute(select(BatchCardCount)).scalars().all()
        return {(r.batch_id, r.state, r.on_manifest): r.cards for r in rows if r.cards}


def test_the_kept_counts_follow_every_change_of_a_card_and_the_batch_figures_with_them(
    database: Database,
    data_dir: DataDir,
    kaligawe,
    operator: StaffMember,
    samples: Path,
) -> None:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    listed = batches.open_batch(
        database, operator, "470/112/XI/2026", TODAY, "Rahmat Hidayat", report, today=TODAY
    )
    assert kept_counts(database) == recount(database)
    for entry in report.entries[:20]:
        scanning.receive_scan(database, operator, listed.id, entry.nik, today=TODAY)
    scanning.receive_scan(database, operator, listed.id, report.entries[0].nik, today=TODAY)
    extra = scanning.receive_scan(database, operator, listed.id, "3374044107900002", today=TODAY)
    aside = scanning.receive_scan(database, operator, listed.id, "3374046804070001", today=TODAY)
    assert extra.card is not None and aside.card is not None
    scanning.set_aside(database, operator, aside.card.id)
    scanning.set_aside(database, operator, extra.card.id)
    scanning.set_aside(database, operator, extra.card.id, aside=False)
    assert kept_counts(database) == recount(database)
    counts = batches.get_batch(database, listed.id).counts
    assert (counts.expected, counts.received, counts.missing) == (len(report.entries), 20, 36)
    assert (counts.extra, counts.set_aside) == (2, 1)

    # Closing marks the rest missing, however the rows are changed.
    closing.close_batch(database, operator, listed.id, data_dir, write_batch_receipt_minutes)
    unlisted = batches.open_batch(database, operator, "470/113/XI/2026", TODAY, today=TODAY)
    scanning.receive_scan(database, operator, unlisted.id, "3374042606528310", today=TODAY)
    assert kept_counts(database) == recount(database)
    assert batches.get_batch(database, listed.id).counts.missing == 36

    # Writes that no use case makes today are followed too: a bulk update and a delete.
    with database.transaction() as session:
        session.execute(
            update(Card)
            .where(Card.batch_id == listed.id, Card.state == CardState.IN_STOCK)
            .values(state=CardState.HANDED_OVER)
        )
        session.execute(update(Card).where(Card.batch_id == unlisted.id).values(batch_id=listed.id))
        gone = select(Card.id).where(Card.nik == "3374046804070001").scalar_subquery()
        session.execute(delete(Scan).where(Scan.card_id == gone))
        session.execute(delete(CardNameWord).where(CardNameWord.card_id == gone))
        session.execute(delete(Card).where(Card.id == gone))
    assert kept_counts(database) == recount(database)


def test_the_migration_counts_the_cards_an_office_already_has(database: Database) -> None:
    migrate_to(database, "0004", down=True)
    with database.engine.begin() as connection:
        insert_staff_and_batch(connection, has_manifest=True)
        for card_id, state, listed in (
            (1, "EXPECTED", True),
            (2, "EXPECTED", True),
            (3, "IN_STOCK", True),
            (4, "SET_ASIDE", False),
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO card (id, nik, name, name_key, rt, rw, address, batch_id, state, "
                    "on_manifest, created_at, created_by_id) VALUES (:id, :nik, '', '', '', '', "
                    "'', 1, :state, :listed, '2026-11-25 02:00:00', 1)"
                ),
                {
                    "id": card_id,
                    "nik": f"337404260652831{card_id}",
                    "state": state,
                    "listed": listed,
                },
            )
    migrate_to(database, "head")
    assert (
        kept_counts(database)
        == recount(database)
        == {
            (1, CardState.EXPECTED, True): 2,
            (1, CardState.IN_STOCK, True): 1,
            (1, CardState.SET_ASIDE, False): 1,
        }
    )
    with database.engine.begin() as connection:
        connection.execute(sa.text("UPDATE card SET state = 'IN_STOCK' WHERE id = 1"))
    assert kept_counts(database) == recount(database)
