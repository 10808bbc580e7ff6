"""Receiving a batch from the kecamatan: open it, scan every card, see the counts.

Each use case is one transaction that writes its own audit row, and returns a
frozen value the page renders. A scan is committed before its outcome is returned,
so what the screen acknowledges is already on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.indonesia.names import name_key
from loket.core.manifest.model import ManifestEntry, ManifestReport
from loket.core.staff.members import StaffMember, name_of
from loket.db.engine import Database
from loket.db.models import Batch, BatchCardCount, Card
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import (
    UNSETTLED_STATES,
    BatchStatus,
    CardState,
)
from loket.i18n import _

MAX_REFERENCE_LENGTH = 100


@dataclass(frozen=True, slots=True)
class BatchCounts:
    expected: int  # on the kecamatan's list
    received: int  # on the list and scanned in (or, without a list, every card scanned in)
    missing: int  # on the list, not scanned yet
    extra: int  # scanned in, not on the list (kept or set aside)
    set_aside: int  # extra cards put aside to go back to the kecamatan


@dataclass(frozen=True, slots=True)
class BatchInfo:
    id: int
    reference: str
    letter_date: dt.date
    courier_name: str
    has_manifest: bool
    manifest_filename: str
    status: BatchStatus
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    berita_acara_number: str | None
    counts: BatchCounts

    @property
    def is_open(self) -> bool:
        return self.status is BatchStatus.OPEN


# ---------------------------------------------------------------- queries


def batch_counts(session: Session, batch: Batch) -> BatchCounts:
    return counts_of(session, batch.id, batch.has_manifest)


_COUNTS = BatchCardCount.__table__
_COUNTS_READ = select(_COUNTS.c.state, _COUNTS.c.on_manifest, _COUNTS.c.cards).where(
    _COUNTS.c.batch_id == bindparam("batch_id")
)


def counts_of(connection: Connection | Session, batch_id: int, has_manifest: bool) -> BatchCounts:
    """The batch's figures from its few rows of `batch_card_count` (kept by triggers); through
    a session, what it has not written yet is written first."""
    return _counts(connection.execute(_COUNTS_READ, {"batch_id": batch_id}).all(), has_manifest)


def plain_counts_of(plain: PlainTransaction, batch_id: int, has_manifest: bool) -> BatchCounts:
    """`counts_of` in a transaction of plain statements (db/plain.py)."""
    return _counts(plain.all(_PLAIN_COUNTS_READ, batch_id=batch_id), has_manifest)


_PLAIN_COUNTS_READ = PlainStatement(_COUNTS_READ)


def _counts(rows: Sequence[tuple[CardState, bool, int]], has_manifest: bool) -> BatchCounts:
    by_key = {(state, on_manifest): count for state, on_manifest, count in rows}
    listed = sum(n for (_state, on_manifest), n in by_key.items() if on_manifest)
    listed_waiting = by_key.get((CardState.EXPECTED, True), 0) + by_key.get(
        (CardState.MISSING, True), 0
    )
    unlisted = sum(n for (_state, on_manifest), n in by_key.items() if not on_manifest)
    set_aside = by_key.get((CardState.SET_ASIDE, False), 0)
    if not has_manifest:
        return BatchCounts(expected=0, received=unlisted, missing=0, extra=0, set_aside=set_aside)
    return BatchCounts(
        expected=listed,
        received=listed - listed_waiting,
        missing=listed_waiting,
        extra=unlisted,
        set_aside=set_aside,
    )


def batch_info_of(session: Session, batch: Batch) -> BatchInfo:
    return BatchInfo(
        id=batch.id,
        reference=batch.reference,
        letter_date=batch.letter_date,
        courier_name=batch.courier_name,
        has_manifest=batch.has_manifest,
        manifest_filename=batch.manifest_filename,
        status=batch.status,
        opened_at=batch.opened_at,
        opened_by=name_of(session, batch.opened_by_id),
        closed_at=batch.closed_at,
        berita_acara_number=batch.berita_acara_number,
        counts=batch_counts(session, batch),
    )


def load_batch(session: Session, batch_id: int, *, lock: bool = False) -> Batch:
    """`lock`: the batch's row held until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    holds the whole database already), so that a scan and the close of the same batch at two
    desks never interleave: a card is either received before the close or refused after it."""
    batch = session.get(Batch, batch_id, with_for_update=lock)
    if batch is None:
        raise NotFound(_("Kiriman tidak ditemukan."))
    return batch


def get_batch(database: Database, batch_id: int) -> BatchInfo:
    with database.transaction() as session:
        return batch_info_of(session, load_batch(session, batch_id))


def open_batches(database: Database) -> list[BatchInfo]:
    """Batches still being received, newest first: where the desk carries on after a restart."""
    with database.transaction() as session:
        batches = session.scalars(
            select(Batch).where(Batch.status == BatchStatus.OPEN).order_by(Batch.id.desc())
        ).all()
        return [batch_info_of(session, batch) for batch in batches]


def _cards(session: Session, batch_id: int) -> list[CardInfo]:
    cards = session.scalars(
        select(Card)
        .where(Card.batch_id == batch_id)
        .order_by(Card.on_manifest.desc(), Card.manifest_row, Card.id)
    ).all()
    return [card_info(card) for card in cards]


def batch_cards(database: Database, batch_id: int) -> list[CardInfo]:
    """Every card of a batch: listed ones in list order, then the others in the order scanned."""
    with database.transaction() as session:
        return _cards(session, batch_id)


@dataclass(frozen=True, slots=True)
class BatchView:
    """What the intake page shows of a batch: its counts and every card, read together."""

    batch: BatchInfo
    cards: tuple[CardInfo, ...]


def batch_view(database: Database, batch_id: int) -> BatchView:
    with database.transaction() as session:
        batch = batch_info_of(session, load_batch(session, batch_id))
        return BatchView(batch, tuple(_cards(session, batch_id)))


def latest_open_batch(database: Database) -> BatchView | None:
    """The batch being received most recently, to carry on with after a start; None if none."""
    with database.transaction() as session:
        newest = session.scalar(
            select(Batch).where(Batch.status == BatchStatus.OPEN).order_by(Batch.id.desc())
        )
        if newest is None:
            return None
        return BatchView(batch_info_of(session, newest), tuple(_cards(session, newest.id)))


# ---------------------------------------------------------------- opening a batch


@dataclass(frozen=True, slots=True)
class ImportConflict:
    row: int
    nik: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A manifest checked against what the office already holds: what will be imported."""

    report: ManifestReport
    entries: tuple[ManifestEntry, ...]
    conflicts: tuple[ImportConflict, ...]


