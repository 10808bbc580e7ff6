"""A handover as the desk and its papers read it, and how its row is encoded."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.cards import CardInfo, card_info
from loket.core.handover.paper import Strokes
from loket.core.indonesia.writing import date_time
from loket.core.papers.paper import grouped_nip
from loket.core.staff.members import name_and_nip, name_of
from loket.db.models import (
    Batch,
    Card,
    DeliveryLine,
    DeliveryRun,
    Handover,
)
from loket.domain.states import (
    DocumentChecked,
    OldCardFate,
    Relation,
)


@dataclass(frozen=True, slots=True)
class DeliveryNote:
    """A card taken door to door: the run it went out with, its petugas, and when it left."""

    run_id: int
    run_number: str
    courier_name: str
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HandoverInfo:
    """One handover (tanda terima) as the desk and the receipt show it. Times in UTC."""

    id: int
    receipt_number: str
    card: CardInfo  # the card as it is now (back in stock after a void)
    batch_reference: str
    handed_over_at: dt.datetime
    officer_name: str
    officer_nip: str
    relation: Relation
    collector_name: str
    collector_nik: str
    collector_phone: str
    documents: frozenset[DocumentChecked]
    old_card: OldCardFate
    police_letter_number: str
    signature: Strokes
    voided: bool
    void_reason: str
    voided_at: dt.datetime | None
    voided_by: str  # the supervisor who authorised the void
    voided_by_nip: str
    void_recorded_by: str  # the staff member at the desk
    desk: str = ""  # the desk that handed it over ("Loket 2"); "" before desks had names
    void_desk: str = ""  # the desk where the void was recorded

    @property
    def by_representative(self) -> bool:
        return self.relation is not Relation.OWNER


def encode_documents(documents: frozenset[DocumentChecked]) -> str:
    return ",".join(d.name for d in DocumentChecked if d in documents)


def decode_documents(stored: str) -> frozenset[DocumentChecked]:
    names = {name.strip() for name in stored.split(",")}
    return frozenset(d for d in DocumentChecked if d.name in names)


def encode_strokes(strokes: Strokes) -> str | None:
    if not strokes:
        return None
    return json.dumps([[[round(x, 4), round(y, 4)] for x, y in stroke] for stroke in strokes])


def decode_strokes(stored: str | None) -> Strokes:
    if not stored:
        return ()
    return tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in json.loads(stored))


def handover_info_of(session: Session, row: Handover) -> HandoverInfo:
    card = session.get_one(Card, row.card_id)
    batch = session.get_one(Batch, card.batch_id)
    officer_name, officer_nip = name_and_nip(session, row.officer_id)
    voided_by, voided_by_nip = name_and_nip(session, row.voided_by_id)
    return HandoverInfo(
        id=row.id,
        receipt_number=row.receipt_number,
        card=card_info(card),
        batch_reference=batch.reference,
        handed_over_at=row.handed_over_at,
        officer_name=officer_name,
        officer_nip=officer_nip,
        relation=row.relation,
        collector_name=row.collector_name,
        collector_nik=row.collector_nik,
        collector_phone=row.collector_phone,
        documents=decode_documents(row.documents),
        old_card=row.old_card,
        police_letter_number=row.police_letter_number,
        signature=decode_strokes(row.signature),
        voided=row.voided,
        void_reason=row.void_reason,
        voided_at=row.voided_at,
        voided_by=voided_by,
        voided_by_nip=voided_by_nip,
        void_recorded_by=name_of(session, row.void_recorded_by_id),
        desk=row.desk,
        void_desk=row.void_desk,
    )


def live_handover(session: Session, card_id: int) -> Handover | None:
    """The handover of this card that is not voided (the database allows at most one)."""
    return session.scalar(
        select(Handover).where(Handover.card_id == card_id, Handover.voided.is_(False))
    )


def delivery_of_handover(session: Session, handover_id: int) -> DeliveryNote | None:
    """The run that delivered this handover's card; None for a handover made at the desk."""
    run = session.scalar(
        select(DeliveryRun)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .where(DeliveryLine.handover_id == handover_id)
    )
    return delivery_note(run) if run is not None else None


def delivery_note(run: DeliveryRun) -> DeliveryNote:
    return DeliveryNote(run.id, run.number, run.courier_name, run.created_at)


def void_approval_on_paper(
    name: str, nip: str, voided_at: dt.datetime, zone: ZoneInfo, day: dt.date | None = None
) -> str:
    """ "Disetujui Sri Wahyuni, NIP 19680512 199403 1 007, Jumat, 27 November 2026 pukul 10.30
    WIB": who allowed a void and when, wherever a void is printed; on the paper of `day`, a void
    of that same day says only its time."""
    nip_text = f", NIP {grouped_nip(nip)}" if nip.strip() else ""
    local = voided_at.astimezone(zone)
    when = f"pukul {local:%H.%M}" if local.date() == day else date_time(voided_at, zone)
    return f"Disetujui {name or '-'}{nip_text}, {when}"
