"""Door-to-door delivery: cards of one RW go out with a team and a run sheet; when the team is
back, each card is scanned and its outcome recorded.

Each use case is one transaction with its audit rows. A card delivered becomes a handover with
its own receipt number, written by `handover.write_handover` as at the desk (so voiding it, the
daily report and the receipt slip work the same); a card not delivered goes back in stock with
the outcome kept on its line. Any logged-in staff member may run a delivery.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.delivery.paper import RunSheet, RunSheetGroup, RunSheetLine
from loket.core.delivery.words import area_text
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.office.signatories import acknowledged_by
from loket.core.papers import content
from loket.core.papers.filing import AuditNote, paper_path, take_number, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import Signatory, nik_leaving_office
from loket.core.staff.members import StaffMember, name_of
from loket.core.stock.queries import neighbourhood_code
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, DeliveryLine, DeliveryRun, Document
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import CardState, DeliveryOutcome, DeliveryStatus
from loket.i18n import _

NUMBER_SERIES = "pengantaran"
MAX_COURIER_LENGTH = 120

#: Draws the run sheet; supplied by the caller (loket.documents), so core never imports reportlab.
WriteRunSheet = Callable[[RunSheet, Path], Path]


@dataclass(frozen=True, slots=True)
class CreatedRun:
    summary: RunSummary
    pdf_path: Path  # its run sheet


# ---------------------------------------------------------------- reading


#: A row's barcode on the run sheet: the run and the row, so that the sheet carried from house
#: to house carries no scannable NIK.
_LINE_CODE = re.compile(r"DP(\d{1,9})-(\d{1,5})")


def line_code(run_id: int, position: int) -> str:
    return f"DP{run_id}-{position}"


def read_line_code(text: str) -> tuple[int, int] | None:
    """(run id, position) of a run sheet row's barcode, or None when the text is not one."""
    found = _LINE_CODE.fullmatch("".join(text.split()).upper())
    return (int(found.group(1)), int(found.group(2))) if found else None


def load_run(session: Session, run_id: int, lock: bool = False) -> DeliveryRun:
    statement = select(DeliveryRun).where(DeliveryRun.id == run_id)
    run = session.scalar(statement.with_for_update() if lock else statement)
    if run is None:
        raise NotFound(_("Pengantaran tidak ditemukan."))
    return run


def refuse_if_closed(run: DeliveryRun) -> None:
    if run.status is not DeliveryStatus.OPEN:
        raise LoketError(
            _("Pengantaran {number} sudah ditutup. Hasilnya tidak bisa diubah lagi.").format(
                number=run.number
            )
        )


def run_rows(session: Session, run_id: int) -> list[tuple[DeliveryLine, Card]]:
    rows = session.execute(
        select(DeliveryLine, Card)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(DeliveryLine.run_id == run_id)
        .order_by(DeliveryLine.position)
    ).all()
    return [(line, card) for line, card in rows]


def run_summary(database: Database, run_id: int) -> RunSummary:
    with database.transaction() as session:
        return summaries_of(session, [load_run(session, run_id)])[0]


def list_runs(database: Database, limit: int = 200) -> list[RunSummary]:
    """Open runs first (where the desk carries on), then the latest closed ones."""
    with database.transaction() as session:
        runs = session.scalars(
            select(DeliveryRun)
            .order_by((DeliveryRun.status == DeliveryStatus.OPEN).desc(), DeliveryRun.id.desc())
            .limit(limit)
        ).all()
        return summaries_of(session, runs)


def area_counts(database: Database, rw: str = "") -> list[AreaCount]:
    """Cards in stock per RW and RT (only of `rw` when given): what a new run can take."""
    statement = (
        select(Card.rw, Card.rt, func.count())
        .where(Card.state == CardState.IN_STOCK)
        .group_by(Card.rw, Card.rt)
        .order_by(Card.rw, Card.rt)
    )
    code = neighbourhood_code(rw)
    if code:
        statement = statement.where(Card.rw == code)
    with database.transaction() as session:
        return [AreaCount(rw, rt, count) for rw, rt, count in session.execute(statement).all()]


