"""A handover committed but cut off before its slip was written gets its original at start."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core.handover import confirming, handovers, receipts, voiding
from loket.core.handover.handovers import HandoverInfo
from loket.core.handover.paper import ReceiptSlip
from loket.core.handover.recovery import handovers_without_slip, write_missing_slips
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.papers.kinds import PaperKind
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Document
from loket.documents.handover.receipt import write_receipt
from loket.domain.errors import LoketError
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


def cards_in_stock(
    database: Database, operator: StaffMember, samples: Path, count: int
) -> list[int]:
    """The first `count` cards of the Rusunawa Kaligawe list, scanned in."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:count]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    return [card.id for card in batches.batch_cards(database, batch.id)[:count]]


def test_only_the_handover_without_a_slip_gets_one_written_once(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    admin: StaffMember,
    samples: Path,
) -> None:
    first, cut_off, voided = cards_in_stock(database, operator, samples, 3)
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


# ---------------------------------------------------------------- a full disk


def full_disk(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
    """The slip writer on a full disk, as the filing sees it: the OS refuses the bytes."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def registered(database: Database, number: str) -> list[str]:
    """The paper register's entries for a receipt number, oldest first."""
    with database.transaction() as session:
        return list(
            session.scalars(
                select(Document.relative_path)
                .where(Document.kind == PaperKind.RECEIPT, Document.number == number)
                .order_by(Document.id)
            )
        )


def printed_audits(database: Database, number: str) -> list[str]:
    with database.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(("receipt.print", "receipt.reprint")))
        ).all()
        return [row.action for row in rows if number in row.detail]


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def handed_over(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> HandoverInfo:
    """FAJAR MAULANA's card, handed over on a full disk: the handover stands, its slip does not."""
    [card_id] = cards_in_stock(database, operator, samples, 1)
    info = hand_over(database, operator, card_id)
    with pytest.raises(LoketError) as refused:
        receipts.save_slip(database, operator, info.id, data_dir, full_disk)
    assert "disk penuh" in refused.value.message
    assert f"tanda-terima-{info.receipt_number}.pdf" in refused.value.message
    assert registered(database, info.receipt_number) == []
    return info


def test_a_receipt_cut_off_by_a_full_disk_is_written_as_the_original_at_the_next_start(
    database: Database, data_dir: DataDir, operator: StaffMember, handed_over: HandoverInfo
) -> None:
    number = handed_over.receipt_number
    with pytest.raises(LoketError):  # the first start: the disk is still full
        write_missing_slips(database, operator, data_dir, full_disk)
    assert registered(database, number) == []

    [path] = write_missing_slips(database, operator, data_dir, write_receipt)  # room made
    assert path.name == f"tanda-terima-{number}.pdf"
    text = pdf_text(path)
    assert number in text and "SALINAN" not in text
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no copy in its place
    assert registered(database, number) == [f"documents/receipts/{path.name}"]
    assert printed_audits(database, number) == ["receipt.print"]
    assert write_missing_slips(database, operator, data_dir, write_receipt) == []
    assert registered(database, number) == [f"documents/receipts/{path.name}"]


def test_the_clerks_retry_writes_the_original_and_only_the_next_one_a_copy(
    database: Database, data_dir: DataDir, operator: StaffMember, handed_over: HandoverInfo
) -> None:
    number = handed_over.receipt_number
    with pytest.raises(LoketError):  # asked again while the disk is still full
        receipts.save_reprint(database, operator, handed_over.id, data_dir, full_disk)
    assert registered(database, number) == []

    first = receipts.save_reprint(database, operator, handed_over.id, data_dir, write_receipt)
    assert not first.copy and first.path.name == f"tanda-terima-{number}.pdf"
    assert "SALINAN" not in pdf_text(first.path)
    assert write_missing_slips(database, operator, data_dir, write_receipt) == []

    second = receipts.save_reprint(database, operator, handed_over.id, data_dir, write_receipt)
    assert second.copy and second.path != first.path
    assert "SALINAN" in pdf_text(second.path) and number in pdf_text(second.path)
    assert registered(database, number) == [
        f"documents/receipts/{first.path.name}",
        f"documents/receipts/{second.path.name}",
    ]
    assert printed_audits(database, number) == ["receipt.print", "receipt.reprint"]


def test_a_copy_made_while_the_original_was_missing_does_not_stand_in_for_it(
    database: Database, data_dir: DataDir, operator: StaffMember, handed_over: HandoverInfo
) -> None:
    number = handed_over.receipt_number
    receipts.save_slip(database, operator, handed_over.id, data_dir, write_receipt, copy=True)
    [original] = write_missing_slips(database, operator, data_dir, write_receipt)
    assert original.name == f"tanda-terima-{number}.pdf"
    assert "SALINAN" not in pdf_text(original)
    assert registered(database, number).count(f"documents/receipts/{original.name}") == 1


def test_an_original_saved_twice_is_registered_once(
    database: Database, data_dir: DataDir, operator: StaffMember, handed_over: HandoverInfo
) -> None:
    """The page's own save and a recovery (another desk starting) may both reach it."""
    first = receipts.save_slip(database, operator, handed_over.id, data_dir, write_receipt)
    again = receipts.save_slip(database, operator, handed_over.id, data_dir, write_receipt)
    assert again == first
    assert registered(database, handed_over.receipt_number) == [f"documents/receipts/{first.name}"]
    assert printed_audits(database, handed_over.receipt_number) == ["receipt.print"]


def test_an_original_another_desk_files_while_this_one_writes_it_is_the_one_kept(
    database: Database, data_dir: DataDir, operator: StaffMember, handed_over: HandoverInfo
) -> None:
    """Both desks wrote the same original; the one registered first is the paper, once: the
    second desk finds it under the handover's lock, files nothing and answers with it."""
    others: list[Path] = []

    def write_while_another_desk_files(slip: ReceiptSlip, path: Path, slip_format: str) -> Path:
        others.append(
            receipts.save_slip(database, operator, handed_over.id, data_dir, write_receipt)
        )
        return write_receipt(slip, path, slip_format)

    kept = receipts.save_slip(
        database, operator, handed_over.id, data_dir, write_while_another_desk_files
    )
    assert kept == others[0]
    assert registered(database, handed_over.receipt_number) == [f"documents/receipts/{kept.name}"]
    assert printed_audits(database, handed_over.receipt_number) == ["receipt.print"]
