"""Returning cards to the kecamatan: open a return, scan each card with its reason, close it.

Closing takes the cards out of stock and writes the berita acara pengembalian in one
transaction, as closing a batch does: if the paper cannot be written nothing changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.core import audit, indonesian
from loket.core.cards import CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.errors import LoketError, NotFound
from loket.core.lookup import live_handover
from loket.core.nik import describe_problem, parse_nik
from loket.core.numbering import next_number, roman_month
from loket.core.office import OfficeInfo, get_office
from loket.core.paper_data import CardLine, ReasonCount, ReturnMinutes, Signatory
from loket.core.papers import paper_path, register_paper
from loket.core.staff import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import (
    UNSETTLED_STATES,
    Batch,
    Card,
    CardReturn,
    CardReturnLine,
    CardState,
    ReturnReason,
    ReturnStatus,
    Staff,
)
from loket.i18n import _

DOCUMENT_KIND = "berita-acara-pengembalian"
NUMBER_SERIES = "ba-kembali"
MAX_REFERENCE_LENGTH = 100
#: Cards the desk holds: in stock, or set aside at intake because they are not ours.
RETURNABLE_STATES = (CardState.IN_STOCK, CardState.SET_ASIDE)

#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteReturnMinutes = Callable[[ReturnMinutes, Path], Path]

# Official papers are in Indonesian only: these never go through the catalogue.
REASON_ON_PAPER = {
    ReturnReason.UNCLAIMED: "Tidak diambil pemiliknya",
    ReturnReason.DAMAGED: "Kartu rusak",
    ReturnReason.WRONG_KELURAHAN: "Bukan penduduk kelurahan ini",
    ReturnReason.OWNER_MOVED: "Pemilik pindah domisili",
    ReturnReason.OWNER_DECEASED: "Pemilik meninggal dunia",
}


def reason_label(reason: ReturnReason) -> str:
    return {
        ReturnReason.UNCLAIMED: _("Tidak diambil pemiliknya"),
        ReturnReason.DAMAGED: _("Kartu rusak"),
        ReturnReason.WRONG_KELURAHAN: _("Bukan penduduk kelurahan ini"),
        ReturnReason.OWNER_MOVED: _("Pemilik pindah domisili"),
        ReturnReason.OWNER_DECEASED: _("Pemilik meninggal dunia"),
    }[reason]


class ReturnScanKind(enum.Enum):
    ADDED = "added"
    ALREADY_HERE = "already_here"  # scanned twice into this return
    UNREADABLE = "unreadable"
    NOT_HERE = "not_here"  # never came, not received yet, or missing from its batch
    HANDED_OVER = "handed_over"
    RETURNED = "returned"  # already returned with an earlier berita acara
    OUT_FOR_DELIVERY = "out_for_delivery"
    IN_OTHER_RETURN = "in_other_return"


@dataclass(frozen=True, slots=True)
class ReturnLineInfo:
    card: CardInfo
    reason: ReturnReason
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReturnSummary:
    id: int
    reference: str
    status: ReturnStatus
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    berita_acara_number: str | None
    receiver_name: str
    receiver_nip: str
    lines: tuple[ReturnLineInfo, ...]  # in the order scanned

    @property
    def is_open(self) -> bool:
        return self.status is ReturnStatus.OPEN

    def count(self, reason: ReturnReason) -> int:
        return sum(1 for line in self.lines if line.reason is reason)


@dataclass(frozen=True, slots=True)
class ReturnScanOutcome:
    kind: ReturnScanKind
    nik: str  # the cleaned digits ("" when nothing readable)
    message: str  # the answer for the desk, in the interface language
    card: CardInfo | None
    reason: ReturnReason | None  # ADDED / ALREADY_HERE: the reason recorded
    total: int  # cards in this return now

    @property
    def accepted(self) -> bool:
        return self.kind is ReturnScanKind.ADDED


@dataclass(frozen=True, slots=True)
class ClosedReturn:
    summary: ReturnSummary
    number: str
    pdf_path: Path


# ---------------------------------------------------------------- queries


def _staff_name(session: Session, staff_id: int) -> str:
    staff = session.get(Staff, staff_id)
    return (staff.full_name or staff.username) if staff else ""


def _rows(session: Session, card_return: CardReturn) -> list[tuple[CardReturnLine, Card]]:
    rows = session.execute(
        select(CardReturnLine, Card)
        .join(Card, CardReturnLine.card_id == Card.id)
        .where(CardReturnLine.return_id == card_return.id)
        .order_by(CardReturnLine.id)
    ).all()
    return [(line, card) for line, card in rows]


def _summary(session: Session, card_return: CardReturn) -> ReturnSummary:
    return ReturnSummary(
        id=card_return.id,
        reference=card_return.reference,
        status=card_return.status,
        opened_at=card_return.opened_at,
        opened_by=_staff_name(session, card_return.opened_by_id),
        closed_at=card_return.closed_at,
        berita_acara_number=card_return.berita_acara_number,
        receiver_name=card_return.receiver_name,
        receiver_nip=card_return.receiver_nip,
        lines=tuple(
            ReturnLineInfo(card_info(card), line.reason, line.added_at)
            for line, card in _rows(session, card_return)
        ),
    )


def _load(session: Session, return_id: int) -> CardReturn:
    card_return = session.get(CardReturn, return_id)
    if card_return is None:
        raise NotFound(_("Pengembalian tidak ditemukan."))
    return card_return


def _load_open(session: Session, return_id: int) -> CardReturn:
    card_return = _load(session, return_id)
    if card_return.status is not ReturnStatus.OPEN:
        raise LoketError(
            _("Pengembalian ini sudah ditutup dengan berita acara {number}.").format(
                number=card_return.berita_acara_number or "-"
            )
        )
    return card_return


def return_summary(database: Database, return_id: int) -> ReturnSummary:
    with database.transaction() as session:
        return _summary(session, _load(session, return_id))


def open_returns(database: Database) -> list[ReturnSummary]:
    """Returns still being filled, newest first: where the desk carries on after a restart."""
    with database.transaction() as session:
        rows = session.scalars(
            select(CardReturn)
            .where(CardReturn.status == ReturnStatus.OPEN)
            .order_by(CardReturn.id.desc())
        ).all()
        return [_summary(session, row) for row in rows]


# ---------------------------------------------------------------- opening and filling


def _clean_reference(reference: str) -> str:
    reference = " ".join(reference.split())
    if len(reference) > MAX_REFERENCE_LENGTH:
        raise LoketError(_("Nomor surat pengantar terlalu panjang."))
    return reference


def open_return(
    database: Database,
    actor: StaffMember,
    reference: str = "",
    receiver_name: str = "",
    receiver_nip: str = "",
) -> ReturnSummary:
    """Starts a return; the receiver at the kecamatan may be filled in later (set_receiver)."""
    reference = _clean_reference(reference)
    with database.transaction() as session:
        card_return = CardReturn(
            reference=reference,
            status=ReturnStatus.OPEN,
            opened_at=utc_now(),
            opened_by_id=actor.id,
            receiver_name=" ".join(receiver_name.split())[:120],
            receiver_nip=receiver_nip.replace(" ", "")[:30],
        )
        session.add(card_return)
        session.flush()
        audit.record(
            session, actor.id, "return.open", "card_return", card_return.id, reference=reference
        )
        session.flush()
        return _summary(session, card_return)


def set_receiver(
    database: Database,
    actor: StaffMember,
    return_id: int,
    reference: str,
    receiver_name: str,
    receiver_nip: str = "",
) -> ReturnSummary:
    """The covering letter number and the kecamatan officer who receives the cards."""
    reference = _clean_reference(reference)
    with database.transaction() as session:
        card_return = _load_open(session, return_id)
        card_return.reference = reference
        card_return.receiver_name = " ".join(receiver_name.split())[:120]
        card_return.receiver_nip = receiver_nip.replace(" ", "")[:30]
        audit.record(
            session,
            actor.id,
            "return.receiver",
            "card_return",
            card_return.id,
            reference=reference,
            receiver=card_return.receiver_name,
        )
        session.flush()
        return _summary(session, card_return)


def _total(session: Session, card_return: CardReturn) -> int:
    return (
        session.scalar(
            select(func.count(CardReturnLine.id)).where(CardReturnLine.return_id == card_return.id)
        )
        or 0
    )


def _most_relevant(session: Session, nik: str) -> Card | None:
    """The NIK's unsettled card if there is one, else its latest card."""
    cards = list(session.scalars(select(Card).where(Card.nik == nik).order_by(Card.id)))
    unsettled = [card for card in cards if card.state in UNSETTLED_STATES]
    chosen = unsettled or cards
    return chosen[-1] if chosen else None