# ---------------------------------------------------------------- a new run


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """ "Blok A No. 5" before "Blok A No. 26": numbers in an address compare as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", text.lower())
        if part
    )


def _sheet_order(card: Card) -> tuple[object, ...]:
    return (card.rt, _natural(card.address), card.name_key, card.id)


def _filename(number: str) -> str:
    """ "474/0007/PENGANTARAN/XI/2026" -> "daftar-pengantaran-2026-0007.pdf"."""
    parts = number.split("/")
    return f"daftar-pengantaran-{parts[-1]}-{parts[1]}.pdf"


def _clean_area(rw: str, rts: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    code = neighbourhood_code(rw)
    if not code:
        raise LoketError(_("Isi nomor RW yang akan diantar."))
    return code, tuple(sorted({c for rt in rts if (c := neighbourhood_code(rt))}))


def create_run(
    database: Database,
    actor: StaffMember,
    rw: str,
    courier_name: str,
    rts: Sequence[str] = (),
    *,
    data: DataDir,
    write: WriteRunSheet,
) -> CreatedRun:
    """Takes every card in stock of the RW (of the RTs given) out for delivery, with a number
    and its run sheet: all or nothing (if the sheet cannot be written, nothing changes)."""
    code, chosen_rts = _clean_area(rw, rts)
    courier = " ".join(courier_name.split())
    if not courier:
        raise LoketError(_("Isi nama petugas pengantar."))
    if len(courier) > MAX_COURIER_LENGTH:
        raise LoketError(_("Nama petugas pengantar terlalu panjang."))
    office = office_or_refuse(database)
    now = utc_now()
    local = now.astimezone(office.zone)
    with database.transaction() as session:
        query = select(Card).where(Card.rw == code, Card.state == CardState.IN_STOCK)
        if chosen_rts:
            query = query.where(Card.rt.in_(chosen_rts))
        # FOR UPDATE: a second desk taking the same cards waits, then finds them gone.
        cards = sorted(session.scalars(query.with_for_update()).all(), key=_sheet_order)
        if not cards:
            raise LoketError(
                _("Tidak ada kartu di loket untuk {area}.").format(area=area_text(code, chosen_rts))
            )
        number = take_number(session, NUMBER_SERIES, "PENGANTARAN", local).text
        run = DeliveryRun(
            number=number,
            rw=code,
            rts=",".join(chosen_rts),
            courier_name=courier,
            status=DeliveryStatus.OPEN,
            created_at=now,
            created_by_id=actor.id,
        )
        session.add(run)
        session.flush()
        for position, card in enumerate(cards, start=1):
            session.add(DeliveryLine(run_id=run.id, card_id=card.id, position=position))
            card.state = CardState.OUT_FOR_DELIVERY
            audit.record(session, actor.id, "card.out_for_delivery", "card", card.id, run=number)
        session.flush()
        lines = [(position, card_info(card)) for position, card in enumerate(cards, start=1)]
        sheet = run_sheet_of(office, run, lines, data.root)
        detail = {"rw": code, "rts": run.rts, "courier": courier, "cards": len(cards)}
        pdf_path = _write_sheet(
            session,
            data,
            sheet,
            write,
            actor,
            AuditNote("delivery.create", "delivery_run", run.id, detail),
        )
        return CreatedRun(summaries_of(session, [run])[0], pdf_path)


def _write_sheet(
    session: Session,
    data: DataDir,
    sheet: RunSheet,
    write: WriteRunSheet,
    actor: StaffMember,
    note: AuditNote,
) -> Path:
    return write_paper(
        session,
        data,
        paper_path(data, PaperKind.RUN_SHEET, _filename(sheet.number)),
        lambda target: write(sheet, target),
        kind=PaperKind.RUN_SHEET,
        title=f"Daftar pengantaran KTP-el {sheet.number} ({sheet.area})",
        actor_id=actor.id,
        number=sheet.number,
        note=note,
    )


def save_run_sheet(
    database: Database, actor: StaffMember, run_id: int, data: DataDir, write: WriteRunSheet
) -> Path:
    """The run sheet's PDF: the one saved when the run was made (by any desk: on a shared
    server it is written here from the database), drawn again if it is gone."""
    office = office_or_refuse(database)
    with database.transaction() as session:
        run = load_run(session, run_id)
        document = session.scalar(
            select(Document).where(
                Document.kind == PaperKind.RUN_SHEET, Document.number == run.number
            )
        )
        saved = content.on_this_desk(session, data, document) if document is not None else None
        if saved is not None:
            return saved
        lines = [(line.position, card_info(card)) for line, card in run_rows(session, run.id)]
        sheet = run_sheet_of(office, run, lines, data.root)
        note = AuditNote("delivery.sheet", "delivery_run", run.id, {})
        if document is None:
            return _write_sheet(session, data, sheet, write, actor, note)
        # Registered, but its file was deleted (and, on a server, never kept: moved without
        # it): the same paper is written again in its place, and kept from now on.
        path = write(sheet, paper_path(data, PaperKind.RUN_SHEET, _filename(run.number)))
        content.keep(session, document, path)
        audit.record(session, actor.id, note.action, note.entity, run.id, document=path.name)
        return path


# ---------------------------------------------------------------- outcomes


# ---------------------------------------------------------------- closing


def close_run(
    database: Database, actor: StaffMember, run_id: int, unrecorded_to_stock: bool = False
) -> RunSummary:
    """Closes a run whose every card has an outcome. With `unrecorded_to_stock`, the cards
    still without one go back in stock as "not recorded" (an explicit choice at the desk)."""
    with database.transaction() as session:
        run = load_run(session, run_id, lock=True)
        refuse_if_closed(run)
        pending = [(line, card) for line, card in run_rows(session, run.id) if line.outcome is None]
        if pending and not unrecorded_to_stock:
            raise LoketError(
                _(
                    "Masih ada {count} kartu yang belum dicatat hasilnya. Pindai dulu kartunya, "
                    "atau tutup dengan mengembalikan kartu itu ke stok sebagai tidak tercatat."
                ).format(count=len(pending))
            )
        now = utc_now()
        for line, card in pending:
            line.outcome = DeliveryOutcome.NOT_RECORDED
            line.recorded_at = now
            line.recorded_by_id = actor.id
            card.state = CardState.IN_STOCK
            audit.record(
                session,
                actor.id,
                "delivery.not_recorded",
                "card",
                card.id,
                run_id=run.id,
                run_number=run.number,
            )
        run.status = DeliveryStatus.CLOSED
        run.closed_at = now
        run.closed_by_id = actor.id
        session.flush()
        summary = summaries_of(session, [run])[0]
        audit.record(
            session,
            actor.id,
            "delivery.close",
            "delivery_run",
            run.id,
            number=run.number,
            delivered=summary.counts.delivered,
            not_delivered=summary.counts.not_delivered,
            not_recorded=len(pending),
        )
        return summary


@dataclass(frozen=True, slots=True)
class AreaCount:
    """Cards in stock at one RW/RT: what a new run can take."""

    rw: str
    rt: str
    cards: int


@dataclass(frozen=True, slots=True)
class RunCounts:
    total: int
    delivered: int
    not_delivered: int  # not at home, moved, refused, or not recorded: back in stock
    pending: int  # still out, no outcome yet


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    number: str
    rw: str
    rts: tuple[str, ...]  # () for every RT of the RW
    courier_name: str
    status: DeliveryStatus
    created_at: dt.datetime
    created_by: str
    closed_at: dt.datetime | None
    counts: RunCounts

    @property
    def is_open(self) -> bool:
        return self.status is DeliveryStatus.OPEN

    @property
    def area(self) -> str:
        return area_text(self.rw, self.rts)


def rts_of(stored: str) -> tuple[str, ...]:
    """ "001,003" as stored on a run -> ("001", "003")."""
    return tuple(rt for rt in stored.split(",") if rt)


def counts_of(session: Session, run_ids: Sequence[int]) -> dict[int, RunCounts]:
    """The counts of several runs in one query."""
    tallies: dict[int, dict[DeliveryOutcome | None, int]] = {run_id: {} for run_id in run_ids}
    rows = session.execute(
        select(DeliveryLine.run_id, DeliveryLine.outcome, func.count())
        .where(DeliveryLine.run_id.in_(run_ids))
        .group_by(DeliveryLine.run_id, DeliveryLine.outcome)
    ).all()
    for run_id, outcome, count in rows:
        tallies[run_id][outcome] = count
    return {
        run_id: RunCounts(
            total=sum(tally.values()),
            delivered=tally.get(DeliveryOutcome.DELIVERED, 0),
            not_delivered=sum(
                n for o, n in tally.items() if o not in (None, DeliveryOutcome.DELIVERED)
            ),
            pending=tally.get(None, 0),
        )
        for run_id, tally in tallies.items()
    }


def summaries_of(session: Session, runs: Sequence[DeliveryRun]) -> list[RunSummary]:
    counts = counts_of(session, [run.id for run in runs])
    return [
        RunSummary(
            id=run.id,
            number=run.number,
            rw=run.rw,
            rts=rts_of(run.rts),
            courier_name=run.courier_name,
            status=run.status,
            created_at=run.created_at,
            created_by=name_of(session, run.created_by_id),
            closed_at=run.closed_at,
            counts=counts[run.id],
        )
        for run in runs
    ]


def area_on_paper(run: DeliveryRun) -> str:
    """ "RW 005, RT 001, 003" or "RW 005 (semua RT)", as the run's papers name its area."""
    rts = ", ".join(rts_of(run.rts))
    return f"RW {run.rw}, RT {rts}" if rts else f"RW {run.rw} (semua RT)"


