"""The daftar pengantaran (run sheet) as the documents layer draws it: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import Letterhead, Signatory


@dataclass(frozen=True, slots=True)
class RunSheetLine:
    number: int  # "No." as on the sheet, the line's position in the run
    nik: str
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class RunSheetGroup:
    heading: str  # "RT 003 / RW 005"
    lines: tuple[RunSheetLine, ...]


@dataclass(frozen=True, slots=True)
class RunSheet:
    """Daftar pengantaran KTP-el: the cards a team takes door to door, to be signed for."""

    letterhead: Letterhead
    number: str  # "474/0001/PENGANTARAN/XI/2026"
    day: str  # "Jumat, 27 November 2026"
    area: str  # "RW 005, RT 001, 002, 003"
    courier_name: str
    kelurahan_name: str  # "Kelurahan Kaligawe"
    total_text: str  # "40 (empat puluh) keping"
    groups: tuple[RunSheetGroup, ...]
    instructions: str  # how to fill the empty columns
    place_and_date: str
    courier: Signatory
    acknowledged_by: Signatory