def _refusal(session: Session, card: Card) -> tuple[ReturnScanKind, str]:
    """Why a card the desk does not hold cannot go back, saying where it is."""
    name = card.name or card.nik
    reference = session.get_one(Batch, card.batch_id).reference
    if card.state is CardState.HANDED_OVER:
        handover = live_handover(session, card.id)
        return ReturnScanKind.HANDED_OVER, _(
            "Kartu {name} sudah diserahkan kepada {collector} dengan tanda terima {receipt}. "
            "Kartu ini tidak bisa dikembalikan."
        ).format(
            name=name,
            collector=handover.collector_name if handover else "-",
            receipt=handover.receipt_number if handover else "-",
        )
    if card.state is CardState.RETURNED:
        return ReturnScanKind.RETURNED, _(
            "Kartu {name} sudah dikembalikan ke kecamatan dengan berita acara {number}."
        ).format(name=name, number=card.return_berita_acara_number or "-")
    if card.state is CardState.OUT_FOR_DELIVERY:
        return ReturnScanKind.OUT_FOR_DELIVERY, _(
            "Kartu {name} sedang diantar ke rumah pemiliknya. Catat dulu hasil pengantarannya."
        ).format(name=name)
    if card.state is CardState.EXPECTED:
        return ReturnScanKind.NOT_HERE, _(
            "Kartu {name} belum diterima di loket (kiriman {reference}). "
            "Terima dulu kartunya di halaman penerimaan."
        ).format(name=name, reference=reference)
    return ReturnScanKind.NOT_HERE, _(
        "Kartu {name} tidak datang bersama kiriman {reference}, jadi tidak ada di loket."
    ).format(name=name, reference=reference)


