"""Receipts: the tanda terima of a handover built, saved, filed, found again by its number."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from loket.core.cards import CardInfo
from loket.core.clock import utc_now
from loket.core.handover.handovers import (
    DeliveryNote,
    HandoverInfo,
    delivery_of_handover,
    handover_info_of,
    void_approval_on_paper,
)
from loket.core.handover.paper import (
    ReceiptSlip,
    collector_title_on_paper,
    documents_on_paper,
    old_card_on_paper,
    relation_on_paper,
)
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import OfficeInfo, office_or_refuse_in
from loket.core.papers import content
from loket.core.papers.filing import AuditNote, file_paper_plain, paper_path, written
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import Signatory
from loket.core.settings.shared import SlipFormat, settings_in
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Document, Handover
from loket.db.plain import PlainStatement
from loket.domain.errors import LoketError, NotFound
from loket.i18n import _


def _rt_rw(card: CardInfo) -> str:
    return f"RT {card.rt}/RW {card.rw}" if card.rt or card.rw else ""


def receipt_slip(
    office: OfficeInfo,
    info: HandoverInfo,
    copy: bool = False,
    data_root: Path | None = None,
    *,
    delivery: DeliveryNote | None = None,
    reprint: tuple[str, dt.datetime] | None = None,
) -> ReceiptSlip:
    """The tanda terima as the renderer draws it: every text final, dates in the office zone.

    `data_root` is where the office's letterhead logo is kept, if it has one. A card delivered
    door to door (`delivery`) was signed for on the run sheet, before its petugas pengantar.
    """
    zone = office.zone
    card = info.card
    void_text = ""
    if info.voided and info.voided_at is not None:
        approval = void_approval_on_paper(info.voided_by, info.voided_by_nip, info.voided_at, zone)
        void_text = f"DIBATALKAN: {info.void_reason.rstrip('.')}. {approval}"
    village = "Desa" if office.is_desa else "Kelurahan"
    handed_over_on = writing.long_date(info.handed_over_at.astimezone(zone).date())
    return ReceiptSlip(
        letterhead=office.letterhead(data_root),
        receipt_number=info.receipt_number,
        issued_at=(
            f"diantar {writing.weekday_date(delivery.sent_at.astimezone(zone).date())}; "
            f"dicatat di loket {writing.date_time(info.handed_over_at, zone)}"
            if delivery
            else writing.date_time(info.handed_over_at, zone)
        ),
        delivery_text=(
            f"Diantar oleh {delivery.courier_name}, Daftar Pengantaran No. "
            f"{delivery.run_number}, ditandatangani penerima pada daftar itu; hasilnya dicatat "
            f"di loket oleh {info.officer_name}"
            if delivery
            else ""
        ),
        owner_name=name_on_paper(card.name),
        owner_nik=card.nik,
        owner_address=", ".join(p for p in (card.address, _rt_rw(card)) if p),
        collector_name=info.collector_name,
        collector_nik=info.collector_nik,
        relation=relation_on_paper(info.relation, delivered=delivery is not None),
        collector_phone=info.collector_phone,
        # A card delivered door to door had no documents checked at a desk: the recipient
        # signed the run sheet, which the paper names instead.
        documents_checked=() if delivery else documents_on_paper(info.documents),
        old_card=old_card_on_paper(info.old_card, info.police_letter_number),
        officer=(
            Signatory(
                role="Petugas,",
                title=f"Petugas Pengantar {village} {office.kelurahan}",
                name=delivery.courier_name,
                nip="",
                has_nip=False,
            )
            if delivery
            else Signatory(
                role="Petugas,",
                title=f"Petugas Loket {village} {office.kelurahan}",
                name=info.officer_name,
                nip=info.officer_nip,
            )
        ),
        collector=Signatory(
            role="Yang Menerima,",
            title=collector_title_on_paper(info.relation),
            name=info.collector_name,
            nip="",
        ),
        place_and_date=f"{office.place_name}, {handed_over_on}",
        signature=info.signature,
        copy_label="SALINAN" if copy else "",
        # Who reprinted it and when: a copy says so, on both halves.
        reprint_text=f"{writing.date_time(reprint[1], zone)} oleh {reprint[0]}" if reprint else "",
        void_text=void_text,
        desk=info.desk,
    )


RECEIPT_SERIES = "receipt"
_RECEIPT = re.compile(r"\d{6,13}-\d{4}-\d{6}")
#: Draws a receipt in a slip format ("a5", "thermal80"); supplied by loket.documents.
WriteSlip = Callable[[ReceiptSlip, Path, str], Path]


def is_receipt_number(text: str) -> bool:
    """True for a scanned receipt barcode ("3374041002-2026-000123"), not a NIK."""
    return bool(_RECEIPT.fullmatch(text.strip()))


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


@dataclass(frozen=True, slots=True)
class _Handed:
    """What a handover's slip is made of, read in one transaction."""

    office: OfficeInfo
    info: HandoverInfo
    delivery: DeliveryNote | None  # a card delivered door to door