def courier_signatory(run: DeliveryRun) -> Signatory:
    """The petugas pengantar signs without a NIP: a Linmas member or a volunteer has none."""
    return Signatory(
        role="Petugas Pengantar,", title="", name=run.courier_name, nip="", has_nip=False
    )


def run_sheet_of(
    office: OfficeInfo,
    run: DeliveryRun,
    cards: Sequence[tuple[int, CardInfo]],
    data_root: Path | None = None,
) -> RunSheet:
    """The run sheet's final text: (position, card) in run order, grouped by RT as they come."""
    groups: list[RunSheetGroup] = []
    for position, card in cards:
        heading = f"RT {card.rt or '-'} / RW {card.rw or '-'}"
        entry = RunSheetLine(
            position,
            nik_leaving_office(card.nik),
            name_on_paper(card.name),
            card.address or "-",
            line_code(run.id, position),
        )
        if groups and groups[-1].heading == heading:
            groups[-1] = RunSheetGroup(heading, (*groups[-1].lines, entry))
        else:
            groups.append(RunSheetGroup(heading, (entry,)))
    day = run.created_at.astimezone(office.zone).date()
    village = "Desa" if office.is_desa else "Kelurahan"
    return RunSheet(
        letterhead=office.letterhead(data_root),
        number=run.number,
        day=writing.weekday_date(day),
        area=area_on_paper(run),
        courier_name=run.courier_name,
        kelurahan_name=f"{village} {office.kelurahan}",
        total_text=writing.count_in_words(len(cards)),
        groups=tuple(groups),
        instructions=(
            "Kartu diterima: isi nama dan NIK penerima, hubungannya dengan pemilik kartu (pemilik "
            "sendiri, suami/istri, orang tua, anak, saudara, ...), centang apa yang terjadi "
            "dengan KTP lama (diserahkan, hilang dengan surat kepolisian, atau tidak ada) dan "
            "minta tanda tangan penerima; KTP lama yang diserahkan dibawa ke loket. "
            "Kartu tidak diterima: tulis di kolom Keterangan TR (tidak ada di rumah), "
            "PD (pindah) atau TL (menolak), lalu bawa kartunya kembali ke loket."
        ),
        place_and_date=f"{office.place_name}, {writing.long_date(day)}",
        courier=courier_signatory(run),
        acknowledged_by=acknowledged_by(office),
    )
