"""Daftar hasil pengantaran: the paper of a closed run, card by card, for the lurah to sign.

A run sheet says which cards went out; this says what became of each one: delivered to whom
(with its tanda terima and the old card's fate), or brought back and why. Made for a closed
run only, as often as asked: it reads what the run recorded and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from loket.core.delivery.paper import OutcomeCount, RunResultLine, RunResults
from loket.core.delivery.runs import area_on_paper, courier_signatory, load_run, run_rows
from loket.core.handover.paper import collector_title_on_paper, old_card_on_paper
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import office_or_refuse
from loket.core.office.signatories import acknowledged_by, petugas
from loket.core.papers.filing import AuditNote, free_paper_path, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Handover
from loket.domain.errors import LoketError
from loket.domain.states import DeliveryOutcome, DeliveryStatus
from loket.i18n import _

#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteRunResults = Callable[[RunResults, Path], Path]

# Official papers are in Indonesian only: these never go through the catalogue.
OUTCOME_ON_PAPER = {
    DeliveryOutcome.DELIVERED: "Diterima penduduk",
    DeliveryOutcome.NOT_AT_HOME: "Tidak ada di rumah, kembali ke loket",
    DeliveryOutcome.MOVED: "Pindah alamat, kembali ke loket",
    DeliveryOutcome.REFUSED: "Menolak menerima, kembali ke loket",
    DeliveryOutcome.NOT_RECORDED: "Hasil tidak tercatat, kembali ke loket",
}


def save_run_results(
    database: Database,
    actor: StaffMember,
    run_id: int,
    data: DataDir,
    write: WriteRunResults,
) -> Path:
    """Writes and files the daftar hasil pengantaran of a closed run; refused while it is open."""
    office = office_or_refuse(database)
    with database.transaction() as session:
        run = load_run(session, run_id)
        if run.status is not DeliveryStatus.CLOSED or run.closed_at is None:
            raise LoketError(
                _("Pengantaran {number} belum ditutup: hasilnya belum lengkap.").format(
                    number=run.number
                )
            )
        rows = run_rows(session, run.id)
        handover_ids = [line.handover_id for line, _card in rows if line.handover_id]
        handovers = {
            h.id: h for h in session.scalars(select(Handover).where(Handover.id.in_(handover_ids)))
        }
        lines = []
        for line, card in rows:
            outcome = line.outcome or DeliveryOutcome.NOT_RECORDED
            handover = handovers.get(line.handover_id or 0)
            text = OUTCOME_ON_PAPER[outcome]
            if outcome is DeliveryOutcome.DELIVERED and handover is not None:
                who = handover.collector_name or name_on_paper(card.name)
                text = f"Diterima {who}, {collector_title_on_paper(handover.relation).lower()}"
                if handover.voided:
                    text += " (penyerahan kemudian dibatalkan)"
            lines.append(
                RunResultLine(
                    number=line.position,
                    nik=card.nik,
                    name=name_on_paper(card.name),
                    outcome=text,
                    receipt=handover.receipt_number if handover else "",
                    old_card=old_card_on_paper(handover.old_card, handover.police_letter_number)
                    if handover
                    else "",
                    note=line.note,
                )
            )
        counted = [
            OutcomeCount(OUTCOME_ON_PAPER[o], writing.count_in_words(n))
            for o in DeliveryOutcome
            if (n := sum(1 for line, _card in rows if line.outcome is o))
        ]
        zone = office.zone
        closed = run.closed_at.astimezone(zone).date()
        village = "Desa" if office.is_desa else "Kelurahan"
        paper = RunResults(
            letterhead=office.letterhead(data.root),
            run_number=run.number,
            sent_on=writing.weekday_date(run.created_at.astimezone(zone).date()),
            closed_on=writing.weekday_date(closed),
            area=area_on_paper(run),
            courier_name=run.courier_name,
            kelurahan_name=f"{village} {office.kelurahan}",
            total_text=writing.count_in_words(len(rows)),
            counts=tuple(counted),
            lines=tuple(lines),
            place_and_date=f"{office.place_name}, {writing.long_date(closed)}",
            courier=courier_signatory(run),
            officer=petugas(office, actor),
            acknowledged_by=acknowledged_by(office),
        )
        stem = f"hasil-pengantaran-{run.created_at.astimezone(zone):%Y}-{run.id:04d}"
        return write_paper(
            session,
            data,
            free_paper_path(data, PaperKind.RUN_RESULTS, stem),
            lambda target: write(paper, target),
            kind=PaperKind.RUN_RESULTS,
            title=f"Daftar hasil pengantaran {run.number}",
            actor_id=actor.id,
            number=run.number,
            note=AuditNote("delivery.results", "delivery_run", run.id, {"cards": len(rows)}),
        )