def _handed(session: Session, handover_id: int) -> _Handed:
    office = office_or_refuse_in(session)
    info = handover_info_of(session, _load(session, handover_id))
    return _Handed(office, info, delivery_of_handover(session, handover_id))


def slip_for(database: Database, handover_id: int, copy: bool = False) -> ReceiptSlip:
    """The receipt as the renderer draws it; `copy` marks a reprint "SALINAN"."""
    with database.transaction() as session:
        handed = _handed(session, handover_id)
    return receipt_slip(handed.office, handed.info, copy, delivery=handed.delivery)


def slip_file_name(receipt_number: str, copy_suffix: str = "") -> str:
    """The original's file name; a copy's adds "-salinan-<when>", so the two never collide."""
    return f"tanda-terima-{receipt_number}{copy_suffix}.pdf"


def is_original_slip(relative_path: str, receipt_number: str) -> bool:
    """True for the register's path of the original slip of `receipt_number`, not a copy."""
    return PurePosixPath(relative_path).name == slip_file_name(receipt_number)


def _filed_original(session: Session, receipt_number: str) -> Document | None:
    """The register's row of a receipt's original, or None while it was never written."""
    documents = session.scalars(
        select(Document).where(
            Document.kind == PaperKind.RECEIPT, Document.number == receipt_number
        )
    )
    for document in documents:
        if is_original_slip(document.relative_path, receipt_number):
            return document
    return None


def _original_here(session: Session, data: DataDir, document: Document) -> Path:
    """The original's file on this PC, written from the shared database when another desk
    wrote it; where it was registered when it is neither (deleted from a desk alone)."""
    path = content.on_this_desk(session, data, document)
    return path or content.local_path(data, document.relative_path, document.kind)


def has_original(database: Database, data: DataDir, handover_id: int) -> bool:
    """True once the handover's original slip was written and registered (by any desk)."""
    with database.transaction() as session:
        number = _load(session, handover_id).receipt_number
        return _filed_original(session, number) is not None


def save_slip(
    database: Database,
    actor: StaffMember,
    handover_id: int,
    data: DataDir,
    write_slip: WriteSlip,
    copy: bool = False,
) -> Path:
    """Writes the receipt PDF under documents/receipts in the office's slip format, and files it.

    The Document row and the audit row are written only once the PDF exists. The original is
    written and registered once: asked for again (the desk's own save and another desk's
    recovery), its registered path is returned. A disk that refuses the PDF raises LoketError.
    Two transactions: every row the slip needs read in the first, the paper filed in the second.
    """
    with database.transaction() as session:
        handed = _handed(session, handover_id)
        slip_format = settings_in(session).slip_format
        if not copy:
            filed = _filed_original(session, handed.info.receipt_number)
            if filed is not None:
                return _original_here(session, data, filed)
    return _write_and_file(database, actor, handed, slip_format, data, write_slip, copy)


