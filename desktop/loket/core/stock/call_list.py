"""Daftar panggilan: cards waiting too long, grouped by RW and RT, for the RT heads to call.

The cards are those the stock page shows for the same filter (in stock, waiting more than
N working days, holidays and cuti bersama not counted), so the paper and the screen agree.

The NIK is printed as every paper that leaves the office prints it (core/papers/paper.py):
RT heads pin the list up or photograph it for the neighbourhood's chat group, and need only
the name and address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from loket.core.cards import CardInfo
from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import OfficeInfo, office_or_refuse
from loket.core.office.signatories import acknowledged_by, petugas
from loket.core.papers.filing import AuditNote, free_paper_path, take_number, write_paper
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import nik_leaving_office
from loket.core.settings.shared import OfficeSettings, RepresentativePolicy, load_settings
from loket.core.staff.members import StaffMember
from loket.core.stock import queries
from loket.core.stock.paper import CallLine, CallListPaper, RtGroup, RwGroup
from loket.core.stock.queries import StockColumn, StockFilter, StockSort, neighbourhood_code
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.errors import LoketError
from loket.i18n import _

TITLE = "DAFTAR PANGGILAN PENGAMBILAN KTP-el"
NUMBER_SERIES = "panggilan"
MAX_DAYS = 365


class NothingToCall(LoketError):
    """No card waits that long: good news, not a failure; no paper is made."""


# Official papers are in Indonesian only: these never go through the catalogue.
_REPRESENTATIVE_ON_PAPER = {
    RepresentativePolicy.NONE: "Harus diambil sendiri oleh pemilik kartu.",
    RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY: (
        "Bila diwakilkan: anggota keluarga dengan surat kuasa dan KTP-el wakil."
    ),
    RepresentativePolicy.ANYONE_WITH_POWER_OF_ATTORNEY: (
        "Bila diwakilkan: wakil dengan surat kuasa dan KTP-el wakil."
    ),
}


#: Draws the paper; supplied by the caller (loket.documents), so core never imports reportlab.
WriteCallList = Callable[[CallListPaper, Path], Path]


@dataclass(frozen=True, slots=True)
class CallList:
    path: Path
    title: str  # as registered
    count: int
    rw_count: int
    rt_count: int
    days: int


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """ "Blok A No. 5" before "Blok A No. 26": numbers inside an address compared as numbers."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def _order(card: CardInfo) -> tuple[object, ...]:
    # Not recorded ("") goes after every RW and RT, not before "001".
    return (
        card.rw == "",
        card.rw,
        card.rt == "",
        card.rt,
        _natural(card.address),
        _natural(card.name),
        card.id,
    )


def _unit(word: str, code: str) -> str:
    return f"{word} {code}" if code else f"{word} belum tercatat"


def _rt_groups(cards: list[CardInfo], today: dt.date, zone: dt.tzinfo) -> tuple[RtGroup, ...]:
    groups = []
    for rt, members in groupby(cards, key=lambda c: c.rt):
        lines = tuple(
            CallLine(
                nik_masked=nik_leaving_office(card.nik),
                name=name_on_paper(card.name),
                address=card.address or "-",
                received=card.received_at.astimezone(zone).strftime("%d-%m-%Y")
                if card.received_at
                else "-",
                waited_days=queries.waited_working_days(card, today, zone) or 0,
            )
            for card in members
        )
        heading = f"{_unit('RW', cards[0].rw)} / {_unit('RT', rt)} — {len(lines)} kartu"
        groups.append(RtGroup(rt, heading, lines))
    return tuple(groups)


def group_cards(cards: Iterable[CardInfo], today: dt.date, zone: dt.tzinfo) -> tuple[RwGroup, ...]:
    """RW by RW, RT by RT, each ordered by address then name."""
    ordered = sorted(cards, key=_order)
    groups = []
    for rw, members in groupby(ordered, key=lambda c: c.rw):
        rts = _rt_groups(list(members), today, zone)
        count = sum(len(rt.lines) for rt in rts)
        heading = f"{_unit('RW', rw)} — {count} kartu di {len(rts)} RT"
        groups.append(RwGroup(rw, heading, rts))
    return tuple(groups)


def _how_to_collect(office: OfficeInfo, settings: OfficeSettings, kept_until: dt.date) -> str:
    village = "Desa" if office.is_desa else "Kelurahan"
    hours = settings.office_hours.strip().rstrip(".")
    return (
        f"Dapat diambil di Kantor {village} {office.kelurahan}"
        + (f" ({hours})" if hours else " pada jam kerja")
        + " dengan membawa bukti perekaman (resi/suket) atau KK, dan KTP lama bila ada (bila "
        f"hilang: surat keterangan hilang dari kepolisian). "
        f"{_REPRESENTATIVE_ON_PAPER[settings.representative_policy]} KTP-el disimpan di "
        f"{village.lower()} sampai {writing.long_date(kept_until)}; sesudah itu dikembalikan ke "
        f"Kecamatan {office.kecamatan}."
    )


