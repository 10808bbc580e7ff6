"""The daftar pengantaran (run sheet) as the documents layer draws it: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import Letterhead, Signatory


@dataclass(frozen=True, slots=True)
class RunSheetLine:
    number: int  # "No." as on the sheet, the line's position in the run
    nik: str  # as papers leaving the office print it: "3374xxxxxxxx0373"
    name: str
    address: str
    code: str = ""  # the row's barcode, "DP12-7": names the row, not the resident


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


@dataclass(frozen=True, slots=True)
class RunResultLine:
    number: int  # the row's "No." on the run sheet
    nik: str  # in full: the paper stays in the office's archive
    name: str
    outcome: str  # "Diterima SUMARNI (orang tua)", "Tidak ada di rumah"
    receipt: str  # the tanda terima of a card delivered, else ""
    old_card: str  # what became of the old card of a card delivered, else ""
    note: str  # keterangan brought back from the sheet


@dataclass(frozen=True, slots=True)
class OutcomeCount:
    outcome: str  # "Diterima penduduk"
    count_text: str  # "12 (dua belas) keping"


@dataclass(frozen=True, slots=True)
class RunResults:
    """Daftar hasil pengantaran KTP-el: what became of every card of a closed run."""

    letterhead: Letterhead
    run_number: str  # the run sheet's number, which the results answer
    sent_on: str  # "Jumat, 27 November 2026"
    closed_on: str
    area: str
    courier_name: str
    kelurahan_name: str
    total_text: str
    counts: tuple[OutcomeCount, ...]
    lines: tuple[RunResultLine, ...]
    place_and_date: str
    courier: Signatory
    officer: Signatory  # the petugas loket who recorded the outcomes and closed the run
    acknowledged_by: Signatory
