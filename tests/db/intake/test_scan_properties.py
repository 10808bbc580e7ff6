"""Whatever the scanner types, a scan gets an outcome, and nothing invalid is ever stored."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

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
@given(texts=st.lists(scanner_text, min_size=1, max_size=6))
def test_every_scan_gets_an_outcome_and_only_valid_niks_are_stored(
    database: Database, kaligawe, operator: StaffMember, texts: list[str]
) -> None:
    batch = batches.open_batch(database, operator, "470/uji", dt.date(2026, 11, 25), today=TODAY)
    for text in texts:
        outcome = scanning.receive_scan(database, operator, batch.id, text, today=TODAY)
        assert outcome.kind in ScanOutcomeKind
        valid = parse_nik(text, TODAY).ok
        assert (outcome.kind is ScanOutcomeKind.UNREADABLE) != valid
    with database.transaction() as session:
        for nik in session.scalars(select(Card.nik).where(Card.batch_id == batch.id)):
            assert parse_nik(nik, TODAY).ok
