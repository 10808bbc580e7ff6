"""Old cards handed in at the desk, destroyed and accounted for: berita acara pemusnahan.

Every live (not voided) handover whose old card was handed in (surrendered whole or damaged)
within a period of office days goes on the list, by name and address. Making the paper is one
transaction, as closing a return is: number, audit row, PDF and its register entry, or nothing.
The same days may be listed again (a paper lost, a period redone); the desk is told which
numbers already cover them, read from the audit rows of earlier papers (no table of its own).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.destruction.paper import DestructionMinutes, OldCardLine, Witness
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.indonesia.nip import clean_nip, nip_problem
from loket.core.indonesia.zones import local_days
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.papers.filing import AuditNote, paper_path, take_number, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import Signatory
from loket.core.settings.shared import DestructionMethod, load_settings
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, Handover
from loket.domain.errors import LoketError
from loket.domain.states import OldCardFate
from loket.i18n import _

NUMBER_SERIES = "ba-musnah"
AUDIT_ACTION = "old_cards.destroyed"
#: The audit rows' entity: found through the (entity, entity_id) index, never a full scan.
AUDIT_ENTITY = "old_card_destruction"
#: Old cards the resident handed in; a lost card (police letter) or a first card leaves nothing.
HANDED_IN = (OldCardFate.SURRENDERED, OldCardFate.DAMAGED)
MAX_PERIOD_DAYS = 366
MAX_WITNESS_NAME = 120


@dataclass(frozen=True, slots=True)
class OldCard:
    """One old card handed in, with the handover that took it."""

    handover_id: int
    receipt_number: str
    handed_over_at: dt.datetime  # UTC
    nik: str
    name: str
    address: str
    rt: str
    rw: str
    fate: OldCardFate


@dataclass(frozen=True, slots=True)
class EarlierDestruction:
    """A berita acara pemusnahan already made for some of the same days."""

    number: str
    start: dt.date
    end: dt.date
    cards: int


@dataclass(frozen=True, slots=True)
class DestructionPreview:
    start: dt.date
    end: dt.date
    cards: tuple[OldCard, ...]  # in the order handed over
    earlier: tuple[EarlierDestruction, ...]  # papers whose days overlap these, oldest first

    @property
    def total(self) -> int:
        return len(self.cards)

    def count(self, fate: OldCardFate) -> int:
        return sum(1 for card in self.cards if card.fate is fate)


@dataclass(frozen=True, slots=True)
class DestructionDone:
    number: str
    pdf_path: Path
    preview: DestructionPreview


#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteDestructionMinutes = Callable[[DestructionMinutes, Path], Path]


# ---------------------------------------------------------------- the period


def period_bounds(start: dt.date, end: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """From midnight of `start` to midnight after `end`, on the office's clock, in UTC."""
    return local_days(start, end + dt.timedelta(days=1), zone)


def period_text(start: dt.date, end: dt.date) -> str:
    """As the paper writes it (Indonesian only)."""
    if start == end:
        return f"tanggal {writing.long_date(start)}"
    return f"{writing.long_date(start)} sampai dengan {writing.long_date(end)}"


def _check_period(start: dt.date, end: dt.date, today: dt.date) -> None:
    if start > end:
        raise LoketError(
            _(
                "Tanggal awal ({start}) sesudah tanggal akhir ({end}). Tukar kedua tanggalnya."
            ).format(start=writing.long_date(start), end=writing.long_date(end))
        )
    if end > today:
        raise LoketError(
            _(
                "Tanggal akhir ({end}) belum lewat. Periode paling jauh sampai hari ini ({today})."
            ).format(end=writing.long_date(end), today=writing.long_date(today))
        )
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise LoketError(
            _("Periode paling lama satu tahun. Buat berita acara per bulan atau per tahun.")
        )


def _today(office: OfficeInfo, today: dt.date | None) -> dt.date:
    return today or utc_now().astimezone(office.zone).date()


# ---------------------------------------------------------------- reading


