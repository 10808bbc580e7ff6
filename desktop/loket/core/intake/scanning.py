"""Scanning cards into a batch: each scan checked, recorded and answered, committed before its
answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from loket.core import audit
from loket.core.cards import CARD_COLUMNS, CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.indonesia.names import name_key
from loket.core.indonesia.nik import NikCheck, NikProblem, parse_nik
from loket.core.intake.batches import BatchCounts, load_batch, plain_counts_of
from loket.core.retry import after_lost_race
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import UNSETTLED_CARD, Base, Card
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import (
    BatchStatus,
    CardState,
    EntryMethod,
    ScanOutcomeKind,
    Severity,
)
from loket.i18n import _


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
    # DUPLICATE on a shared server: the desk whose scan recorded the card ("" if not known)
    recorded_at_desk: str = ""

    @property
    def severity(self) -> Severity:
        if self.kind in (ScanOutcomeKind.RECEIVED, ScanOutcomeKind.ADDED):
            return Severity.WARNING if self.handed_over_before else Severity.OK
        if self.kind in (ScanOutcomeKind.EXTRA, ScanOutcomeKind.DUPLICATE):
            return Severity.WARNING
        return Severity.ERROR


def receive_scan(
    database: Database,
    actor: StaffMember,
    batch_id: int,
    raw_text: str,
    typed: bool = False,
    today: dt.date | None = None,
) -> ScanOutcome:
    """Checks one scanned (or typed) code against the batch and records it. Committed on return."""
    # A second desk recording the same NIK at once: the answer becomes DUPLICATE or ELSEWHERE.
    return after_lost_race(lambda: _receive_scan(database, actor, batch_id, raw_text, typed, today))


def _receive_scan(
    database: Database,
    actor: StaffMember,
    batch_id: int,
    raw_text: str,
    typed: bool,
    today: dt.date | None,
) -> ScanOutcome:
    # As read, for the scan log; a NUL (a scanner's garbage) cannot be stored in PostgreSQL text.
    raw_text = raw_text[:200].replace("\x00", "\ufffd")
    method = EntryMethod.TYPED if typed else EntryMethod.SCANNED
    check = parse_nik(raw_text, today)
    now = utc_now()
    # Plain statements on the driver's cursor, in one transaction: a scan is a few rows, and
    # SQLAlchemy's layers around each statement cost more than its SQL (bench/scan_intake.py).
    with database.plain_transaction() as plain:
        batch = plain.first(_BATCH, batch_id=batch_id)
        if batch is None:
            raise NotFound(_("Kiriman tidak ditemukan."))
        if batch.status is not BatchStatus.OPEN:
            raise LoketError(
                _(
                    "Kiriman {reference} sudah ditutup. Buka atau buat kiriman lain untuk memindai."
                ).format(reference=batch.reference)
            )
        found = _classify_and_apply(plain, actor, batch, check, method, now)
        plain.run(
            _ADD_SCAN,
            batch_id=batch_id,
            raw_text=raw_text,
            nik=check.nik.digits if check.nik else None,
            outcome=found.kind,
            method=method,
            card_id=found.card.id if found.card else None,
            now=now,
            actor_id=actor.id,
            desk=plain.desk,
        )
        counts = plain_counts_of(plain, batch_id, batch.has_manifest)
        if found.audit_action:
            assert found.card is not None
            audit.record_plain(
                plain, actor.id, found.audit_action, "card", found.card.id, nik=found.card.nik,
                how=method.value,
            )  # fmt: skip
        return ScanOutcome(
            kind=found.kind,
            raw_text=raw_text,
            nik=check.cleaned if check.cleaned.isdigit() else "",
            typed=typed,
            card=found.card,
            counts=counts,
            problem=check.problem,
            other_batch_reference=found.other_batch_reference,
            other_state=found.other_state,
            handed_over_before=found.handed_over_before,
            region_unknown=check.region_warning,
            recorded_at_desk=found.recorded_at_desk,
        )


_CARD = Base.metadata.tables["card"]
_BATCHES = Base.metadata.tables["batch"]
_SCAN = Base.metadata.tables["scan"]
_CARD_READ = select(*(_CARD.c[column.key] for column in CARD_COLUMNS))

# The batch's row is held until the transaction ends (PostgreSQL: FOR UPDATE; SQLite holds the
# whole database already), so that a scan and the close of the same batch at two desks never
# interleave: a card is either received before the close or refused after it.
_BATCH = PlainStatement(
    select(
        _BATCHES.c.id,
        _BATCHES.c.status,
        _BATCHES.c.reference,
        _BATCHES.c.has_manifest,
    )
    .where(_BATCHES.c.id == bindparam("batch_id"))
    .with_for_update()
)
_HERE = PlainStatement(
    _CARD_READ.where(_CARD.c.batch_id == bindparam("batch_id"), _CARD.c.nik == bindparam("nik"))
    .order_by(_CARD.c.id.desc())
    .limit(1)
)
_ELSEWHERE = PlainStatement(
    _CARD_READ.add_columns(_BATCHES.c.reference)
    .join_from(_CARD, _BATCHES, _CARD.c.batch_id == _BATCHES.c.id)
    .where(_CARD.c.nik == bindparam("nik"), UNSETTLED_CARD)
    .limit(1)
)
_HANDED_OVER_BEFORE = PlainStatement(
    select(_CARD.c.id)
    .where(_CARD.c.nik == bindparam("nik"), _CARD.c.state == CardState.HANDED_OVER)
    .limit(1)
)
# The scan that received a card carries the card's received_at as its own time (one `now`):
# found by the index on scan times, whatever the size of the batch.
_RECORDED_BY_DESK = PlainStatement(
    select(_SCAN.c.desk)
    .where(_SCAN.c.scanned_at == bindparam("at"), _SCAN.c.card_id == bindparam("card_id"))
    .limit(1)
)
_RECEIVE = PlainStatement(
    update(_CARD)
    .where(_CARD.c.id == bindparam("card_id"))
    .values(
        state=CardState.IN_STOCK,
        entry_method=bindparam("method"),
        received_at=bindparam("now"),
        received_by_id=bindparam("actor_id"),
    )
)
_ADD_CARD = PlainStatement(
    insert(_CARD)
    .values(
        nik=bindparam("nik"),
        name="",
        name_key="",
        batch_id=bindparam("batch_id"),
        state=CardState.IN_STOCK,
        on_manifest=False,
        entry_method=bindparam("method"),
        received_at=bindparam("now"),
        received_by_id=bindparam("actor_id"),
        created_at=bindparam("now"),
        created_by_id=bindparam("actor_id"),
    )
    .returning(_CARD.c.id)
)
_ADD_SCAN = PlainStatement(
    insert(_SCAN)
    .values(
        batch_id=bindparam("batch_id"),
        raw_text=bindparam("raw_text"),
        nik=bindparam("nik"),
        outcome=bindparam("outcome"),
        entry_method=bindparam("method"),
        card_id=bindparam("card_id"),
        scanned_at=bindparam("now"),
        staff_id=bindparam("actor_id"),
        desk=bindparam("desk"),
    )
    .inline()
)


@dataclass(frozen=True, slots=True)
class _Classified:
    kind: ScanOutcomeKind
    card: CardInfo | None = None
    other_batch_reference: str = ""
    other_state: CardState | None = None
    handed_over_before: bool = False
    audit_action: str = ""  # the card was received or added: its audit row's action
    recorded_at_desk: str = ""


def _classify_and_apply(
    plain: PlainTransaction,
    actor: StaffMember,
    batch: Any,
    check: NikCheck,
    method: EntryMethod,
    now: dt.datetime,
) -> _Classified:
    if check.nik is None:
        return _Classified(ScanOutcomeKind.UNREADABLE)
    nik = check.nik.digits
    batch_id = batch.id
    here = plain.first(_HERE, batch_id=batch_id, nik=nik)
    if here is not None and here.state is CardState.EXPECTED:
        plain.run(_RECEIVE, card_id=here.id, method=method, now=now, actor_id=actor.id)
        received = replace(
            card_info(here),
            state=CardState.IN_STOCK,
            typed=method is EntryMethod.TYPED,
            received_at=now,
        )
        return _Classified(ScanOutcomeKind.RECEIVED, received, audit_action="card.received")
    if here is not None:
        desk = ""
        if plain.on_server and here.received_at is not None:  # several desks: say which one
            first = plain.first(_RECORDED_BY_DESK, at=here.received_at, card_id=here.id)
            desk = first.desk if first is not None else ""
        return _Classified(ScanOutcomeKind.DUPLICATE, card_info(here), recorded_at_desk=desk)
    elsewhere = plain.first(_ELSEWHERE, nik=nik)
    if elsewhere is not None:
        other = card_info(elsewhere)
        return _Classified(ScanOutcomeKind.ELSEWHERE, other, elsewhere.reference, other.state)
    handed_over_before = plain.first(_HANDED_OVER_BEFORE, nik=nik) is not None
    added = plain.first(
        _ADD_CARD, nik=nik, batch_id=batch_id, method=method, now=now, actor_id=actor.id
    )
    kind = ScanOutcomeKind.EXTRA if batch.has_manifest else ScanOutcomeKind.ADDED
    card = CardInfo(
        id=added.id,
        nik=nik,
        name="",
        rt="",
        rw="",
        address="",
        batch_id=batch_id,
        state=CardState.IN_STOCK,
        on_manifest=False,
        manifest_row=None,
        typed=method is EntryMethod.TYPED,
        received_at=now,
    )
    return _Classified(
        kind, card, handed_over_before=handed_over_before, audit_action=f"card.{kind.value}"
    )


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
