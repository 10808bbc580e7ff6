"""Receipts cut off by a crash or a full disk: the handover was committed, its slip never written.

A handover is committed before its slip is saved (the record is what must survive). If the
program dies in between, or the disk refuses the PDF, the handover stands with its number but
has no original slip; at the next start the missing originals are written, so the documents
folder again holds every receipt. A copy (SALINAN) printed meanwhile does not stand in for the
original. Only recent handovers are looked at: a crash is noticed the day it happens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from loket.core.clock import utc_now
from loket.core.handover.receipts import WriteSlip, is_original_slip, save_slip
from loket.core.papers.kinds import PaperKind
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Document, Handover

LOOK_BACK = dt.timedelta(days=3)


def handovers_without_slip(database: Database, since: dt.datetime) -> list[int]:
    """Live handovers since `since` with no original slip filed; both sides bounded by time."""
    with database.transaction() as session:
        handovers = session.execute(
            select(Handover.id, Handover.receipt_number)
            .where(Handover.handed_over_at >= since, Handover.voided.is_(False))
            .order_by(Handover.id)
        ).all()
        filed = {
            row.number
            for row in session.execute(
                select(Document.number, Document.relative_path).where(
                    Document.kind == PaperKind.RECEIPT, Document.created_at >= since
                )
            )
            if is_original_slip(row.relative_path, row.number)
        }
    return [row.id for row in handovers if row.receipt_number not in filed]


def write_missing_slips(
    database: Database,
    actor: StaffMember,
    data: DataDir,
    write_slip: WriteSlip,
    now: dt.datetime | None = None,
) -> list[Path]:
    """Writes and files the original slip of every recent handover that has none."""
    since = (now or utc_now()) - LOOK_BACK
    return [
        save_slip(database, actor, handover_id, data, write_slip)
        for handover_id in handovers_without_slip(database, since)
    ]