def add_card(
    database: Database,
    actor: StaffMember,
    return_id: int,
    nik_text: str,
    reason: ReturnReason,
    today: dt.date | None = None,
) -> ReturnScanOutcome:
    """Puts one scanned (or typed) card in the return, or says why not. Committed on return."""
    try:
        return _add_card(database, actor, return_id, nik_text, reason, today)
    except IntegrityError:
        # Another desk put the same card in a return a moment ago: the answer now says so.
        return _add_card(database, actor, return_id, nik_text, reason, today)


def _add_card(
    database: Database,
    actor: StaffMember,
    return_id: int,
    nik_text: str,
    reason: ReturnReason,
    today: dt.date | None,
) -> ReturnScanOutcome:
    check = parse_nik(nik_text[:200], today)
    digits = check.cleaned if check.cleaned.isdigit() else ""
    with database.transaction() as session:
        card_return = _load_open(session, return_id)

        def answer(
            kind: ReturnScanKind, message: str, card: Card | None, kept: ReturnReason | None = None
        ) -> ReturnScanOutcome:
            info = card_info(card) if card else None
            return ReturnScanOutcome(
                kind, digits, message, info, kept, _total(session, card_return)
            )

        if check.nik is None:
            assert check.problem is not None
            message = describe_problem(check.problem, check.cleaned)
            return answer(ReturnScanKind.UNREADABLE, message, None)
        card = _most_relevant(session, check.nik.digits)
        if card is None:
            message = _("Tidak ada kartu dengan NIK {nik} di kelurahan ini.").format(
                nik=check.nik.digits
            )
            return answer(ReturnScanKind.NOT_HERE, message, None)
        name = card.name or card.nik
        line = session.scalar(select(CardReturnLine).where(CardReturnLine.card_id == card.id))
        if line is not None and line.return_id == card_return.id:
            message = _("Kartu {name} sudah ada di pengembalian ini ({reason}).").format(
                name=name, reason=reason_label(line.reason)
            )
            return answer(ReturnScanKind.ALREADY_HERE, message, card, line.reason)
        if line is not None and card.state in RETURNABLE_STATES:
            other = session.get_one(CardReturn, line.return_id)
            message = _(
                "Kartu {name} sudah masuk pengembalian lain yang belum ditutup "
                "(dibuka oleh {opened_by}). Keluarkan dulu dari sana."
            ).format(name=name, opened_by=_staff_name(session, other.opened_by_id))
            return answer(ReturnScanKind.IN_OTHER_RETURN, message, card)
        if card.state not in RETURNABLE_STATES:
            kind, message = _refusal(session, card)
            return answer(kind, message, card)
        session.add(
            CardReturnLine(
                return_id=card_return.id,
                card_id=card.id,
                reason=reason,
                added_at=utc_now(),
                added_by_id=actor.id,
            )
        )
        audit.record(
            session,
            actor.id,
            "return.card_added",
            "card",
            card.id,
            return_id=card_return.id,
            nik=card.nik,
            reason=reason.value,
        )
        session.flush()
        message = _("Kartu {name} masuk pengembalian: {reason}.").format(
            name=name, reason=reason_label(reason)
        )
        return answer(ReturnScanKind.ADDED, message, card, reason)


def remove_card(
    database: Database, actor: StaffMember, return_id: int, card_id: int
) -> ReturnSummary:
    """Takes a card out of an open return; it stays in stock."""
    with database.transaction() as session:
        card_return = _load_open(session, return_id)
        line = session.scalar(
            select(CardReturnLine).where(
                CardReturnLine.return_id == card_return.id, CardReturnLine.card_id == card_id
            )
        )
        if line is None:
            raise NotFound(_("Kartu ini tidak ada di pengembalian ini."))
        session.delete(line)
        audit.record(
            session, actor.id, "return.card_removed", "card", card_id, return_id=card_return.id
        )
        session.flush()
        return _summary(session, card_return)


