"""The daftar panggilan as the documents layer draws it: every text final, in Indonesian."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loket.core.papers.paper import Letterhead, Signatory


@dataclass(frozen=True, slots=True)
class CallLine:
    nik_masked: str
    name: str
    address: str
    received: str  # "27-11-2026", in the office's zone
    waited_days: int  # working days


@dataclass(frozen=True, slots=True)
class RtGroup:
    rt: str  # "003", or "" when not recorded
    heading: str  # "RW 005 / RT 003 — 4 kartu"
    lines: tuple[CallLine, ...]


@dataclass(frozen=True, slots=True)
class RwGroup:
    rw: str
    heading: str  # "RW 005 — 9 kartu di 3 RT"
    rts: tuple[RtGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(rt.lines) for rt in self.rts)


@dataclass(frozen=True, slots=True)
class CallListPaper:
    """Everything the documents layer prints, every text in its final Indonesian form."""

    letterhead: Letterhead
    title: str
    criteria: str  # which cards, as of which day
    place_and_date: str
    date_text: str  # "29 Desember 2026", beside each RT's heading once the parts are cut apart
    how_to_collect: str  # printed under each RT's list: each part is cut off for one RT head
    author: str  # "Kelurahan Kaligawe"
    groups: tuple[RwGroup, ...]
    number: str = ""  # "474/0001/PANGGILAN/XII/2026"
    total_text: str = ""  # "41 (empat puluh satu) KTP-el di 5 RW"
    acknowledged_by: Signatory | None = None  # the lurah: the office's authority on the board
    officer: Signatory | None = None  # the petugas who made the list

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)


#: A spreadsheet's rows (Excel: 1,048,576), less the title and header rows of the export.
EXCEL_MAX_ROWS = 1_048_576 - 2


@dataclass(frozen=True, slots=True)
class StockRow:
    """One card of the stock page as its XLSX export lists it: values final, times local."""

    nik: str
    name: str
    rt: str
    rw: str
    address: str
    state: str  # "Ada di loket", in the interface language, as the page shows it
    batch_reference: str
    received: dt.datetime | None  # in the office's zone, without a zone (a spreadsheet's time)
    waited_working_days: int | None  # in stock: working days since received
