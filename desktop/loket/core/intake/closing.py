"""Closing a batch: the discrepancies, then the berita acara penerimaan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.cards import CARD_COLUMNS, CardInfo, card_info
from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.intake.batches import BatchInfo, batch_info_of, load_batch
from loket.core.intake.paper import BatchReceiptMinutes
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.papers.filing import AuditNote, paper_path, take_number, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import CardLine, Signatory
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Batch, Card
from loket.domain.errors import LoketError
from loket.domain.states import BatchStatus, CardState
from loket.i18n import _

NUMBER_SERIES = "ba-terima"

#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteMinutes = Callable[[BatchReceiptMinutes, Path], Path]


@dataclass(frozen=True, slots=True)
class Discrepancies:
    batch: BatchInfo
    missing: tuple[CardInfo, ...]  # on the list, not scanned
    extra: tuple[CardInfo, ...]  # scanned, not on the list, kept
    set_aside: tuple[CardInfo, ...]  # scanned, not on the list, set aside
    received: tuple[CardInfo, ...] = ()  # every card, for a batch that came without a list
    typed: tuple[CardInfo, ...] = ()  # on the list and received, the NIK typed by hand


@dataclass(frozen=True, slots=True)
class ClosedBatch:
    batch: BatchInfo
    number: str
    pdf_path: Path


def _batch_cards(session: Session, batch_id: int) -> list[CardInfo]:
    """As plain rows: 20,000 ORM objects would cost a second."""
    rows = session.execute(
        select(*CARD_COLUMNS).where(Card.batch_id == batch_id).order_by(Card.manifest_row, Card.id)
    )
    return [card_info(row) for row in rows]


def _discrepancies(session: Session, batch: Batch) -> Discrepancies:
    cards = _batch_cards(session, batch.id)
    missing = tuple(
        c for c in cards if c.on_manifest and c.state in (CardState.EXPECTED, CardState.MISSING)
    )
    unlisted = [c for c in cards if not c.on_manifest] if batch.has_manifest else []
    return Discrepancies(
        batch=batch_info_of(session, batch),
        missing=missing,
        extra=tuple(c for c in unlisted if c.state is not CardState.SET_ASIDE),
        set_aside=tuple(c for c in unlisted if c.state is CardState.SET_ASIDE),
        received=() if batch.has_manifest else tuple(cards),
        typed=tuple(
            c for c in cards if c.on_manifest and c.typed and c.state is not CardState.MISSING
        )
        if batch.has_manifest
        else (),
    )


def discrepancies(database: Database, batch_id: int) -> Discrepancies:
    with database.transaction() as session:
        return _discrepancies(session, load_batch(session, batch_id))


def close_batch(
    database: Database,
    actor: StaffMember,
    batch_id: int,
    data: DataDir,
    write_minutes: WriteMinutes,
) -> ClosedBatch:
    """Marks missing cards, numbers and writes the berita acara, closes the batch: all or nothing.

    The PDF is written inside the transaction; if writing fails nothing is closed, and the
    number is given back.
    """
    office = office_or_refuse(database)
    now = utc_now()
    local_now = now.astimezone(office.zone)
    with database.transaction() as session:
        batch = load_batch(session, batch_id, lock=True)
        if batch.status is not BatchStatus.OPEN:
            raise LoketError(
                _("Kiriman {reference} sudah ditutup dengan berita acara {number}.").format(
                    reference=batch.reference, number=batch.berita_acara_number or "-"
                )
            )
        number = take_number(session, NUMBER_SERIES, "BA-TERIMA", local_now)
        marked = _mark_missing(session, batch.id)
        # Read after marking: what the paper lists is exactly what the database now says.
        found = _discrepancies(session, batch)
        batch.status = BatchStatus.CLOSED
        batch.closed_at = now
        batch.closed_by_id = actor.id
        batch.berita_acara_number = number.text
        session.flush()
        minutes = audit.with_head(
            session, _minutes(office, actor, found, number.text, local_now.date(), data)
        )
        filename = f"BA-terima-{number.year}-{number.sequence:04d}-batch-{batch.id}.pdf"
        pdf_path = write_paper(
            session,
            data,
            paper_path(data, PaperKind.BERITA_ACARA, filename),
            lambda target: write_minutes(minutes, target),
            kind=PaperKind.BERITA_ACARA,
            title=f"Berita acara penerimaan kiriman {batch.reference}",
            actor_id=actor.id,
            number=number.text,
            at=now,
            note=AuditNote(
                "batch.close",
                "batch",
                batch.id,
                {
                    "missing": len(found.missing),
                    "marked_missing": marked,
                    "extra": len(found.extra),
                    "set_aside": len(found.set_aside),
                },
            ),
        )
        return ClosedBatch(batch_info_of(session, batch), number.text, pdf_path)


def _mark_missing(session: Session, batch_id: int) -> int:
    """Every card of the batch still expected becomes missing, in one statement; how many."""
    result = session.execute(
        update(Card)
        .where(Card.batch_id == batch_id, Card.state == CardState.EXPECTED)
        .values(state=CardState.MISSING)
        # No card of the batch is loaded in this session: nothing to bring up to date.
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def _rt_rw(card: CardInfo) -> str:
    return f"{card.rt or '-'}/{card.rw or '-'}" if card.rt or card.rw else ""


def _lines(cards: tuple[CardInfo, ...], note: Callable[[CardInfo], str]) -> tuple[CardLine, ...]:
    return tuple(CardLine(c.nik, name_on_paper(c.name), note(c), _rt_rw(c)) for c in cards)


def _minutes(
    office: OfficeInfo,
    actor: StaffMember,
    found: Discrepancies,
    number: str,
    today: dt.date,
    data: DataDir,
) -> BatchReceiptMinutes:
    counts = found.batch.counts
    words = writing.count_in_words
    # Official papers are in Indonesian only: nothing on them goes through the catalogue.
    typed_note = "NIK diketik manual"
    set_aside_note = "Disisihkan, disimpan sampai dikembalikan ke kecamatan"
    typed_count = len(found.typed) + sum(
        1 for c in found.extra + found.set_aside + found.received if c.typed
    )
    village = "Desa" if office.is_desa else "Kelurahan"
    return BatchReceiptMinutes(
        letterhead=office.letterhead(data.root),
        number=number,
        place_and_date=f"{office.place_name}, {writing.long_date(today)}",
        date=writing.long_date(today),
        day_sentence=writing.day_sentence(today),
        letter_reference=found.batch.reference,
        letter_date=writing.long_date(found.batch.letter_date),
        courier_name=found.batch.courier_name,
        kecamatan_name=office.kecamatan,
        kelurahan_name=office.kelurahan,
        has_manifest=found.batch.has_manifest,
        expected_text=words(counts.expected),
        received_text=words(counts.received),
        missing_text=words(counts.missing),
        extra_text=words(counts.extra),
        set_aside_text=words(counts.set_aside),
        set_aside_count=counts.set_aside,
        # What physically changed hands: every card scanned in, set aside or not.
        total_text=words(counts.received + counts.extra),
        typed_text=words(typed_count) if typed_count else "",
        typed=_lines(found.typed, lambda c: typed_note),
        typed_listed_text=words(len(found.typed)),
        missing=_lines(found.missing, lambda c: ""),
        extra=_lines(
            found.extra + found.set_aside,
            lambda c: (
                set_aside_note
                if c.state is CardState.SET_ASIDE
                else (typed_note if c.typed else f"Disimpan di {village.lower()}")
            ),
        ),
        received=_lines(
            found.received,
            lambda c: (
                set_aside_note
                if c.state is CardState.SET_ASIDE
                else (typed_note if c.typed else "")
            ),
        ),
        signatories=(
            Signatory(
                role="Yang Menyerahkan,",
                title=f"Petugas Kecamatan {office.kecamatan}",
                name=found.batch.courier_name,
                nip="",
            ),
            Signatory(
                role="Yang Menerima,",
                title=f"Petugas Loket {village} {office.kelurahan}",
                name=actor.display_name,
                nip=actor.nip,
            ),
        ),
        acknowledged_by=Signatory(
            role="Mengetahui,",
            title=("Kepala Desa {name}" if office.is_desa else "Lurah {name}").format(
                name=office.kelurahan
            ),
            name=office.lurah_name,
            nip=office.lurah_nip,
        ),
    )