def _old_cards(
    session: Session, start: dt.date, end: dt.date, zone: ZoneInfo
) -> tuple[OldCard, ...]:
    lower, upper = period_bounds(start, end, zone)
    rows = session.execute(
        select(Handover, Card)
        .join(Card, Handover.card_id == Card.id)
        .where(
            Handover.voided.is_(False),
            Handover.old_card.in_(HANDED_IN),
            Handover.handed_over_at >= lower,
            Handover.handed_over_at < upper,
        )
        .order_by(Handover.handed_over_at, Handover.id)
    ).all()
    return tuple(
        OldCard(
            handover_id=handover.id,
            receipt_number=handover.receipt_number,
            handed_over_at=handover.handed_over_at,
            nik=card.nik,
            name=card.name,
            address=card.address,
            rt=card.rt,
            rw=card.rw,
            fate=handover.old_card,
        )
        for handover, card in rows
    )


def _earlier(session: Session, start: dt.date, end: dt.date) -> tuple[EarlierDestruction, ...]:
    """Papers already made whose days overlap [start, end], from their audit rows."""
    found = []
    details = session.scalars(
        select(AuditEntry.detail)
        .where(AuditEntry.entity == AUDIT_ENTITY, AuditEntry.action == AUDIT_ACTION)
        .order_by(AuditEntry.id)
    )
    for detail in details:
        try:
            made = json.loads(detail)
            first = dt.date.fromisoformat(made["start"])
            last = dt.date.fromisoformat(made["end"])
            number, cards = str(made["number"]), int(made["cards"])
        except (ValueError, KeyError, TypeError):
            continue  # a row that cannot be read tells nothing about overlaps
        if first <= end and start <= last:
            found.append(EarlierDestruction(number, first, last, cards))
    return tuple(found)


def preview_destruction(
    database: Database, start: dt.date, end: dt.date, today: dt.date | None = None
) -> DestructionPreview:
    """The old cards handed in over the period, and the papers that already cover its days."""
    office = office_or_refuse(database)
    _check_period(start, end, _today(office, today))
    with database.transaction() as session:
        return DestructionPreview(
            start, end, _old_cards(session, start, end, office.zone), _earlier(session, start, end)
        )


# ---------------------------------------------------------------- making the paper


def create_destruction(
    database: Database,
    actor: StaffMember,
    start: dt.date,
    end: dt.date,
    data: DataDir,
    write: WriteDestructionMinutes,
    witnesses: Sequence[Witness] = (Witness(), Witness()),
    today: dt.date | None = None,
) -> DestructionDone:
    """Numbers and writes the berita acara pemusnahan for the period: all or nothing.

    Refused (LoketError) when no old card was handed in over the period. The PDF is written
    inside the transaction; if writing fails nothing is kept and the number is given back.
    """
    office = office_or_refuse(database)
    now = utc_now()
    local_now = now.astimezone(office.zone)
    _check_period(start, end, _today(office, today))
    names = tuple(_clean_witness(witness) for witness in witnesses)
    for witness in names:
        if problem := nip_problem(witness.nip, _("saksi {name}").format(name=witness.name)):
            raise LoketError(problem)
    method = load_settings(database).destruction_method
    with database.transaction() as session:
        cards = _old_cards(session, start, end, office.zone)
        if not cards:
            raise LoketError(
                _(
                    "Tidak ada KTP lama yang diserahkan pada {period}. Tidak ada yang "
                    "dimusnahkan, jadi berita acara tidak dibuat."
                ).format(period=period_text(start, end))
            )
        preview = DestructionPreview(start, end, cards, _earlier(session, start, end))
        paper_number = take_number(session, NUMBER_SERIES, "BA-MUSNAH", local_now)
        number = paper_number.text
        minutes = audit.with_head(
            session, _minutes(office, actor, preview, number, local_now.date(), names, data)
        )
        minutes = dataclasses.replace(minutes, method_text=METHOD_ON_PAPER[method])
        filename = (
            f"BA-musnah-{paper_number.year}-{paper_number.sequence:04d}"
            f"-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
        )
        detail: dict[str, object] = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "cards": len(cards),
            "surrendered": preview.count(OldCardFate.SURRENDERED),
            "damaged": preview.count(OldCardFate.DAMAGED),
            "handover_ids": [card.handover_id for card in cards],
            "witnesses": [w.name for w in names if w.name],
            "method": method.value,
        }
        pdf_path = write_paper(
            session,
            data,
            paper_path(data, PaperKind.DESTRUCTION_MINUTES, filename),
            lambda target: write(minutes, target),
            kind=PaperKind.DESTRUCTION_MINUTES,
            title=f"Berita acara pemusnahan KTP-el lama {period_text(start, end)}",
            actor_id=actor.id,
            number=number,
            at=now,
            note=AuditNote(AUDIT_ACTION, AUDIT_ENTITY, None, detail),
        )
        return DestructionDone(number, pdf_path, preview)


