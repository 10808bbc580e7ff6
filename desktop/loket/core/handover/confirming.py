"""Handing a card to its owner or a permitted representative; its receipt; voiding it.

A handover is one transaction: the handover row with its receipt number, the card's new
state and the audit row. The database refuses a second live handover of the same card
(a partial unique index), so two desks confirming at the same moment cannot both win.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.audit_chain import SEALED_HANDOVER_COLUMNS, handover_seal
from loket.core.cards import CARD_COLUMNS, card_info
from loket.core.clock import utc_now
from loket.core.handover import receipts
from loket.core.handover.handovers import (
    HandoverInfo,
    decode_documents,
    decode_strokes,
    encode_documents,
    encode_strokes,
    handover_info_of,
    live_handover,
)
from loket.core.handover.lookup import card_status, open_return_of, out_for_delivery
from loket.core.handover.receipts import RECEIPT_SERIES
from loket.core.handover.rules import (
    OWNER_DOCUMENTS,
    HandoverRefused,
    HandoverRequest,
    check_request,
)
from loket.core.handover.words import not_in_stock_refusal, officer_at_desk
from loket.core.indonesia.names import name_key
from loket.core.indonesia.nik import parse_nik
from loket.core.numbering import next_number, next_number_plain
from loket.core.office.identity import OfficeInfo, office_or_refuse_in, office_or_refuse_plain
from loket.core.settings.shared import SlipFormat, settings_in, settings_plain
from loket.core.staff.members import StaffMember, name_of
from loket.datadir import DataDir
from loket.db.engine import Database, desk_of
from loket.db.models import Base, Card, Handover
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import CardState, OldCardFate, ReturnStatus
from loket.i18n import _

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- confirming


def confirm(
    database: Database, actor: StaffMember, request: HandoverRequest, today: dt.date | None = None
) -> HandoverInfo:
    """Hands the card over: receipt number, handover row, card state and audit row, all or none.

    Refused (LoketError) when the card is not in stock, saying where it is or who took it;
    HandoverRefused with every problem when the form breaks a rule.
    """
    return _confirmed(database, actor, request, today).info


@dataclass(frozen=True, slots=True)
class HandedOver:
    """A card handed over at the desk and its slip. `slip` is None when the PDF could not be
    saved (`slip_error` says why, in whole sentences): the handover stands all the same."""

    info: HandoverInfo
    slip: Path | None
    slip_error: str = ""


def confirm_and_save_slip(
    database: Database,
    actor: StaffMember,
    request: HandoverRequest,
    data: DataDir,
    write_slip: receipts.WriteSlip,
    today: dt.date | None = None,
) -> HandedOver:
    """What the desk's Ctrl+Enter does: `confirm`, then the slip saved and filed
    (`receipts.save_new_slip`), from the office, settings and handover the confirmation read,
    so that each is read once per handover. Refused as `confirm` is."""
    confirmed = _confirmed(database, actor, request, today)
    info = confirmed.info
    try:
        path = receipts.save_new_slip(
            database, actor, info, confirmed.office, confirmed.slip_format, data, write_slip
        )
    except Exception as error:  # the handover stands; its original is written later
        log.exception("receipt %s could not be saved", info.receipt_number)
        return HandedOver(info, None, receipts.why_slip_not_saved(error))
    return HandedOver(info, path)


@dataclass(frozen=True, slots=True)
class _Confirmed:
    info: HandoverInfo
    office: OfficeInfo  # as the confirmation's transaction read them
    slip_format: SlipFormat


def _confirmed(
    database: Database, actor: StaffMember, request: HandoverRequest, today: dt.date | None
) -> _Confirmed:
    try:
        return _confirm(database, actor, request, today)
    except IntegrityError:
        # Another desk's handover of this card committed between our check and our insert.
        with database.transaction() as session:
            refusal = lost_race_refusal(session, request.card_id)
        raise LoketError(refusal) from None


def lost_race_refusal(session: Session, card_id: int) -> str:
    """Who was first, at which desk, with which receipt: the desk that lost is told."""
    winner = live_handover(session, card_id)
    if winner is None:  # voided again meanwhile: no one to name
        return _(
            "Kartu ini baru saja diserahkan oleh petugas lain. Tidak bisa diserahkan dua kali."
        )
    return _(
        "Kartu ini baru saja diserahkan oleh petugas {officer} (tanda terima {number}). "
        "Tidak bisa diserahkan dua kali."
    ).format(
        officer=officer_at_desk(name_of(session, winner.officer_id), winner.desk),
        number=winner.receipt_number,
    )


def _confirm(
    database: Database, actor: StaffMember, request: HandoverRequest, today: dt.date | None
) -> _Confirmed:
    """Plain statements (db/plain.py) for the usual handover: a card in stock, with its name.
    A card not in stock (to say where it is) or without a name (to record the one read off the
    card) goes through the ORM instead: the plain transaction wrote nothing before it knew."""
    try:
        with database.plain_transaction() as plain:
            return _confirm_plain(plain, actor, request, today)
    except _ThroughTheOrm:
        return _confirm_orm(database, actor, request, today)


class _ThroughTheOrm(Exception):
    """This handover is for the ORM's path (raised before the plain one writes anything)."""