def save_new_slip(
    database: Database,
    actor: StaffMember,
    info: HandoverInfo,
    office: OfficeInfo,
    slip_format: SlipFormat,
    data: DataDir,
    write_slip: WriteSlip,
) -> Path:
    """`save_slip` of a handover just confirmed at the desk, from what its confirmation read
    (the office, its settings, the handover): nothing read twice. Filed under the handover's
    row lock, once, as `save_slip` files it."""
    handed = _Handed(office, info, None)  # confirmed at the desk: not a delivered card
    return _write_and_file(database, actor, handed, slip_format, data, write_slip, copy=False)


def _write_and_file(
    database: Database,
    actor: StaffMember,
    handed: _Handed,
    slip_format: SlipFormat,
    data: DataDir,
    write_slip: WriteSlip,
    copy: bool,
) -> Path:
    """The slip written to its file, then registered and audited in a transaction of its own
    (unless another desk registered the same original meanwhile)."""
    office, info = handed.office, handed.info
    now = utc_now()
    slip = receipt_slip(
        office,
        info,
        copy,
        data.root,
        delivery=handed.delivery,
        reprint=(actor.display_name, now) if copy else None,
    )
    suffix = f"-salinan-{now.astimezone(office.zone):%Y%m%d-%H%M%S}" if copy else ""
    target = paper_path(data, PaperKind.RECEIPT, slip_file_name(info.receipt_number, suffix))
    path = written(target, lambda target: write_slip(slip, target, slip_format.value))
    title = (
        _("Tanda terima KTP-el {number} (salinan)") if copy else _("Tanda terima KTP-el {number}")
    ).format(number=info.receipt_number)
    detail: dict[str, object] = {"handover_id": info.id, "receipt_number": info.receipt_number}
    note = AuditNote("receipt.reprint" if copy else "receipt.print", "card", info.card.id, detail)
    try:
        # Plain statements (db/plain.py): the handover's row locked, then the paper filed.
        with database.plain_transaction() as plain:
            plain.first(_LOCK_HANDOVER, handover_id=info.id)
            if not copy and any(
                is_original_slip(row.relative_path, info.receipt_number)
                for row in plain.all(_RECEIPTS_NUMBERED, number=info.receipt_number)
            ):
                raise _FiledMeanwhile
            file_paper_plain(
                plain, data, path, kind=PaperKind.RECEIPT, title=title, actor_id=actor.id,
                number=info.receipt_number, at=now, note=note,
            )  # fmt: skip
    except _FiledMeanwhile:  # by another desk while this one wrote the same file: that one
        with database.transaction() as session:
            filed = _filed_original(session, info.receipt_number)
            assert filed is not None
            return _original_here(session, data, filed)
    return path


class _FiledMeanwhile(Exception):
    """The original slip was registered by another desk since this one began writing it."""


_HANDOVERS = Handover.__table__
_DOCUMENTS = Document.__table__
_LOCK_HANDOVER = PlainStatement(
    select(_HANDOVERS.c.id).where(_HANDOVERS.c.id == bindparam("handover_id")).with_for_update()
)
_RECEIPTS_NUMBERED = PlainStatement(
    select(_DOCUMENTS.c.relative_path).where(
        _DOCUMENTS.c.kind == PaperKind.RECEIPT.value, _DOCUMENTS.c.number == bindparam("number")
    )
)


def why_slip_not_saved(error: BaseException) -> str:
    """Why a slip was not saved, as whole sentences to stand beside others, never inside
    brackets: a refusal already says which file and what to do; anything else is a bug."""
    if isinstance(error, LoketError):
        return error.message
    return _("PDF-nya gagal ditulis karena kesalahan program (lihat berkas log).")


@dataclass(frozen=True, slots=True)
class SavedSlip:
    path: Path
    copy: bool  # False: the original, written now because it never was


def save_reprint(
    database: Database,
    actor: StaffMember,
    handover_id: int,
    data: DataDir,
    write_slip: WriteSlip,
) -> SavedSlip:
    """What a clerk's "print again" saves: the original while it was never written (a full
    disk cut it off), else a copy marked SALINAN."""
    copy = has_original(database, data, handover_id)
    return SavedSlip(save_slip(database, actor, handover_id, data, write_slip, copy), copy)
