"""Whatever the scanner types, a scan gets the outcome it should, and nothing invalid is stored."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from loket.core.indonesia.nik import parse_nik
from loket.core.intake import batches, scanning
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Card
from loket.domain.states import ScanOutcomeKind

TODAY = dt.date(2026, 11, 27)
scanner_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789 ", min_size=12, max_size=20),
    st.sampled_from(["3374042606528310", "3374043213900001", "", "\r\n", "33740441079"]),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# The first code again at the end: a card read twice is in every example.
@given(texts=st.lists(scanner_text, min_size=1, max_size=6).map(lambda texts: [*texts, texts[0]]))
@example(texts=["3374042606528310", " 3374 0426 0652 8310 ", "33740441079"])
def test_every_scan_gets_the_outcome_it_should_and_only_valid_niks_are_stored(
    database: Database, kaligawe, operator: StaffMember, texts: list[str]
) -> None:
    batch = batches.open_batch(database, operator, "470/uji", dt.date(2026, 11, 25), today=TODAY)
    here: set[str] = set()  # NIKs received into this batch so far
    for text in texts:
        check = parse_nik(text, TODAY)
        nik = check.nik.digits if check.nik else ""
        with database.transaction() as session:  # earlier examples' batches hold their cards
            elsewhere = (
                bool(nik)
                and nik not in here
                and bool(session.scalar(select(func.count(Card.id)).where(Card.nik == nik)))
            )
        outcome = scanning.receive_scan(database, operator, batch.id, text, today=TODAY)
        if not check.ok:
            expected = ScanOutcomeKind.UNREADABLE
        elif nik in here:
            expected = ScanOutcomeKind.DUPLICATE
        elif elsewhere:
            expected = ScanOutcomeKind.ELSEWHERE
        else:
            expected = ScanOutcomeKind.ADDED  # a batch without a list: every new card joins it
            here.add(nik)
        assert outcome.kind is expected, (text, outcome)
        assert outcome.counts.received == len(here)
    with database.transaction() as session:
        stored = set(session.scalars(select(Card.nik).where(Card.batch_id == batch.id)))
    assert stored == here
    assert all(parse_nik(nik, TODAY).ok for nik in stored)
