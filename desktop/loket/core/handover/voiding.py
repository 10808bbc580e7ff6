"""Voiding a handover: a supervisor's password on the spot and a reason; the card goes back in
stock.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.handover.handovers import (
    HandoverInfo,
    handover_info_of,
)
from loket.core.handover.receipts import get_handover
from loket.core.indonesia import writing
from loket.core.indonesia.names import end_sentence
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.staff import login
from loket.core.staff.members import StaffMember
from loket.db.engine import Database, desk_of
from loket.db.models import Card, Handover
from loket.domain.errors import LoketError, NotAllowed, NotFound
from loket.domain.states import (
    UNSETTLED_STATES,
    CardState,
    Role,
)
from loket.i18n import _

MIN_VOID_REASON = 5
MAX_VOID_REASON = 300


def void(
    database: Database,
    actor: StaffMember,
    supervisor_username: str,
    supervisor_password: str,
    handover_id: int,
    reason: str,
) -> HandoverInfo:
    """Cancels a handover with a supervisor's password given on the spot and a reason.

    The card goes back in stock; the receipt keeps its number (never reused) and shows as
    voided. A wrong password counts toward the supervisor's lockout, as at login.
    """
    reason = " ".join(reason.split())
    if len(reason) < MIN_VOID_REASON:
        raise LoketError(
            _("Tulis alasan pembatalan (paling sedikit {count} huruf).").format(
                count=MIN_VOID_REASON
            )
        )
    if len(reason) > MAX_VOID_REASON:
        raise LoketError(_("Alasan pembatalan terlalu panjang."))
    office = office_or_refuse(database)
    _refuse_if_voided(get_handover(database, handover_id), office)
    supervisor = login.log_in(database, supervisor_username, supervisor_password)
    if supervisor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise NotAllowed(
            _(
                "{name} bukan supervisor. Pembatalan harus disetujui supervisor atau admin "
                "dengan nama pengguna dan kata sandinya sendiri."
            ).format(name=supervisor.display_name)
        )
    with database.transaction() as session:
        row = session.scalar(select(Handover).where(Handover.id == handover_id).with_for_update())
        if row is None:
            raise NotFound(_("Penyerahan tidak ditemukan."))
        _refuse_if_voided(handover_info_of(session, row), office)
        card = session.get_one(Card, row.card_id)
        _refuse_if_other_card_held(session, card)
        row.voided = True
        row.voided_at = utc_now()
        row.voided_by_id = supervisor.id
        row.void_recorded_by_id = actor.id
        row.void_reason = reason
        row.void_desk = desk_of(session)
        card.state = CardState.IN_STOCK
        session.flush()
        audit.record(
            session,
            actor.id,
            "handover.void",
            "card",
            card.id,
            handover_id=row.id,
            receipt_number=row.receipt_number,
            reason=reason,
            operator=actor.username,
            supervisor=supervisor.username,
            supervisor_id=supervisor.id,
        )
        return handover_info_of(session, row)


def _refuse_if_voided(info: HandoverInfo, office: OfficeInfo) -> None:
    if info.voided and info.voided_at is not None:
        raise LoketError(
            end_sentence(
                _("Tanda terima {number} sudah dibatalkan pada {when} oleh {supervisor}.").format(
                    number=info.receipt_number,
                    when=writing.date_time(info.voided_at, office.zone),
                    supervisor=info.voided_by,
                )
            )
        )


def _refuse_if_other_card_held(session: Session, card: Card) -> None:
    """Back in stock would make two unsettled cards for one NIK: a newer card came meanwhile."""
    other = session.scalar(
        select(Card).where(
            Card.nik == card.nik, Card.id != card.id, Card.state.in_(UNSETTLED_STATES)
        )
    )
    if other is not None:
        raise LoketError(
            _(
                "Tidak bisa dibatalkan: ada kartu lain untuk NIK {nik} yang belum diserahkan. "
                "Selesaikan kartu itu dulu."
            ).format(nik=card.nik)
        )