# ---------------------------------------------------------------- closing


def close_return(
    database: Database,
    actor: StaffMember,
    return_id: int,
    data: DataDir,
    write: WriteReturnMinutes,
) -> ClosedReturn:
    """Marks every card returned, numbers and writes the berita acara, closes: all or nothing.

    The PDF is written inside the transaction; if writing fails nothing changes, and the
    number is given back.
    """
    office = get_office(database)
    if office is None:
        raise LoketError(_("Data kantor belum diisi. Minta admin mengisi pengaturan kantor."))
    now = utc_now()
    local_now = now.astimezone(office.zone)
    with database.transaction() as session:
        card_return = _load_open(session, return_id)
        rows = _rows(session, card_return)
        if not rows:
            raise LoketError(
                _("Belum ada kartu di pengembalian ini. Pindai dulu kartu yang dikembalikan.")
            )
        gone = [card for _line, card in rows if card.state not in RETURNABLE_STATES]
        if gone:
            raise LoketError(
                _(
                    "Kartu berikut sudah tidak ada di loket: {cards}. "
                    "Keluarkan dulu dari pengembalian ini."
                ).format(cards=", ".join(f"{c.name or '-'} ({c.nik})" for c in gone))
            )
        sequence = next_number(session, NUMBER_SERIES, local_now.year)
        number = f"474/{sequence:04d}/BA-KEMBALI/{roman_month(local_now.month)}/{local_now.year}"
        for line, card in rows:
            card.state = CardState.RETURNED
            card.returned_at = now
            card.return_berita_acara_number = number
            audit.record(
                session,
                actor.id,
                "card.returned",
                "card",
                card.id,
                number=number,
                reason=line.reason.value,
            )
        card_return.status = ReturnStatus.CLOSED
        card_return.closed_at = now
        card_return.closed_by_id = actor.id
        card_return.berita_acara_number = number
        session.flush()
        minutes = _minutes(office, actor, card_return, rows, number, local_now.date(), data)
        filename = f"BA-kembali-{local_now.year}-{sequence:04d}-return-{card_return.id}.pdf"
        pdf_path = write(minutes, paper_path(data, DOCUMENT_KIND, filename))
        register_paper(
            session,
            data,
            kind=DOCUMENT_KIND,
            number=number,
            title=f"Berita acara pengembalian KTP-el ke Kecamatan {office.kecamatan}",
            path=pdf_path,
            staff_id=actor.id,
            at=now,
        )
        audit.record(
            session,
            actor.id,
            "return.close",
            "card_return",
            card_return.id,
            number=number,
            cards=len(rows),
            document=pdf_path.name,
        )
        session.flush()
        return ClosedReturn(_summary(session, card_return), number, pdf_path)


def _minutes(
    office: OfficeInfo,
    actor: StaffMember,
    card_return: CardReturn,
    rows: list[tuple[CardReturnLine, Card]],
    number: str,
    today: dt.date,
    data: DataDir,
) -> ReturnMinutes:
    words = indonesian.count_in_words
    order = list(ReturnReason)
    grouped = sorted(rows, key=lambda row: (order.index(row[0].reason), row[0].id))
    village = "Desa" if office.is_desa else "Kelurahan"
    return ReturnMinutes(
        letterhead=office.letterhead(data.root),
        number=number,
        place_and_date=f"{office.place_name}, {indonesian.long_date(today)}",
        day_sentence=indonesian.day_sentence(today),
        reference=card_return.reference,
        kecamatan_name=office.kecamatan,
        kelurahan_name=office.kelurahan,
        village_word=village,
        total_text=words(len(rows)),
        reasons=tuple(
            ReasonCount(REASON_ON_PAPER[reason], words(count))
            for reason in order
            if (count := sum(1 for line, _card in rows if line.reason is reason))
        ),
        lines=tuple(
            CardLine(card.nik, card.name or "-", REASON_ON_PAPER[line.reason])
            for line, card in grouped
        ),
        signatories=(
            Signatory(
                role="Yang Menyerahkan,",
                title=f"Petugas Loket {village} {office.kelurahan}",
                name=actor.display_name,
                nip=actor.nip,
            ),
            Signatory(
                role="Yang Menerima,",
                title=f"Petugas Kecamatan {office.kecamatan}",
                name=card_return.receiver_name,
                nip=card_return.receiver_nip,
            ),
        ),
        acknowledged_by=Signatory(
            role="Mengetahui,",
            title=f"Kepala Desa {office.kelurahan}"
            if office.is_desa
            else f"Lurah {office.kelurahan}",
            name=office.lurah_name,
            nip=office.lurah_nip,
        ),
    )