def _criteria(days: int, rw: str, rt: str, today: dt.date) -> str:
    where = "".join(f" di {_unit(word, code)}" for word, code in (("RW", rw), ("RT", rt)) if code)
    as_of = writing.weekday_date(today)
    if not days:
        return (
            f"KTP-el yang sudah ada di loket{where} dan belum diambil per {as_of} "
            "(kartu yang baru diterima hari ini tidak dicantumkan)."
        )
    return (
        f"KTP-el yang sudah ada di loket{where} dan menunggu diambil lebih dari {days} hari "
        f"kerja per {as_of}. Hari libur nasional dan cuti bersama tidak dihitung."
    )


def make_call_list(
    database: Database,
    data: DataDir,
    actor: StaffMember,
    days: int,
    write: WriteCallList,
    *,
    rw: str = "",
    rt: str = "",
    today: dt.date | None = None,
) -> CallList:
    """Cards in stock waiting more than `days` working days (0: any before today's), in one
    RW (and RT) or all; the paper is written, registered and audited in one transaction."""
    if not 0 <= days <= MAX_DAYS:
        raise LoketError(_("Isi jumlah hari kerja antara 0 dan {most}.").format(most=MAX_DAYS))
    office = office_or_refuse(database)
    rw, rt = neighbourhood_code(rw), neighbourhood_code(rt)
    zone = office.zone
    now = utc_now()
    day = today or now.astimezone(zone).date()
    wanted = StockFilter(waiting_more_than_days=days, rw=rw, rt=rt)
    cards = list(
        queries.iter_cards(database, wanted, StockSort(StockColumn.RT_RW), zone=zone, today=day)
    )
    if not cards:
        where = " ".join(f"{w} {c}" for w, c in (("RW", rw), ("RT", rt)) if c)
        if where:
            message = _(
                "Tidak ada kartu di {where} yang menunggu lebih dari {days} hari kerja. Daftar "
                "panggilan tidak dibuat."
            )
        else:
            message = _(
                "Tidak ada kartu yang menunggu lebih dari {days} hari kerja. Daftar panggilan "
                "tidak dibuat."
            )
        raise NothingToCall(message.format(where=where, days=days))
    groups = group_cards(cards, day, zone)
    village = f"{'Desa' if office.is_desa else 'Kelurahan'} {office.kelurahan}"
    settings = load_settings(database)
    kept_until = day + dt.timedelta(days=settings.uncollected_kept_days)
    paper = CallListPaper(
        letterhead=office.letterhead(data.root),
        title=TITLE,
        criteria=_criteria(days, rw, rt, day),
        place_and_date=f"{office.place_name}, {writing.long_date(day)}",
        date_text=writing.long_date(day),
        how_to_collect=_how_to_collect(office, settings, kept_until),
        author=village,
        groups=groups,
        total_text=f"{writing.count_in_words(len(cards), 'KTP-el')} di {len(groups)} RW",
        acknowledged_by=acknowledged_by(office),
        officer=petugas(office, actor),
    )
    scope = "".join(f" {_unit(w, c)}" for w, c in (("RW", rw), ("RT", rt)) if c)
    title = (
        f"Daftar panggilan pengambilan KTP-el{scope}, menunggu lebih dari {days} hari kerja, "
        f"{writing.long_date(day)}"
    )
    rt_count = sum(len(group.rts) for group in groups)
    with database.transaction() as session:
        number = take_number(session, NUMBER_SERIES, "PANGGILAN", now.astimezone(zone))
        paper = dataclasses.replace(paper, number=number.text)
        suffix = "".join(f"-{w.lower()}{c}" for w, c in (("RW", rw), ("RT", rt)) if c)
        stem = f"daftar-panggilan-{day:%Y%m%d}{suffix}-{now.astimezone(zone):%H%M%S}"
        detail: dict[str, object] = {"days": days, "rw": rw, "rt": rt, "cards": len(cards)}
        path = write_paper(
            session,
            data,
            free_paper_path(data, PaperKind.CALL_LIST, stem),
            lambda target: write(paper, target),
            kind=PaperKind.CALL_LIST,
            title=title,
            actor_id=actor.id,
            number=number.text,
            at=now,
            note=AuditNote("call_list.print", "card", None, detail),
        )
    return CallList(path, title, len(cards), len(groups), rt_count, days)


def call_list_result_text(result: CallList) -> str:
    """ "12 kartu di 3 RW (7 RT)" for the banner."""
    return _("{count} kartu di {rw} RW ({rt} RT)").format(
        count=result.count, rw=result.rw_count, rt=result.rt_count
    )