#: Official papers are in Indonesian only: these never go through the catalogue.
METHOD_ON_PAPER = {
    DestructionMethod.BURNING: (
        "dibakar sampai habis sehingga tidak dapat dipergunakan lagi, sesuai Surat Edaran "
        "Menteri Dalam Negeri Nomor 470.13/11176/SJ Tahun 2018"
    ),
    DestructionMethod.CUTTING: (
        "digunting menjadi beberapa bagian sehingga tidak dapat dipergunakan lagi"
    ),
    DestructionMethod.SHREDDING: (
        "dihancurkan dengan mesin penghancur sehingga tidak dapat dipergunakan lagi"
    ),
}


def _clean_witness(witness: Witness) -> Witness:
    def clean(text: str, most: int) -> str:
        return " ".join(text.split())[:most]

    return Witness(
        clean(witness.name, MAX_WITNESS_NAME),
        clean(witness.title, MAX_WITNESS_NAME),
        clean_nip(witness.nip),
    )


def address_with_rt_rw(card: OldCard) -> str:
    rt_rw = f"RT {card.rt}/RW {card.rw}" if card.rt or card.rw else ""
    return ", ".join(part for part in (card.address.strip(), rt_rw) if part) or "-"


def _minutes(
    office: OfficeInfo,
    actor: StaffMember,
    preview: DestructionPreview,
    number: str,
    today: dt.date,
    witnesses: tuple[Witness, ...],
    data: DataDir,
) -> DestructionMinutes:
    words = writing.count_in_words
    village = f"{'Desa' if office.is_desa else 'Kelurahan'} {office.kelurahan}"
    return DestructionMinutes(
        letterhead=office.letterhead(data.root),
        number=number,
        place_and_date=f"{office.place_name}, {writing.long_date(today)}",
        day_sentence=writing.day_sentence(today),
        period_text=period_text(preview.start, preview.end),
        place_text=", ".join(
            p for p in (f"Kantor {village}", f"Kecamatan {office.kecamatan}", office.kota) if p
        ),
        village_text=village,
        surrendered_text=words(preview.count(OldCardFate.SURRENDERED)),
        damaged_text=words(preview.count(OldCardFate.DAMAGED)),
        total_text=words(preview.total),
        lines=tuple(
            OldCardLine(
                nik=card.nik,
                name=name_on_paper(card.name),
                address=address_with_rt_rw(card),
                handed_over_on=f"{card.handed_over_at.astimezone(office.zone):%d-%m-%Y}",
                receipt_number=card.receipt_number,
                damaged=card.fate is OldCardFate.DAMAGED,
            )
            for card in preview.cards
        ),
        executor=Signatory(
            role="Yang Melaksanakan Pemusnahan,",
            title=f"Petugas Loket {village}",
            name=actor.display_name,
            nip=actor.nip,
        ),
        acknowledged_by=Signatory(
            role="Mengetahui,",
            title=f"Kepala Desa {office.kelurahan}"
            if office.is_desa
            else f"Lurah {office.kelurahan}",
            name=office.lurah_name,
            nip=office.lurah_nip,
        ),
        witnesses=witnesses,
    )
