"""A handover committed but cut off before its slip was written gets its original at start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from loket.core.handover import confirming, handovers, receipts, voiding
from loket.core.handover.recovery import handovers_without_slip, write_missing_slips
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.handover.receipt import write_receipt
from loket.domain.states import DocumentChecked, OldCardFate, Relation

TODAY = dt.date(2026, 11, 27)


def hand_over(database: Database, actor: StaffMember, card_id: int) -> handovers.HandoverInfo:
    request = HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
    return confirming.confirm(database, actor, request, today=TODAY)


def test_only_the_handover_without_a_slip_gets_one_written_once(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    admin: StaffMember,
    samples: Path,
) -> None:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:3]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    first, cut_off, voided = (c.id for c in batches.batch_cards(database, batch.id)[:3])
    printed = hand_over(database, operator, first)
    receipts.save_slip(database, operator, printed.id, data_dir, write_receipt)
    lost_slip = hand_over(database, operator, cut_off)  # the program died here
    void_me = hand_over(database, operator, voided)
    voiding.void(database, operator, "admin", "rahasia-admin", void_me.id, "salah kartu")

    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    assert handovers_without_slip(database, since) == [lost_slip.id]
    [path] = write_missing_slips(database, operator, data_dir, write_receipt)
    text = PdfReader(path).pages[0].extract_text()
    assert lost_slip.receipt_number in text and "SALINAN" not in text
    assert write_missing_slips(database, operator, data_dir, write_receipt) == []
