"""Handing a card to its owner or a permitted representative; its receipt; voiding it.

A handover is one transaction: the handover row with its receipt number, the card's new
state and the audit row. The database refuses a second live handover of the same card
(a partial unique index), so two desks confirming at the same moment cannot both win.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core import audit, indonesian, staff
from loket.core.cards import card_info
from loket.core.clock import utc_now
from loket.core.delivery_messages import delivery_of_handover, out_for_delivery
from loket.core.errors import LoketError, NotAllowed, NotFound
from loket.core.handover_messages import (
    DeliveryNote,
    not_in_stock_refusal,
    receipt_slip,
    relation_label,
)
from loket.core.handover_rules import (
    OWNER_DOCUMENTS,
    HandoverRefused,
    HandoverRequest,
    check_request,
)
from loket.core.lookup import (
    HandoverInfo,
    card_status,
    encode_documents,
    encode_strokes,
    handover_info_of,
    live_handover,
    open_return_of,
)
from loket.core.names import name_key
from loket.core.nik import parse_nik
from loket.core.numbering import next_number
from loket.core.office import OfficeInfo, get_office
from loket.core.paper_data import ReceiptSlip
from loket.core.papers import paper_path, register_paper
from loket.core.settings import OfficeSettings, load_settings
from loket.core.staff import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import (
    UNSETTLED_STATES,
    Card,
    CardState,
    DocumentChecked,
    Handover,
    OldCardFate,
    Relation,
    Role,
)
from loket.i18n import _

__all__ = [
    "DocumentChecked",
    "HandoverInfo",
    "HandoverRefused",
    "HandoverRequest",
    "OldCardFate",
    "Relation",
    "check_request",
    "confirm",
    "find_by_receipt",
    "is_receipt_number",
    "relation_label",
    "save_slip",
    "slip_for",
    "void",
    "write_handover",
]

RECEIPT_SERIES = "receipt"
DOCUMENT_KIND = "receipts"
MIN_VOID_REASON = 5
MAX_VOID_REASON = 300
_RECEIPT = re.compile(r"\d{6,13}-\d{4}-\d{6}")

#: Draws a receipt in a slip format ("a5", "thermal80"); supplied by loket.documents.
WriteSlip = Callable[[ReceiptSlip, Path, str], Path]


def is_receipt_number(text: str) -> bool:
    """True for a scanned receipt barcode ("3374041002-2026-000123"), not a NIK."""
    return bool(_RECEIPT.fullmatch(text.strip()))


# ---------------------------------------------------------------- confirming


def _office(database: Database) -> OfficeInfo:
    office = get_office(database)
    if office is None:
        raise LoketError(_("Data kantor belum diisi. Minta admin mengisi pengaturan kantor."))
    return office


def confirm(
    database: Database, actor: StaffMember, request: HandoverRequest, today: dt.date | None = None
) -> HandoverInfo:
    """Hands the card over: receipt number, handover row, card state and audit row, all or none.

    Refused (LoketError) when the card is not in stock, saying where it is or who took it;
    HandoverRefused with every problem when the form breaks a rule.
    """
    office = _office(database)
    settings = load_settings(database)
    try:
        return _confirm(database, actor, request, office, settings, today)
    except IntegrityError:
        # Another desk's handover of this card committed between our check and our insert.
        with database.transaction() as session:
            winner = live_handover(session, request.card_id)
            number = winner.receipt_number if winner else "-"
        raise LoketError(
            _(
                "Kartu ini baru saja diserahkan oleh petugas lain (tanda terima {number}). "
                "Tidak bisa diserahkan dua kali."
            ).format(number=number)
        ) from None


def _confirm(
    database: Database,
    actor: StaffMember,
    request: HandoverRequest,
    office: OfficeInfo,
    settings: OfficeSettings,
    today: dt.date | None,
) -> HandoverInfo:
    with database.transaction() as session:
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
        return handover_info_of(session, row)


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
    row = _handover_row(card, request, actor, now, (office.code_digits, year, sequence), today)
    session.add(row)
    card.state = CardState.HANDED_OVER
    session.flush()
    audit.record(
        session,
        actor.id,
        action,
        "card",
        card.id,
        handover_id=row.id,
        receipt_number=row.receipt_number,
        nik=card.nik,
        relation=row.relation.value,
        collector_name=row.collector_name,
        collector_nik=row.collector_nik,
        documents=row.documents,
        old_card=row.old_card.value,
        police_letter_number=row.police_letter_number,
        owner_name_filled=filled_name,
        **detail,
    )
    return row


def _handover_row(
    card: Card,
    request: HandoverRequest,
    actor: StaffMember,
    now: dt.datetime,
    number: tuple[str, int, int],  # office code, year, sequence
    today: dt.date | None,
) -> Handover:
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
    return Handover(
        card_id=card.id,
        receipt_number=f"{office_code}-{year}-{sequence:06d}",
        year=year,
        sequence=sequence,
        relation=request.relation,
        collector_name=collector_name,
        collector_nik=collector_nik,
        collector_phone=" ".join(request.collector_phone.split()),
        documents=encode_documents(documents),
        old_card=request.old_card,
        police_letter_number=(
            " ".join(request.police_letter_number.split())
            if request.old_card is OldCardFate.LOST
            else ""
        ),
        signature=encode_strokes(request.signature),
        handed_over_at=now,
        officer_id=actor.id,
        voided=False,
        void_reason="",
    )


# ---------------------------------------------------------------- receipts


def find_by_receipt(database: Database, receipt_text: str) -> HandoverInfo:
    """The handover of a scanned (or typed) receipt number, voided or not."""
    number = "".join(receipt_text.split()).upper()
    with database.transaction() as session:
        row = session.scalar(select(Handover).where(Handover.receipt_number == number))
        if row is None:
            raise NotFound(
                _("Tanda terima {number} tidak ditemukan. Periksa nomornya.").format(
                    number=number or "-"
                )
            )
        return handover_info_of(session, row)


def get_handover(database: Database, handover_id: int) -> HandoverInfo:
    with database.transaction() as session:
        return handover_info_of(session, _load(session, handover_id))


def _load(session: Session, handover_id: int) -> Handover:
    row = session.get(Handover, handover_id)
    if row is None:
        raise NotFound(_("Penyerahan tidak ditemukan."))
    return row


# ---------------------------------------------------------------- voiding


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
    office = _office(database)
    _refuse_if_voided(get_handover(database, handover_id), office)
    supervisor = staff.log_in(database, supervisor_username, supervisor_password)
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
            _("Tanda terima {number} sudah dibatalkan pada {when} oleh {supervisor}.").format(
                number=info.receipt_number,
                when=indonesian.date_time(info.voided_at, office.zone),
                supervisor=info.voided_by,
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


# ---------------------------------------------------------------- the slip


def slip_for(database: Database, handover_id: int, copy: bool = False) -> ReceiptSlip:
    """The receipt as the renderer draws it; `copy` marks a reprint "SALINAN"."""
    office = _office(database)
    info = get_handover(database, handover_id)
    return receipt_slip(office, info, copy, delivery=_delivery(database, handover_id))


def _delivery(database: Database, handover_id: int) -> DeliveryNote | None:
    with database.transaction() as session:
        return delivery_of_handover(session, handover_id)


def save_slip(
    database: Database,
    actor: StaffMember,
    handover_id: int,
    data: DataDir,
    write_slip: WriteSlip,
    copy: bool = False,
) -> Path:
    """Writes the receipt PDF under documents/receipts in the office's slip format, and files it.

    The Document row and the audit row are written only once the PDF exists.
    """
    office = _office(database)
    slip_format = load_settings(database).slip_format
    info = get_handover(database, handover_id)
    slip = receipt_slip(office, info, copy, data.root, delivery=_delivery(database, handover_id))
    now = utc_now()
    suffix = f"-salinan-{now.astimezone(office.zone):%Y%m%d-%H%M%S}" if copy else ""
    target = paper_path(data, DOCUMENT_KIND, f"tanda-terima-{info.receipt_number}{suffix}.pdf")
    path = write_slip(slip, target, slip_format.value)
    with database.transaction() as session:
        register_paper(
            session,
            data,
            kind=DOCUMENT_KIND,
            number=info.receipt_number,
            title=(
                _("Tanda terima KTP-el {number} (salinan)")
                if copy
                else _("Tanda terima KTP-el {number}")
            ).format(number=info.receipt_number),
            path=path,
            staff_id=actor.id,
            at=now,
        )
        audit.record(
            session,
            actor.id,
            "receipt.reprint" if copy else "receipt.print",
            "card",
            info.card.id,
            handover_id=info.id,
            receipt_number=info.receipt_number,
            document=path.name,
        )
    return path