def _confirm_plain(
    plain: PlainTransaction, actor: StaffMember, request: HandoverRequest, today: dt.date | None
) -> _Confirmed:
    office = office_or_refuse_plain(plain)
    settings = settings_plain(plain)
    card = plain.first(_CARD_TO_HAND_OVER, card_id=request.card_id)
    if card is None:
        raise NotFound(_("Kartu tidak ditemukan."))
    if card.state is not CardState.IN_STOCK or plain.first(_IN_OPEN_RETURN, card_id=card.id):
        raise _ThroughTheOrm
    if not card.name and request.owner_name.strip():
        raise _ThroughTheOrm
    on_card = card_info(card)
    problems = check_request(settings, request, on_card, today)
    if problems:
        raise HandoverRefused(problems)
    now = utc_now()
    year = now.astimezone(office.zone).year
    sequence = next_number_plain(plain, RECEIPT_SERIES, year)
    values = _handover_values(
        card, request, actor, now, (office.code_digits, year, sequence), today
    )
    handover_id = plain.first(_ADD_HANDOVER, **values, desk=plain.desk).id
    plain.run(_HAND_CARD_OVER, card_id=card.id)
    sealed = plain.first(_SEALED_COLUMNS, handover_id=handover_id)
    officer = plain.first(_OFFICER, staff_id=actor.id)
    detail = _audit_detail(values, handover_id, card.nik)
    audit.record_plain(
        plain, actor.id, "handover.confirm", "card", card.id,
        seal=handover_seal(sealed._asdict()), **detail, owner_name_filled="",
    )  # fmt: skip
    info = HandoverInfo(
        id=handover_id,
        receipt_number=values["receipt_number"],
        card=replace(on_card, state=CardState.HANDED_OVER),
        batch_reference=card.reference,
        handed_over_at=now,
        officer_name=officer.full_name or officer.username,
        officer_nip=officer.nip,
        relation=values["relation"],
        collector_name=values["collector_name"],
        collector_nik=values["collector_nik"],
        collector_phone=values["collector_phone"],
        documents=decode_documents(values["documents"]),
        old_card=values["old_card"],
        police_letter_number=values["police_letter_number"],
        signature=decode_strokes(values["signature"]),
        voided=False,
        void_reason="",
        voided_at=None,
        voided_by="",
        voided_by_nip="",
        void_recorded_by="",
        desk=plain.desk,
    )
    return _Confirmed(info, office, settings.slip_format)


_CARDS = Base.metadata.tables["card"]
_BATCHES = Base.metadata.tables["batch"]
_HANDOVERS = Base.metadata.tables["handover"]
_RETURNS = Base.metadata.tables["card_return"]
_RETURN_LINES = Base.metadata.tables["card_return_line"]
_STAFF = Base.metadata.tables["staff"]
# FOR UPDATE OF card: on PostgreSQL a second desk waits here and then sees the new state; the
# batch's row, read for its reference, is not locked (a scan into it holds that one).
_CARD_TO_HAND_OVER = PlainStatement(
    select(*(_CARDS.c[column.key] for column in CARD_COLUMNS), _BATCHES.c.reference)
    .join_from(_CARDS, _BATCHES, _CARDS.c.batch_id == _BATCHES.c.id)
    .where(_CARDS.c.id == bindparam("card_id"))
    .with_for_update(of=_CARDS)
)
_IN_OPEN_RETURN = PlainStatement(
    select(_RETURN_LINES.c.id)
    .join_from(_RETURN_LINES, _RETURNS, _RETURN_LINES.c.return_id == _RETURNS.c.id)
    .where(_RETURN_LINES.c.card_id == bindparam("card_id"), _RETURNS.c.status == ReturnStatus.OPEN)
    .limit(1)
)
#: What `_handover_values` gives, and the desk (the void's columns are left to their defaults).
_HANDOVER_VALUES = (
    "card_id", "receipt_number", "year", "sequence", "relation", "collector_name",
    "collector_nik", "collector_phone", "documents", "old_card", "police_letter_number",
    "signature", "handed_over_at", "officer_id", "voided", "void_reason", "desk",
)  # fmt: skip
_ADD_HANDOVER = PlainStatement(
    insert(_HANDOVERS)
    .values({name: bindparam(name) for name in _HANDOVER_VALUES})
    .returning(_HANDOVERS.c.id)
)
_HAND_CARD_OVER = PlainStatement(
    update(_CARDS).where(_CARDS.c.id == bindparam("card_id")).values(state=CardState.HANDED_OVER)
)
_SEALED_COLUMNS = PlainStatement(
    select(*(_HANDOVERS.c[name] for name in SEALED_HANDOVER_COLUMNS)).where(
        _HANDOVERS.c.id == bindparam("handover_id")
    )
)
_OFFICER = PlainStatement(
    select(_STAFF.c.full_name, _STAFF.c.username, _STAFF.c.nip).where(
        _STAFF.c.id == bindparam("staff_id")
    )
)


