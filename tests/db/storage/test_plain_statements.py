"""Plain statements on the driver's cursor (db/plain.py), the way a scan sends them: the rows
written and read are the ORM's own, a driver's error is SQLAlchemy's, and a transaction is
whole or not at all. On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from loket.core import audit
from loket.core.audit_verify import verify_chain
from loket.core.intake import batches
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import UNSETTLED_CARD, Base, Card
from loket.db.plain import PlainStatement
from loket.domain.errors import StorageError
from loket.domain.states import UNSETTLED_STATES, CardState, EntryMethod

_CARD = Base.metadata.tables["card"]
WHEN = dt.datetime(2026, 12, 4, 2, 30, 15, 250_000, tzinfo=dt.UTC)

ADD = PlainStatement(
    insert(_CARD)
    .values(
        nik=bindparam("nik"),
        batch_id=bindparam("batch_id"),
        state=bindparam("state"),
        on_manifest=True,
        entry_method=EntryMethod.TYPED,
        received_at=bindparam("at"),
        created_at=bindparam("at"),
        created_by_id=bindparam("actor_id"),
    )
    .returning(_CARD.c.id)
)
READ = PlainStatement(
    select(_CARD.c.id, _CARD.c.nik, _CARD.c.name, _CARD.c.state, _CARD.c.on_manifest)
    .add_columns(_CARD.c.entry_method, _CARD.c.received_at)
    .where(_CARD.c.nik == bindparam("nik"), UNSETTLED_CARD)
)
SET_STATE = PlainStatement(
    update(_CARD).where(_CARD.c.id == bindparam("card_id")).values(state=bindparam("state"))
)


@pytest.fixture
def batch_id(database: Database, admin: StaffMember) -> int:
    return batches.open_batch(database, admin, "470/1/XII/2026", dt.date(2026, 12, 4)).id


@pytest.fixture
def card(batch_id: int, admin: StaffMember) -> dict[str, object]:
    """What ADD takes for a card in stock, but its NIK."""
    return {"batch_id": batch_id, "state": CardState.IN_STOCK, "at": WHEN, "actor_id": admin.id}


def test_a_row_written_plain_is_the_row_the_orm_reads(
    database: Database, admin: StaffMember, batch_id: int
) -> None:
    with database.plain_transaction() as plain:
        added = plain.first(
            ADD, nik="3374041203900001", batch_id=batch_id, state=CardState.IN_STOCK, at=WHEN,
            actor_id=admin.id,
        )  # fmt: skip
    with database.transaction() as session:
        card = session.get(Card, added.id)
        assert card is not None
        assert (card.state, card.entry_method, card.received_at) == (
            CardState.IN_STOCK,
            EntryMethod.TYPED,
            WHEN,
        )
        assert (card.name, card.rt, card.address, card.on_manifest) == ("", "", "", True)


def test_a_row_read_plain_has_the_orm_s_types_and_names(
    database: Database, admin: StaffMember, batch_id: int
) -> None:
    with database.transaction() as session:
        session.add(
            Card(
                nik="3374041203900002", name="SITI", batch_id=batch_id, state=CardState.EXPECTED,
                on_manifest=False, entry_method=EntryMethod.SCANNED, received_at=WHEN,
                created_at=WHEN, created_by_id=admin.id,
            )
        )  # fmt: skip
    with database.plain_transaction() as plain:
        row = plain.first(READ, nik="3374041203900002")
        assert plain.first(READ, nik="3374041203900009") is None
    assert row.nik == "3374041203900002" and row.name == "SITI"
    assert row.state is CardState.EXPECTED
    assert row.entry_method is EntryMethod.SCANNED
    assert row.on_manifest is False
    assert row.received_at == WHEN and row.received_at.tzinfo is not None


def test_a_broken_rule_is_sqlalchemy_s_integrity_error_and_nothing_of_the_block_stays(
    database: Database, admin: StaffMember, card: dict[str, object]
) -> None:
    """Two unsettled cards of one NIK (the unique index a second desk's scan runs into): the
    use cases' retry (core/retry.py) catches SQLAlchemy's IntegrityError, not the driver's."""
    with pytest.raises(IntegrityError), database.plain_transaction() as plain:
        plain.first(ADD, nik="3374041203900003", **card)
        plain.first(ADD, nik="3374041203900004", **card)
        plain.first(ADD, nik="3374041203900003", **card)
    with database.plain_transaction() as plain:
        assert plain.first(READ, nik="3374041203900004") is None  # rolled back with the block


def test_an_error_in_the_block_rolls_every_plain_write_back(
    database: Database, admin: StaffMember, card: dict[str, object]
) -> None:
    with database.plain_transaction() as plain:
        added = plain.first(ADD, nik="3374041203900005", **card)
    with pytest.raises(RuntimeError), database.plain_transaction() as plain:
        plain.run(SET_STATE, card_id=added.id, state=CardState.HANDED_OVER)
        raise RuntimeError("the scan failed after its first write")
    with database.plain_transaction() as plain:
        assert plain.first(READ, nik="3374041203900005").state is CardState.IN_STOCK


def test_a_locked_database_is_refused_as_the_session_s_would_be(
    database: Database, admin: StaffMember, batch_id: int
) -> None:
    """Another writer holds the lock past the timeout: StorageError in Indonesian, as from
    `Database.transaction()`, and the plain block wrote nothing."""
    if database.on_server:
        pytest.skip("SQLite's one writer; a server's row locks are tested with two desks")
    impatient = Database(database.url, busy_timeout_ms=100)
    try:
        with database.transaction() as session:
            session.connection()  # BEGIN IMMEDIATE: this desk holds the write lock
            with pytest.raises(StorageError) as refused, impatient.plain_transaction() as plain:
                plain.first(READ, nik="3374041203900006")
        assert str(refused.value).startswith("Basis data sedang dipakai program lain")
    finally:
        impatient.dispose()


def test_a_statement_whose_values_are_made_per_call_is_refused_when_built() -> None:
    """IN over a list and a default computed in Python are made by SQLAlchemy per execution:
    a plain statement says so at once rather than sending something else."""
    dialect = Database("sqlite://").engine.dialect
    with pytest.raises(ValueError, match="IN over a list"):
        PlainStatement(select(_CARD.c.id).where(_CARD.c.state.in_(UNSETTLED_STATES))).compiled(
            dialect
        )
    stamped = Table(
        "stamped",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", DateTime, default=dt.datetime.now),
    )
    with pytest.raises(ValueError, match="not a constant"):
        PlainStatement(insert(stamped).values(id=bindparam("id"))).compiled(dialect)


def test_the_audit_row_of_a_plain_transaction_extends_the_chain(
    database: Database, admin: StaffMember, card: dict[str, object]
) -> None:
    with database.plain_transaction() as plain:
        added = plain.first(ADD, nik="3374041203900007", **card)
        audit.record_plain(plain, admin.id, "card.added", "card", added.id, nik="x")
    with database.transaction() as session:
        audit.record(session, admin.id, "card.details", "card", added.id)
    assert verify_chain(database).intact
