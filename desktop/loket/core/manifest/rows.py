"""Deciding, row by row, what a manifest imports, refuses or skips, and why (in Indonesian)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from loket.core.indonesia.nik import Nik, NikProblem, describe_problem, parse_nik
from loket.core.manifest.columns import ColumnMap, Field, normalize_header
from loket.core.manifest.model import ManifestEntry, ManifestRow, RowStatus
from loket.core.manifest.source import Cell, SourceRow, is_blank
from loket.i18n import _

MAX_NAME_CHARS = 160  # the width of Card.name
MAX_ADDRESS_CHARS = 300  # the width of Card.address
_MAX_VALUE_CHARS = 64

# What Excel writes for a number too long for it: 3,37404E+15 / 3.37404E+15 / 3374042606528310.0
# / 3.374.042.606.528.310 (thousands grouped).
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?\s*[eE]\s*\+?[0-9]+")
_DECIMAL_TAIL = re.compile(r"[0-9]{12,}[.,]0+")
_THOUSANDS = re.compile(r"[0-9]{1,3}([.,])[0-9]{3}(?:\1[0-9]{3}){3,}")
# Every NIK ending in 0 is what a number column looks like after Excel dropped the 16th digit;
# by chance it happens to one list in 100,000 at this many rows.
_ALL_ZERO_ENDINGS_MIN_ROWS = 5
# ="3374..." keeps a NIK as text in a CSV: a literal, not a calculation, so it is read as text.
_TEXT_LITERAL = re.compile(r'=\s*"([^"]*)"')
_FORMULA = re.compile(r"=.|[+@][A-Za-z]", re.DOTALL)
_SPACES = re.compile(r"\s+")
_RT_RW_LABEL = re.compile(r"^(?:RT|RW|NO)[\s.:]*", re.IGNORECASE)
_NUMBER_GROUPS = re.compile(r"[0-9]+")
_TOTAL_WORDS = ("JUMLAH", "TOTAL", "JML")
_APOSTROPHES = "'‘’`"


def number_stored_reason() -> str:
    return _(
        "NIK tersimpan sebagai angka, sehingga Excel sudah membuang angka terakhirnya (Excel "
        "hanya menyimpan 15 angka). Perbaiki berkasnya: format kolom NIK sebagai Teks (Text) di "
        "Excel, lalu ketik ulang NIK atau ekspor ulang daftar dari aplikasi asalnya."
    )


def value_text(cell: Cell) -> str:
    """The NIK cell as a person sees it in the file."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if math.isfinite(cell) and cell.is_integer() else repr(cell)
    text = str(cell)
    return text if len(text) <= _MAX_VALUE_CHARS else text[:_MAX_VALUE_CHARS] + "…"


def clean_text(cell: Cell) -> str:
    """Spaces collapsed and control characters dropped; letters kept exactly as written."""
    text = value_text(cell) if isinstance(cell, int | float) else (cell or "")
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return _SPACES.sub(" ", text).strip()


def _unwrap(cell: Cell) -> Cell:
    if isinstance(cell, str):
        literal = _TEXT_LITERAL.fullmatch(cell.strip())
        if literal is not None:
            return literal.group(1)
    return cell


def _is_formula(cell: Cell) -> bool:
    return isinstance(cell, str) and _FORMULA.match(cell.strip()) is not None


def _stored_as_number(cell: Cell) -> bool:
    if isinstance(cell, int | float):
        return True
    if not isinstance(cell, str):
        return False
    text = cell.strip().lstrip(_APOSTROPHES).strip()
    return any(pattern.fullmatch(text) for pattern in (_SCIENTIFIC, _DECIMAL_TAIL, _THOUSANDS))


def _rt_rw_part(cell: Cell) -> str | None:
    """ "007" from 7, "7", "07", "RT 7"; "" when empty; None when it cannot be an RT or RW."""
    text = clean_text(cell)
    if not text or text == "-":
        return ""
    text = _RT_RW_LABEL.sub("", text).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 3 or int(text) == 0:
        return None
    return text.zfill(3)


