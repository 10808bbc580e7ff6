"""Closing marks every card still expected as missing in one statement, and the paper lists them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from loket.core.intake import closing
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import CardState
from tests.helpers.cards import kaligawe_list_batch

TODAY = dt.date(2026, 11, 27)
RECEIVED = 10  # of the 56 cards on the Kaligawe list


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


@pytest.fixture
def batch_mostly_missing(database: Database, kaligawe, operator: StaffMember, samples: Path):
    return kaligawe_list_batch(database, operator, samples, TODAY, received=RECEIVED)


def test_closing_marks_every_expected_card_missing_with_one_update(
    database: Database, data_dir: DataDir, operator: StaffMember, batch_mostly_missing
) -> None:
    batch, report = batch_mostly_missing
    with statements(database) as sent:
        closing.close_batch(database, operator, batch.id, data_dir, write_batch_receipt_minutes)
    card_updates = [s for s in sent if re.match(r"UPDATE card\b", s)]
    assert len(card_updates) == 1, card_updates
    assert "WHERE card.batch_id = " in card_updates[0] and "card.state = " in card_updates[0]
    with database.transaction() as session:
        states = dict(session.execute(select(Card.nik, Card.state)).all())
    assert [states[e.nik] for e in report.entries[RECEIVED:]] == [CardState.MISSING] * (
        len(report.entries) - RECEIVED
    )
    assert {states[e.nik] for e in report.entries[:RECEIVED]} == {CardState.IN_STOCK}


def test_the_audit_row_counts_what_the_close_marked(
    database: Database, data_dir: DataDir, operator: StaffMember, batch_mostly_missing
) -> None:
    batch, report = batch_mostly_missing
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    with database.transaction() as session:
        [row] = session.scalars(select(AuditEntry).where(AuditEntry.action == "batch.close"))
        detail = json.loads(row.detail)
        assert (row.entity, row.entity_id, row.staff_id) == ("batch", batch.id, operator.id)
    missing = len(report.entries) - RECEIVED
    assert detail["missing"] == detail["marked_missing"] == missing
    assert detail["extra"] == detail["set_aside"] == 0
    assert detail["number"] == closed.number


def test_the_missing_cards_of_a_closed_batch_are_each_listed_once_in_the_lampiran(
    database: Database, data_dir: DataDir, operator: StaffMember, batch_mostly_missing
) -> None:
    batch, report = batch_mostly_missing
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    pages = [page.extract_text() for page in PdfReader(closed.pdf_path).pages]
    start = next(i for i, t in enumerate(pages) if "LAMPIRAN BERITA ACARA" in t)
    body, attached = " ".join(" ".join(pages[:start]).split()), " ".join(pages[start:])
    assert "sebanyak 46 (empat puluh enam) keping, sebagaimana tercantum dalam Lampiran" in body
    dated = re.search(r"Tanggal : (\d{1,2} [A-Z][a-z]+ \d{4})", attached)
    assert dated is not None and f"Semarang, {dated[1]}" in body  # the day of the minutes
    everything = "\n".join(pages)
    for entry in report.entries[RECEIVED:]:
        assert everything.count(entry.nik) == 1
        assert entry.nik in attached
    for entry in report.entries[:RECEIVED]:
        assert entry.nik not in everything