def _confirm_orm(
    database: Database, actor: StaffMember, request: HandoverRequest, today: dt.date | None
) -> _Confirmed:
    with database.transaction() as session:  # the office and its settings read in it too
        office = office_or_refuse_in(session)
        settings = settings_in(session)
        # FOR UPDATE: on PostgreSQL a second desk waits here and then sees the new state.
        card = session.scalar(select(Card).where(Card.id == request.card_id).with_for_update())
        if card is None:
            raise NotFound(_("Kartu tidak ditemukan."))
        # A card scanned into an open return is on its way back: taken out of it first.
        if card.state is not CardState.IN_STOCK or open_return_of(session, card.id):
            status = card_status(session, card)
            out = out_for_delivery(session, card)  # names the run and its petugas
            raise LoketError(not_in_stock_refusal(status, office.zone, out))
        problems = check_request(settings, request, card_info(card), today)
        if problems:
            raise HandoverRefused(problems)
        row = write_handover(session, actor, card, request, office, today=today)
        return _Confirmed(handover_info_of(session, row), office, settings.slip_format)


def _fill_owner_name(card: Card, request: HandoverRequest) -> str:
    """A card recorded without a name gets the one read from the card at the desk."""
    name = " ".join(request.owner_name.split())
    if card.name or not name:
        return ""
    card.name = name[:160]
    card.name_key = name_key(card.name)
    return card.name


def write_handover(
    session: Session,
    actor: StaffMember,
    card: Card,
    request: HandoverRequest,
    office: OfficeInfo,
    *,
    today: dt.date | None = None,
    action: str = "handover.confirm",
    **detail: object,
) -> Handover:
    """The handover row with the next receipt number, the card handed over, the audit row.

    Inside the caller's transaction, on a card the caller locked and checked: the desk's
    handover and a delivery run's "delivered" share this, and so the receipt numbering.
    """
    now = utc_now()
    year = now.astimezone(office.zone).year
    filled_name = _fill_owner_name(card, request)
    sequence = next_number(session, RECEIPT_SERIES, year)
    values = _handover_values(
        card, request, actor, now, (office.code_digits, year, sequence), today
    )
    row = Handover(**values, desk=desk_of(session))
    session.add(row)
    card.state = CardState.HANDED_OVER
    session.flush()
    audit.record(
        session,
        actor.id,
        action,
        "card",
        card.id,
        **_audit_detail(values, row.id, card.nik),
        owner_name_filled=filled_name,
        **detail,
    )
    return row


def _handover_values(
    card: Card | Any,
    request: HandoverRequest,
    actor: StaffMember,
    now: dt.datetime,
    number: tuple[str, int, int],  # office code, year, sequence
    today: dt.date | None,
) -> dict[str, Any]:
    """The handover row's columns, from the card (a Card, or a plain row of its columns)."""
    office_code, year, sequence = number
    documents = request.documents
    if request.by_representative:
        collector_name = " ".join(request.collector_name.split())
        check = parse_nik(request.collector_nik, today)
        collector_nik = check.nik.digits if check.nik else check.cleaned[:16]
    else:
        collector_name, collector_nik = card.name, card.nik
        # A surat kuasa or a representative's KTP ticked for the owner would mislead the slip.
        documents = documents & OWNER_DOCUMENTS
    return {
        "card_id": card.id,
        "receipt_number": f"{office_code}-{year}-{sequence:06d}",
        "year": year,
        "sequence": sequence,
        "relation": request.relation,
        "collector_name": collector_name,
        "collector_nik": collector_nik,
        "collector_phone": " ".join(request.collector_phone.split()),
        "documents": encode_documents(documents),
        "old_card": request.old_card,
        "police_letter_number": (
            " ".join(request.police_letter_number.split())
            if request.old_card is OldCardFate.LOST
            else ""
        ),
        "signature": encode_strokes(request.signature),
        "handed_over_at": now,
        "officer_id": actor.id,
        "voided": False,
        "void_reason": "",
    }


def _audit_detail(values: dict[str, Any], handover_id: int, nik: str) -> dict[str, object]:
    """What a handover's audit row says of it (the desk's and a delivery's alike)."""
    return {
        "handover_id": handover_id,
        "receipt_number": values["receipt_number"],
        "nik": nik,
        "relation": values["relation"].value,
        "collector_name": values["collector_name"],
        "collector_nik": values["collector_nik"],
        "documents": values["documents"],
        "old_card": values["old_card"].value,
        "police_letter_number": values["police_letter_number"],
    }


# ---------------------------------------------------------------- receipts


# ---------------------------------------------------------------- voiding


# ---------------------------------------------------------------- the slip
