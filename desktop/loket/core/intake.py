"""Receiving a batch from the kecamatan: open it, scan every card, see the counts.

Each use case is one transaction that writes its own audit row, and returns a
frozen value the page renders. A scan is committed before its outcome is returned,
so what the screen acknowledges is already on disk.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.errors import LoketError, NotFound
from loket.core.manifest import ManifestEntry, ManifestReport
from loket.core.names import name_key
from loket.core.nik import NikCheck, NikProblem, parse_nik
from loket.core.staff import StaffMember
from loket.db.engine import Database
from loket.db.models import (
    UNSETTLED_STATES,
    Batch,
    BatchStatus,
    Card,
    CardState,
    EntryMethod,
    Scan,
    ScanOutcomeKind,
    Staff,
)
from loket.i18n import _

MAX_REFERENCE_LENGTH = 100


class Severity(enum.Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


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


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    kind: ScanOutcomeKind
    raw_text: str
    nik: str  # the cleaned digits ("" when nothing readable)
    typed: bool
    card: CardInfo | None
    counts: BatchCounts
    problem: NikProblem | None = None
    other_batch_reference: str = ""  # ELSEWHERE: which batch holds the card
    other_state: CardState | None = None
    handed_over_before: bool = False  # EXTRA: this NIK had a card handed over already
    region_unknown: bool = False  # NIK's kecamatan code is not in today's list (only a note)

    @property
    def severity(self) -> Severity:
        if self.kind in (ScanOutcomeKind.RECEIVED, ScanOutcomeKind.ADDED):
            return Severity.WARNING if self.handed_over_before else Severity.OK
        if self.kind in (ScanOutcomeKind.EXTRA, ScanOutcomeKind.DUPLICATE):
            return Severity.WARNING
        return Severity.ERROR


# ---------------------------------------------------------------- queries


def _staff_name(session: Session, staff_id: int) -> str:
    staff = session.get(Staff, staff_id)
    return (staff.full_name or staff.username) if staff else ""


def _counts(session: Session, batch: Batch) -> BatchCounts:
    rows = session.execute(
        select(Card.state, Card.on_manifest, func.count(Card.id))
        .where(Card.batch_id == batch.id)
        .group_by(Card.state, Card.on_manifest)
    ).all()
    by_key = {(state, on_manifest): count for state, on_manifest, count in rows}
    listed = sum(n for (_state, on_manifest), n in by_key.items() if on_manifest)
    listed_waiting = by_key.get((CardState.EXPECTED, True), 0) + by_key.get(
        (CardState.MISSING, True), 0
    )
    unlisted = sum(n for (_state, on_manifest), n in by_key.items() if not on_manifest)
    set_aside = by_key.get((CardState.SET_ASIDE, False), 0)
    if not batch.has_manifest:
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
        opened_by=_staff_name(session, batch.opened_by_id),
        closed_at=batch.closed_at,
        berita_acara_number=batch.berita_acara_number,
        counts=_counts(session, batch),
    )


def load_batch(session: Session, batch_id: int) -> Batch:
    batch = session.get(Batch, batch_id)
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


def batch_cards(database: Database, batch_id: int) -> list[CardInfo]:
    """Every card of a batch: listed ones in list order, then the others in the order scanned."""
    with database.transaction() as session:
        cards = session.scalars(
            select(Card)
            .where(Card.batch_id == batch_id)
            .order_by(Card.on_manifest.desc(), Card.manifest_row, Card.id)
        ).all()
        return [card_info(card) for card in cards]


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


def receive_scan(
    database: Database,
    actor: StaffMember,
    batch_id: int,
    raw_text: str,
    typed: bool = False,
    today: dt.date | None = None,
) -> ScanOutcome:
    """Checks one scanned (or typed) code against the batch and records it. Committed on return."""
    try:
        return _receive_scan(database, actor, batch_id, raw_text, typed, today)
    except IntegrityError:
        # Another desk recorded the same NIK a moment ago: the answer is now DUPLICATE or ELSEWHERE.
        return _receive_scan(database, actor, batch_id, raw_text, typed, today)


def _receive_scan(
    database: Database,
    actor: StaffMember,
    batch_id: int,
    raw_text: str,
    typed: bool,
    today: dt.date | None,
) -> ScanOutcome:
    raw_text = raw_text[:200]
    method = EntryMethod.TYPED if typed else EntryMethod.SCANNED
    check = parse_nik(raw_text, today)
    now = utc_now()
    with database.transaction() as session:
        batch = load_batch(session, batch_id)
        if batch.status is not BatchStatus.OPEN:
            raise LoketError(
                _(
                    "Kiriman {reference} sudah ditutup. Buka atau buat kiriman lain untuk memindai."
                ).format(reference=batch.reference)
            )
        found = _classify_and_apply(session, actor, batch, check, method, now)
        session.add(
            Scan(
                batch_id=batch.id,
                raw_text=raw_text,
                nik=check.nik.digits if check.nik else None,
                outcome=found.kind,
                entry_method=method,
                card_id=found.card.id if found.card else None,
                scanned_at=now,
                staff_id=actor.id,
            )
        )
        session.flush()
        return ScanOutcome(
            kind=found.kind,
            raw_text=raw_text,
            nik=check.cleaned if check.cleaned.isdigit() else "",
            typed=typed,
            card=card_info(found.card) if found.card else None,
            counts=_counts(session, batch),
            problem=check.problem,
            other_batch_reference=found.other_batch_reference,
            other_state=found.other_state,
            handed_over_before=found.handed_over_before,
            region_unknown=check.region_warning,
        )


@dataclass(frozen=True, slots=True)
class _Classified:
    kind: ScanOutcomeKind
    card: Card | None = None
    other_batch_reference: str = ""
    other_state: CardState | None = None
    handed_over_before: bool = False


def _classify_and_apply(
    session: Session,
    actor: StaffMember,
    batch: Batch,
    check: NikCheck,
    method: EntryMethod,
    now: dt.datetime,
) -> _Classified:
    if check.nik is None:
        return _Classified(ScanOutcomeKind.UNREADABLE)
    nik = check.nik.digits
    here = session.scalar(
        select(Card).where(Card.batch_id == batch.id, Card.nik == nik).order_by(Card.id.desc())
    )
    if here is not None and here.state is CardState.EXPECTED:
        here.state = CardState.IN_STOCK
        here.entry_method = method
        here.received_at = now
        here.received_by_id = actor.id
        audit.record(session, actor.id, "card.received", "card", here.id, nik=nik, how=method.value)
        return _Classified(ScanOutcomeKind.RECEIVED, here)
    if here is not None:
        return _Classified(ScanOutcomeKind.DUPLICATE, here)
    elsewhere = session.execute(
        select(Card, Batch.reference)
        .join(Batch, Card.batch_id == Batch.id)
        .where(Card.nik == nik, Card.state.in_(UNSETTLED_STATES))
    ).first()
    if elsewhere is not None:
        other, reference = elsewhere
        return _Classified(ScanOutcomeKind.ELSEWHERE, other, reference, other.state)
    handed_over_before = bool(
        session.scalar(
            select(func.count(Card.id)).where(Card.nik == nik, Card.state == CardState.HANDED_OVER)
        )
    )
    card = Card(
        nik=nik,
        name="",
        name_key="",
        batch_id=batch.id,
        state=CardState.IN_STOCK,
        on_manifest=False,
        entry_method=method,
        received_at=now,
        received_by_id=actor.id,
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(card)
    session.flush()
    kind = ScanOutcomeKind.EXTRA if batch.has_manifest else ScanOutcomeKind.ADDED
    audit.record(
        session, actor.id, f"card.{kind.value}", "card", card.id, nik=nik, how=method.value
    )
    return _Classified(kind, card, handed_over_before=handed_over_before)


def set_aside(database: Database, actor: StaffMember, card_id: int, aside: bool = True) -> CardInfo:
    """An extra card (not on the list) is kept in stock, or put aside for the kecamatan."""
    with database.transaction() as session:
        card = session.get(Card, card_id)
        if card is None:
            raise NotFound(_("Kartu tidak ditemukan."))
        batch = load_batch(session, card.batch_id)
        if batch.status is not BatchStatus.OPEN:
            raise LoketError(_("Kiriman sudah ditutup; kartu ini tidak bisa diubah lagi di sini."))
        if card.on_manifest or card.state not in (CardState.IN_STOCK, CardState.SET_ASIDE):
            raise LoketError(_("Hanya kartu tambahan (tidak ada di daftar) yang bisa disisihkan."))
        card.state = CardState.SET_ASIDE if aside else CardState.IN_STOCK
        audit.record(
            session,
            actor.id,
            "card.set_aside" if aside else "card.kept",
            "card",
            card.id,
            nik=card.nik,
        )
        session.flush()
        return card_info(card)


def update_card_details(
    database: Database,
    actor: StaffMember,
    card_id: int,
    name: str,
    rt: str = "",
    rw: str = "",
    address: str = "",
) -> CardInfo:
    """Fills in what a scan cannot know: the owner's name and address (batches without a list)."""
    name = " ".join(name.split())
    rt, rw = _neighbourhood(rt, _("RT")), _neighbourhood(rw, _("RW"))
    with database.transaction() as session:
        card = session.get(Card, card_id)
        if card is None:
            raise NotFound(_("Kartu tidak ditemukan."))
        before = {"name": card.name, "rt": card.rt, "rw": card.rw, "address": card.address}
        card.name, card.rt, card.rw, card.address = name, rt, rw, " ".join(address.split())
        card.name_key = name_key(name)
        audit.record(
            session,
            actor.id,
            "card.details",
            "card",
            card.id,
            before=before,
            after={"name": name, "rt": rt, "rw": rw, "address": card.address},
        )
        session.flush()
        return card_info(card)


def _neighbourhood(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if not value.isdigit() or len(value) > 3:
        raise LoketError(_("{label} harus angka, paling banyak 3 digit.").format(label=label))
    return value.zfill(3)
