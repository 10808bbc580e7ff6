"""A scan at one desk while another closes the same batch: received before the close, or
refused after it; never received into a batch whose berita acara says the card is missing."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from sqlalchemy import select

from loket.core.intake import closing, scanning
from loket.core.intake.paper import BatchReceiptMinutes
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.errors import LoketError
from loket.domain.states import CardState
from tests.helpers.cards import kaligawe_list_batch

TODAY = dt.date(2026, 11, 27)


def test_a_scan_during_the_close_waits_and_is_refused(
    database: Database, data_dir: DataDir, kaligawe, operator: StaffMember, samples: Path
) -> None:
    batch, report = kaligawe_list_batch(database, operator, samples, TODAY)
    late = report.entries[0].nik  # still expected when the close marks the rest missing
    answers: list[object] = []

    def scan_at_the_other_desk() -> None:
        try:
            answers.append(scanning.receive_scan(database, operator, batch.id, late, today=TODAY))
        except LoketError as refusal:
            answers.append(refusal)

    other_desk = threading.Thread(target=scan_at_the_other_desk)

    def write_slowly(minutes: BatchReceiptMinutes, target: Path) -> Path:
        """Inside the close's transaction, after the cards were marked: the other desk scans."""
        other_desk.start()
        time.sleep(1.0)
        assert not answers, "the scan went through while the batch was being closed"
        return write_batch_receipt_minutes(minutes, target)

    closing.close_batch(database, operator, batch.id, data_dir, write_slowly)
    other_desk.join(timeout=60)
    assert len(answers) == 1 and isinstance(answers[0], LoketError), answers
    assert "sudah ditutup" in answers[0].message
    with database.transaction() as session:
        state = session.scalar(select(Card.state).where(Card.nik == late))
    assert state is CardState.MISSING
