"""Closing a return: the cards leave stock and the berita acara pengembalian is written, or
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.papers.filing import AuditNote, paper_path, take_number, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import CardLine, Signatory
from loket.core.returns.filling import (
    RETURNABLE_STATES,
    ReturnSummary,
    WriteReturnMinutes,
    load_open_return,
    return_rows,
    summary_of,
)
from loket.core.returns.paper import REASON_ON_PAPER, ReasonCount, ReturnMinutes
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, CardReturn, CardReturnLine
from loket.domain.errors import LoketError
from loket.domain.states import CardState, ReturnReason, ReturnStatus
from loket.i18n import _


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
    office = office_or_refuse(database)
    now = utc_now()
    local_now = now.astimezone(office.zone)
    with database.transaction() as session:
        card_return = load_open_return(session, return_id)
        rows = return_rows(session, card_return)
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
        paper_number = take_number(session, NUMBER_SERIES, "BA-KEMBALI", local_now)
        number = paper_number.text
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
        minutes = audit.with_head(
            session, _minutes(office, actor, card_return, rows, number, local_now.date(), data)
        )
        filename = (
            f"BA-kembali-{paper_number.year}-{paper_number.sequence:04d}"
            f"-return-{card_return.id}.pdf"
        )
        pdf_path = write_paper(
            session,
            data,
            paper_path(data, PaperKind.RETURN_MINUTES, filename),
            lambda target: write(minutes, target),
            kind=PaperKind.RETURN_MINUTES,
            title=f"Berita acara pengembalian KTP-el ke Kecamatan {office.kecamatan}",
            actor_id=actor.id,
            number=number,
            at=now,
            note=AuditNote("return.close", "card_return", card_return.id, {"cards": len(rows)}),
        )
        return ClosedReturn(summary_of(session, card_return), number, pdf_path)


def _minutes(
    office: OfficeInfo,
    actor: StaffMember,
    card_return: CardReturn,
    rows: list[tuple[CardReturnLine, Card]],
    number: str,
    today: dt.date,
    data: DataDir,
) -> ReturnMinutes:
    words = writing.count_in_words
    order = list(ReturnReason)
    grouped = sorted(rows, key=lambda row: (order.index(row[0].reason), row[0].id))
    village = "Desa" if office.is_desa else "Kelurahan"
    return ReturnMinutes(
        letterhead=office.letterhead(data.root),
        number=number,
        place_and_date=f"{office.place_name}, {writing.long_date(today)}",
        day_sentence=writing.day_sentence(today),
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
            CardLine(card.nik, name_on_paper(card.name), REASON_ON_PAPER[line.reason])
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


NUMBER_SERIES = "ba-kembali"


@dataclass(frozen=True, slots=True)
class ClosedReturn:
    summary: ReturnSummary
    number: str
    pdf_path: Path
