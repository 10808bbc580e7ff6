"""Two papers an office has filed, through the real use cases: a closed batch's berita acara
and a handover's receipt slip (the register's and the shared papers' tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loket.core.handover import confirming, receipts
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, closing, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.handover.receipt import write_receipt
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import DocumentChecked, OldCardFate, Relation

TODAY = dt.date(2026, 11, 27)
WIB = ZoneInfo("Asia/Jakarta")  # Kaligawe's zone
FAJAR = "3374042606528310"  # FAJAR MAULANA, row 2 of manifest_kaligawe_clean.csv


@dataclass(frozen=True)
class Papers:
    berita_acara_number: str
    berita_acara_path: Path
    receipt_number: str
    receipt_path: Path


@pytest.fixture
def papers(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> Papers:
    return file_two_papers(database, data_dir, operator, samples)


def file_two_papers(
    database: Database, data_dir: DataDir, operator: StaffMember, samples: Path
) -> Papers:
    """A closed Rusunawa Kaligawe batch (its berita acara), then Fajar's card handed over."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat", report, today=TODAY
    )
    cards = {}
    for entry in report.entries[:10]:
        outcome = scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
        assert outcome.card is not None
        cards[entry.nik] = outcome.card.id
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    request = HandoverRequest(
        card_id=cards[FAJAR],
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
    info = confirming.confirm(database, operator, request, today=TODAY)
    slip = receipts.save_slip(database, operator, info.id, data_dir, write_receipt)
    return Papers(closed.number, closed.pdf_path, info.receipt_number, slip)