def _rt_rw_pair(cell: Cell) -> tuple[str, str] | None:
    """ "007/004", "7/4", "07 / 04", "RT 7 RW 4" -> ("007", "004")."""
    text = clean_text(cell)
    if not text or text == "-":
        return "", ""
    groups = _NUMBER_GROUPS.findall(text)
    if len(groups) != 2 or any(len(group) > 3 or int(group) == 0 for group in groups):
        return None
    return groups[0].zfill(3), groups[1].zfill(3)


def _name_key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def _total_row(cells: Sequence[Cell]) -> tuple[bool, int | None]:
    """Whether this is a JUMLAH/TOTAL row, and the count it states (None when it states none)."""
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or len(cell) > 40:
            continue
        key = normalize_header(cell)
        if not key.startswith(_TOTAL_WORDS):
            continue
        stated = _NUMBER_GROUPS.findall(cell)
        if stated:
            return True, int(stated[0][:9])
        for after in cells[index + 1 :]:
            if isinstance(after, int) and not isinstance(after, bool):
                return True, after
            if isinstance(after, str) and after.strip().isdigit() and after.strip().isascii():
                return True, int(after.strip()[:9])
        return True, None
    return False, None


@dataclass
class _Seen:
    row: int
    name_key: str
    place: tuple[str, str, str]


@dataclass
class RowOutcome:
    """What classifying every row produced, plus what the whole-file warnings need."""

    rows: list[ManifestRow] = field(default_factory=list)
    entries: list[ManifestEntry] = field(default_factory=list)
    nik_rows: int = 0
    duplicates: int = 0
    as_number: int = 0
    totals: list[tuple[int, int | None]] = field(default_factory=list)
    unknown_regions: list[tuple[int, str]] = field(default_factory=list)
    bad_rt_rw: list[int] = field(default_factory=list)
    name_conflicts: list[tuple[int, int]] = field(default_factory=list)


