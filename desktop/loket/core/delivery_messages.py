"""What a delivery run shows: the values the desk reads, their words, and the run sheet's text.

What the desk reads goes through `_()`; the run sheet is official paper, Indonesian only.
`out_for_delivery` and `delivery_of_handover` let the handover use cases name a run without
importing the delivery use cases (which build on them).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core import indonesian
from loket.core.cards import CardInfo, card_info, state_label
from loket.core.handover_messages import DeliveryNote, relation_label
from loket.core.office import OfficeInfo
from loket.core.paper_data import Letterhead, Signatory
from loket.core.report_daily import acknowledged_by
from loket.db.models import (
    Card,
    CardState,
    DeliveryLine,
    DeliveryOutcome,
    DeliveryRun,
    DeliveryStatus,
    Handover,
    Relation,
    Staff,
)
from loket.i18n import _

# ---------------------------------------------------------------- values the desk reads


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


@dataclass(frozen=True, slots=True)
class LineInfo:
    id: int
    position: int  # "No." on the run sheet
    card: CardInfo
    outcome: DeliveryOutcome | None
    recipient_name: str
    relation: Relation | None
    note: str
    recorded_at: dt.datetime | None
    receipt_number: str  # DELIVERED: its handover's receipt
    handover_voided: bool  # DELIVERED, and the handover was voided since


class ScanKind(enum.Enum):
    PENDING = "pending"  # in this run, waiting for its outcome
    RECORDED = "recorded"  # its outcome saved now
    ALREADY_RECORDED = "already_recorded"
    NOT_IN_RUN = "not_in_run"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class DeliveryScan:
    """The answer to a scan on a run; nothing changed unless `kind` is RECORDED."""

    kind: ScanKind
    nik: str  # the cleaned digits ("" when nothing readable)
    message: str  # for the desk, in the interface language
    line: LineInfo | None
    counts: RunCounts
    handover_id: int | None = None  # RECORDED as DELIVERED: for its receipt slip

    @property
    def accepted(self) -> bool:
        return self.kind in (ScanKind.PENDING, ScanKind.RECORDED)


def rts_of(stored: str) -> tuple[str, ...]:
    """ "001,003" as stored on a run -> ("001", "003")."""
    return tuple(rt for rt in stored.split(",") if rt)


def _staff_name(session: Session, staff_id: int) -> str:
    staff = session.get(Staff, staff_id)
    return (staff.full_name or staff.username) if staff else ""


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
            created_by=_staff_name(session, run.created_by_id),
            closed_at=run.closed_at,
            counts=counts[run.id],
        )
        for run in runs
    ]


def line_info_of(session: Session, line: DeliveryLine, card: Card) -> LineInfo:
    handover = session.get(Handover, line.handover_id) if line.handover_id else None
    return LineInfo(
        id=line.id,
        position=line.position,
        card=card_info(card),
        outcome=line.outcome,
        recipient_name=line.recipient_name,
        relation=line.relation,
        note=line.note,
        recorded_at=line.recorded_at,
        receipt_number=handover.receipt_number if handover else "",
        handover_voided=bool(handover and handover.voided),
    )


# ---------------------------------------------------------------- words


def outcome_label(outcome: DeliveryOutcome | None) -> str:
    """ "Diterima", "Tidak di rumah", ...; "Belum dicatat" while the card is still out."""
    if outcome is None:
        return _("Belum dicatat")
    return {
        DeliveryOutcome.DELIVERED: _("Diterima"),
        DeliveryOutcome.NOT_AT_HOME: _("Tidak di rumah"),
        DeliveryOutcome.MOVED: _("Pindah"),
        DeliveryOutcome.REFUSED: _("Menolak"),
        DeliveryOutcome.NOT_RECORDED: _("Tidak tercatat"),
    }[outcome]


def area_text(rw: str, rts: tuple[str, ...]) -> str:
    """ "RW 005, RT 001, 003" or "RW 005 (semua RT)": the part of the kelurahan a run covers."""
    if rts:
        return _("RW {rw}, RT {rts}").format(rw=rw, rts=", ".join(rts))
    return _("RW {rw} (semua RT)").format(rw=rw)


def recorded_sentence(
    name: str,
    outcome: DeliveryOutcome,
    recipient: str,
    relation: Relation | None,
    receipt_number: str,
) -> str:
    """What was recorded for a card: "Kartu X diterima oleh Sumarni (orang tua), tanda ..."."""
    if outcome is DeliveryOutcome.DELIVERED:
        who = recipient
        if relation is not None and relation is not Relation.OWNER:
            who = f"{recipient} ({relation_label(relation).lower()})"
        return _("Kartu {name} diterima oleh {who}, tanda terima {number}.").format(
            name=name, who=who, number=receipt_number or "-"
        )
    return _("Kartu {name}: {outcome}. Kartu kembali ke stok loket.").format(
        name=name, outcome=outcome_label(outcome).lower()
    )


def not_in_run_sentence(session: Session, nik: str) -> str:
    """Why a scanned NIK is not on this run: on another run still out, not sent, or unknown."""
    elsewhere = session.execute(
        select(DeliveryRun, Card)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(Card.nik == nik, DeliveryLine.outcome.is_(None))
    ).first()
    if elsewhere is not None:
        run, card = elsewhere
        return _(
            "Kartu {name} tidak ada di pengantaran ini, tetapi di pengantaran {number} "
            "(petugas {courier}). Pilih pengantaran itu dulu, lalu pindai lagi."
        ).format(name=card.name or nik, number=run.number, courier=run.courier_name)
    latest = session.scalar(select(Card).where(Card.nik == nik).order_by(Card.id.desc()))
    if latest is not None:
        return _(
            "Kartu {name} (NIK {nik}) tidak ikut dalam pengantaran ini. Status: {state}."
        ).format(name=latest.name or "-", nik=nik, state=state_label(latest.state).lower())
    return _("Tidak ada kartu dengan NIK {nik} di kelurahan ini.").format(nik=nik)


# ---------------------------------------------------------------- the run sheet (official paper)


@dataclass(frozen=True, slots=True)
class RunSheetLine:
    number: int  # "No." as on the sheet, the line's position in the run
    nik: str
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class RunSheetGroup:
    heading: str  # "RT 003 / RW 005"
    lines: tuple[RunSheetLine, ...]


@dataclass(frozen=True, slots=True)
class RunSheet:
    """Daftar pengantaran KTP-el: the cards a team takes door to door, to be signed for."""

    letterhead: Letterhead
    number: str  # "474/0001/PENGANTARAN/XI/2026"
    day: str  # "Jumat, 27 November 2026"
    area: str  # "RW 005, RT 001, 002, 003"
    courier_name: str
    kelurahan_name: str  # "Kelurahan Kaligawe"
    total_text: str  # "40 (empat puluh) keping"
    groups: tuple[RunSheetGroup, ...]
    instructions: str  # how to fill the empty columns
    place_and_date: str
    courier: Signatory
    acknowledged_by: Signatory


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
        entry = RunSheetLine(position, card.nik, card.name or "-", card.address or "-")
        if groups and groups[-1].heading == heading:
            groups[-1] = RunSheetGroup(heading, (*groups[-1].lines, entry))
        else:
            groups.append(RunSheetGroup(heading, (entry,)))
    day = run.created_at.astimezone(office.zone).date()
    village = "Desa" if office.is_desa else "Kelurahan"
    rts = ", ".join(rts_of(run.rts))
    return RunSheet(
        letterhead=office.letterhead(data_root),
        number=run.number,
        day=indonesian.weekday_date(day),
        area=f"RW {run.rw}, RT {rts}" if rts else f"RW {run.rw} (semua RT)",
        courier_name=run.courier_name,
        kelurahan_name=f"{village} {office.kelurahan}",
        total_text=indonesian.count_in_words(len(cards)),
        groups=tuple(groups),
        instructions=(
            "Kartu diterima: isi nama penerima, hubungannya dengan pemilik kartu (pemilik "
            "sendiri, suami/istri, orang tua, anak, saudara, ...) dan tanda tangan penerima. "
            "Kartu tidak diterima: tulis di kolom Keterangan TR (tidak ada di rumah), "
            "PD (pindah) atau TL (menolak), lalu bawa kartunya kembali ke loket."
        ),
        place_and_date=f"{office.place_name}, {indonesian.long_date(day)}",
        courier=Signatory(role="Petugas Pengantar,", title="", name=run.courier_name, nip=""),
        acknowledged_by=acknowledged_by(office),
    )


# ---------------------------------------------------------------- where a card is


def _note(run: DeliveryRun) -> DeliveryNote:
    return DeliveryNote(run.id, run.number, run.courier_name, run.created_at)


def out_for_delivery(session: Session, card: Card) -> DeliveryNote | None:
    """The run a card out for delivery went with; None for a card that is not out."""
    if card.state is not CardState.OUT_FOR_DELIVERY:
        return None
    run = session.scalar(
        select(DeliveryRun)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .where(DeliveryLine.card_id == card.id, DeliveryLine.outcome.is_(None))
    )
    return _note(run) if run is not None else None


def delivery_of_handover(session: Session, handover_id: int) -> DeliveryNote | None:
    """The run that delivered this handover's card; None for a handover made at the desk."""
    run = session.scalar(
        select(DeliveryRun)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .where(DeliveryLine.handover_id == handover_id)
    )
    return _note(run) if run is not None else None