def _unsettled_elsewhere(session: Session, niks: list[str]) -> dict[str, tuple[str, CardState]]:
    found: dict[str, tuple[str, CardState]] = {}
    for start in range(0, len(niks), 500):
        chunk = niks[start : start + 500]
        rows = session.execute(
            select(Card.nik, Batch.reference, Card.state)
            .join(Batch, Card.batch_id == Batch.id)
            .where(Card.nik.in_(chunk), Card.state.in_(UNSETTLED_STATES))
        ).all()
        found.update({nik: (reference, state) for nik, reference, state in rows})
    return found


def _conflict_reason(reference: str, state: CardState) -> str:
    if state is CardState.EXPECTED:
        return _("Sudah ada di daftar kiriman {reference} yang belum diterima.").format(
            reference=reference
        )
    return _("Kartu dengan NIK ini masih ada di loket (kiriman {reference}).").format(
        reference=reference
    )


def _plan(session: Session, report: ManifestReport) -> ImportPlan:
    held = _unsettled_elsewhere(session, [entry.nik for entry in report.entries])
    conflicts = tuple(
        ImportConflict(entry.row, entry.nik, entry.name, _conflict_reason(*held[entry.nik]))
        for entry in report.entries
        if entry.nik in held
    )
    entries = tuple(entry for entry in report.entries if entry.nik not in held)
    return ImportPlan(report, entries, conflicts)


def plan_import(database: Database, report: ManifestReport) -> ImportPlan:
    """What `open_batch` would import from this list, for the preview."""
    with database.transaction() as session:
        return _plan(session, report)


def _check_batch_fields(reference: str, letter_date: dt.date, today: dt.date) -> str:
    reference = " ".join(reference.split())
    if not reference:
        raise LoketError(_("Nomor surat pengantar wajib diisi. Lihat surat dari kecamatan."))
    if len(reference) > MAX_REFERENCE_LENGTH:
        raise LoketError(_("Nomor surat pengantar terlalu panjang."))
    if letter_date > today:
        raise LoketError(
            _("Tanggal surat pengantar tidak boleh sesudah hari ini. Periksa tanggalnya.")
        )
    return reference


def open_batch(
    database: Database,
    actor: StaffMember,
    reference: str,
    letter_date: dt.date,
    courier_name: str = "",
    manifest: ManifestReport | None = None,
    today: dt.date | None = None,
) -> BatchInfo:
    """Records a new batch and, with a list, every importable card on it: all or nothing."""
    reference = _check_batch_fields(reference, letter_date, today or dt.date.today())
    now = utc_now()
    with database.transaction() as session:
        plan = _plan(session, manifest) if manifest is not None else None
        if plan is not None and not plan.entries:
            raise LoketError(
                _("Tidak ada satu baris pun di daftar yang bisa diimpor. Periksa berkasnya.")
            )
        batch = Batch(
            reference=reference,
            letter_date=letter_date,
            courier_name=courier_name.strip(),
            has_manifest=plan is not None,
            manifest_filename=manifest.filename if manifest else "",
            status=BatchStatus.OPEN,
            opened_at=now,
            opened_by_id=actor.id,
        )
        session.add(batch)
        session.flush()
        for entry in plan.entries if plan else ():
            session.add(
                Card(
                    nik=entry.nik,
                    name=entry.name,
                    name_key=name_key(entry.name),
                    rt=entry.rt,
                    rw=entry.rw,
                    address=entry.address,
                    batch_id=batch.id,
                    state=CardState.EXPECTED,
                    on_manifest=True,
                    manifest_row=entry.row,
                    created_at=now,
                    created_by_id=actor.id,
                )
            )
        audit.record(
            session,
            actor.id,
            "batch.open",
            "batch",
            batch.id,
            reference=reference,
            letter_date=letter_date.isoformat(),
            courier=courier_name,
            listed=len(plan.entries) if plan else 0,
            manifest=manifest.filename if manifest else "",
        )
        session.flush()
        return batch_info_of(session, batch)


# ---------------------------------------------------------------- scanning