class RowClassifier:
    """Classifies rows in file order; duplicates are judged against the rows before them."""

    def __init__(self, columns: ColumnMap, today: dt.date) -> None:
        self._columns = columns
        self._where = {wanted: columns.index(wanted) for wanted in Field}
        self._today = today
        self._seen: dict[str, _Seen] = {}
        self.outcome = RowOutcome()

    def finish(self) -> RowOutcome:
        """The outcome, after the checks that need the whole list."""
        entries = self.outcome.entries
        if len(entries) >= _ALL_ZERO_ENDINGS_MIN_ROWS and all(
            entry.nik.endswith("0") for entry in entries
        ):
            lost = {entry.row for entry in entries}
            self.outcome.rows = [
                replace(row, status=RowStatus.REFUSED, reason=number_stored_reason())
                if row.row in lost and row.status is RowStatus.IMPORTABLE
                else row
                for row in self.outcome.rows
            ]
            self.outcome.entries = []
            self.outcome.unknown_regions = []
            self.outcome.as_number += len(lost)
        return self.outcome

    def _cell(self, cells: Sequence[Cell], wanted: Field) -> Cell:
        index = self._where[wanted]
        if index is None or index >= len(cells):
            return None
        return _unwrap(cells[index])

    def add(self, source: SourceRow) -> None:
        nik_cell = self._cell(source.cells, Field.NIK)
        name = clean_text(self._cell(source.cells, Field.NAME))
        status, reason = self._decide(source, nik_cell, name)
        shown = name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS] + "…"
        self.outcome.rows.append(
            ManifestRow(source.number, value_text(nik_cell), shown, status, reason)
        )

    def _decide(self, source: SourceRow, nik_cell: Cell, name: str) -> tuple[RowStatus, str]:
        cells = source.cells
        if is_blank(cells):
            return RowStatus.SKIPPED, _("Baris kosong.")
        is_total, total = _total_row(cells)
        if is_total and not parse_nik(str(nik_cell or ""), self._today).ok:
            self.outcome.totals.append((source.number, total))
            return RowStatus.SKIPPED, _("Baris jumlah, bukan kartu.")
        if is_blank([nik_cell]) and self.outcome.totals:
            return RowStatus.SKIPPED, _("Keterangan di bawah baris jumlah.")
        if is_blank([nik_cell]) and not name:
            return RowStatus.SKIPPED, _("Baris tanpa NIK dan nama.")
        self.outcome.nik_rows += 1
        refusal = self._refusal(cells, nik_cell)
        if refusal is not None:
            return RowStatus.REFUSED, refusal
        check = parse_nik(str(nik_cell or ""), self._today)
        if check.nik is None:
            return RowStatus.REFUSED, describe_problem(
                check.problem or NikProblem.EMPTY, check.cleaned
            )
        if len(name) > MAX_NAME_CHARS:
            return RowStatus.REFUSED, _(
                "Nama terlalu panjang ({count} huruf, paling banyak {limit})."
            ).format(count=len(name), limit=MAX_NAME_CHARS)
        address = clean_text(self._cell(cells, Field.ADDRESS))
        if len(address) > MAX_ADDRESS_CHARS:
            return RowStatus.REFUSED, _(
                "Alamat terlalu panjang ({count} huruf, paling banyak {limit})."
            ).format(count=len(address), limit=MAX_ADDRESS_CHARS)
        rt, rw = self._rt_rw(source.number, cells)
        entry = ManifestEntry(source.number, check.nik.digits, name, rt, rw, address)
        return self._accept(entry, check.nik)

    def _refusal(self, cells: Sequence[Cell], nik_cell: Cell) -> str | None:
        for wanted in Field:
            cell = self._cell(cells, wanted)
            if _is_formula(cell):
                formula = clean_text(cell)
                formula = formula if len(formula) <= 30 else formula[:30] + "…"
                return _(
                    "Kolom {column} berisi rumus Excel ({formula}); rumus tidak dijalankan. "
                    "Ganti rumus dengan nilainya (Salin, lalu Tempel Spesial > Nilai) dan simpan "
                    "lagi."
                ).format(column=self._columns.label(wanted), formula=formula)
        if _stored_as_number(nik_cell) or self._split_number(cells):
            self.outcome.as_number += 1
            return number_stored_reason()
        return None

    def _split_number(self, cells: Sequence[Cell]) -> bool:
        """3,37404E+15 written unquoted in a comma CSV lands in two cells: "3" and "37404E+15"."""
        index = self._where[Field.NIK]
        if index is None or index + 1 >= len(cells):
            return False
        first, second = cells[index], cells[index + 1]
        if not isinstance(first, str) or not isinstance(second, str):
            return False
        return _SCIENTIFIC.fullmatch(f"{first.strip()},{second.strip()}") is not None

    def _rt_rw(self, number: int, cells: Sequence[Cell]) -> tuple[str, str]:
        if self._columns.has(Field.RT_RW):
            pair = _rt_rw_pair(self._cell(cells, Field.RT_RW))
            if pair is None:
                self.outcome.bad_rt_rw.append(number)
                return "", ""
            return pair
        rt = _rt_rw_part(self._cell(cells, Field.RT))
        rw = _rt_rw_part(self._cell(cells, Field.RW))
        if rt is None or rw is None:
            self.outcome.bad_rt_rw.append(number)
        return rt or "", rw or ""

    def _accept(self, entry: ManifestEntry, nik: Nik) -> tuple[RowStatus, str]:
        earlier = self._seen.get(entry.nik)
        if earlier is not None:
            if earlier.name_key != _name_key(entry.name):
                self.outcome.name_conflicts.append((earlier.row, entry.row))
                return RowStatus.REFUSED, _(
                    "NIK sama dengan baris {row} tetapi nama berbeda."
                ).format(row=earlier.row)
            self.outcome.duplicates += 1
            if earlier.place == (entry.rt, entry.rw, entry.address):
                return RowStatus.SKIPPED, _("Ganda: sama dengan baris {row}.").format(
                    row=earlier.row
                )
            return RowStatus.SKIPPED, _(
                "Ganda: NIK dan nama sama dengan baris {row}; alamat berbeda, yang dipakai "
                "baris {row}."
            ).format(row=earlier.row)
        self._seen[entry.nik] = _Seen(
            entry.row, _name_key(entry.name), (entry.rt, entry.rw, entry.address)
        )
        if not nik.region_known:
            self.outcome.unknown_regions.append((entry.row, nik.district_code))
        self.outcome.entries.append(entry)
        return RowStatus.IMPORTABLE, ""
