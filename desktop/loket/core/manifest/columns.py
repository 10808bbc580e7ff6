"""Finding the header row of a manifest and which column holds what.

Kecamatan offices title their columns in many ways ("N I K", "No. NIK", "Nama Lengkap",
"RT/RW"); headers are compared after removing everything but letters and digits.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from loket.core.manifest.source import Cell

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_WORDS = re.compile(r"[0-9A-Z]+")
# "1", "(2)", "3.": the row of column numbers that government tables put under the header.
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?\.?")
_DIGITS = re.compile(r"\d")


class Field(enum.Enum):
    NIK = "nik"
    NAME = "name"
    RT = "rt"
    RW = "rw"
    RT_RW = "rt_rw"
    ADDRESS = "address"


_NIK_EXACT = frozenset(
    {"NIK", "NONIK", "NOMORNIK", "NOMORINDUKKEPENDUDUKAN", "NIKKTP", "NIKKTPEL", "NIKPENDUDUK"}
)
_NAME_EXACT = frozenset({"NAMA", "NAMALENGKAP", "NAMAPEMILIK", "NAMAPENDUDUK", "NAMAPEMOHON"})
_RT_RW_EXACT = frozenset({"RTRW", "RTRWDOMISILI"})
_RT_EXACT = frozenset({"RT", "NORT", "NOMORRT"})
_RW_EXACT = frozenset({"RW", "NORW", "NOMORRW"})
# Words that make a "NIK ..." or "NAMA ..." column belong to someone or something else.
_OTHER_PERSON = frozenset({"AYAH", "IBU", "KK", "KEPALA", "PETUGAS", "SUAMI", "ISTRI", "WALI"})
_NOT_A_PERSON = frozenset(
    {"JALAN", "JL", "KELURAHAN", "KECAMATAN", "DESA", "KABUPATEN", "KOTA", "PROVINSI", "DUSUN"}
)


def normalize_header(cell: Cell) -> str:
    """ "N I K" -> "NIK", "No. NIK" -> "NONIK", "RT / RW" -> "RTRW"."""
    if cell is None:
        return ""
    return _NOT_ALNUM.sub("", str(cell).upper())


def _words(cell: Cell) -> set[str]:
    return set(_WORDS.findall(str(cell).upper())) if cell is not None else set()


def _field_of(cell: Cell) -> tuple[Field, bool] | None:
    """The field a header cell names and whether it names it exactly."""
    key = normalize_header(cell)
    if not key or len(key) > 40:
        return None
    words = _words(cell)
    if key in _NIK_EXACT:
        return Field.NIK, True
    if key in _RT_RW_EXACT:
        return Field.RT_RW, True
    if key in _RT_EXACT:
        return Field.RT, True
    if key in _RW_EXACT:
        return Field.RW, True
    if key in _NAME_EXACT:
        return Field.NAME, True
    if key.startswith("ALAMAT") or key in ("JALAN", "NAMAJALAN"):
        return Field.ADDRESS, True
    if words & _OTHER_PERSON:
        return None
    if (key.startswith("NIK") and not key.startswith("NIKAH")) or key.endswith("NIK"):
        return Field.NIK, False
    if key.startswith("NAMA") and not words & _NOT_A_PERSON:
        return Field.NAME, False
    return None


def _recognize(cells: Sequence[Cell]) -> dict[Field, tuple[int, bool]]:
    found: dict[Field, tuple[int, bool]] = {}
    for index, cell in enumerate(cells):
        match = _field_of(cell)
        if match is None:
            continue
        field, exact = match
        earlier = found.get(field)
        if earlier is None or (exact and not earlier[1]):
            found[field] = (index, exact)
    return found


def _filled(cells: Sequence[Cell]) -> int:
    return sum(1 for cell in cells if cell is not None and str(cell).strip())


def find_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, int] | None:
    """Index of the header row among the first rows and a score (more recognised columns: higher).

    The first row naming a NIK column exactly wins; a loose name ("NIK Pemohon") counts only in a
    row with other columns, so a title such as "Daftar NIK" is not taken for the header.
    """
    loose: tuple[int, int] | None = None
    for index, cells in enumerate(rows):
        found = _recognize(cells)
        nik = found.get(Field.NIK)
        if nik is None:
            continue
        score = len(found) * 2 + (1 if nik[1] else 0)
        if nik[1]:
            return index, score
        if loose is None and _filled(cells) >= 2:
            loose = (index, score)
    return loose


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where each field is (column index from 0) and the header text the file uses for it."""

    columns: tuple[tuple[Field, int, str], ...]
    header_rows: int  # rows below the header row that still belong to it

    def index(self, field: Field) -> int | None:
        for known, index, _label in self.columns:
            if known is field:
                return index
        return None

    def label(self, field: Field) -> str:
        for known, _index, label in self.columns:
            if known is field:
                return label
        return field.value.upper()

    def has(self, field: Field) -> bool:
        return self.index(field) is not None


def map_columns(rows: Sequence[Sequence[Cell]], header_at: int) -> ColumnMap:
    header = rows[header_at]
    found = {field: index for field, (index, _exact) in _recognize(header).items()}
    labels = {field: header[index] for field, index in found.items()}
    extra = 0
    below = rows[header_at + 1 : header_at + 3]
    if below and _is_sub_header(below[0]):
        # A merged "ALAMAT" over "RT" and "RW" cells one row down.
        for field, (index, _exact) in _recognize(below[0]).items():
            found[field] = index
            labels[field] = below[0][index]
        extra = 1
    if len(below) > extra and _is_column_numbers(below[extra]):
        extra += 1
    if Field.RT_RW in found and (Field.RT in found or Field.RW in found):
        del found[Field.RT_RW]
    columns = tuple(
        (field, index, " ".join(str(labels[field] or "").split()) or field.value.upper())
        for field, index in sorted(found.items(), key=lambda item: item[1])
    )
    return ColumnMap(columns, extra)


def _is_sub_header(cells: Sequence[Cell]) -> bool:
    if not _recognize(cells):
        return False
    return not any(
        isinstance(cell, int | float) or (isinstance(cell, str) and len(_DIGITS.findall(cell)) > 4)
        for cell in cells
    )


def _is_column_numbers(cells: Sequence[Cell]) -> bool:
    numbers: list[int] = []
    for cell in cells:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if isinstance(cell, int) and not isinstance(cell, bool):
            numbers.append(cell)
            continue
        match = _COLUMN_NUMBER.fullmatch(str(cell).strip())
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1))
