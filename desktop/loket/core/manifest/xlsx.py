"""Reading an XLSX manifest with openpyxl in read-only mode, refusing oversized parts first.

openpyxl reads shared strings whole, and a sheet without a stated size (<dimension>) whole, as
soon as the workbook is opened: those parts are measured in the zip before it is.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from loket.core.manifest.progress import Progress
from loket.core.manifest.source import (
    HEADER_SEARCH_ROWS,
    Cell,
    HeaderFinder,
    ManifestUnreadable,
    SourceRow,
    SourceTable,
    collect_rows,
    no_nik_column,
    not_a_list,
    too_big_message,
)
from loket.i18n import _

MAX_XLSX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_XLSX_MEMBERS = 5_000
MAX_XLSX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
MAX_XLSX_UNSIZED_PART_BYTES = 10 * 1024 * 1024
_DIMENSION_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b")


def _broken_xlsx() -> ManifestUnreadable:
    return ManifestUnreadable(
        _(
            "Berkas XLSX ini rusak dan tidak dapat dibaca (mungkin terpotong saat diunduh atau "
            "disalin). Buka di Excel, simpan ulang sebagai .xlsx atau CSV, lalu coba lagi."
        )
    )


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "xl/workbook.xml" in names and len(members) <= MAX_XLSX_MEMBERS:
                _check_part_sizes(archive, members)
    except ManifestUnreadable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _broken_xlsx() from error
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise not_a_list(_("sebuah dokumen Word"))
        raise not_a_list(_("sebuah arsip zip"))
    if len(members) > MAX_XLSX_MEMBERS:
        raise _broken_xlsx()


def _check_part_sizes(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuses before openpyxl reads a part whole: it reads shared strings and, for a sheet
    without a stated size (<dimension>), the entire sheet when the workbook is opened."""
    if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_BYTES:
        raise ManifestUnreadable(too_big_message())
    for member in members:
        if member.file_size <= MAX_XLSX_UNSIZED_PART_BYTES:
            continue
        if member.filename.endswith("sharedStrings.xml"):
            if member.file_size > MAX_XLSX_SHARED_STRINGS_BYTES:
                raise ManifestUnreadable(too_big_message())
            continue
        with archive.open(member) as part:
            head = part.read(64 * 1024)
        dimension = _DIMENSION_TAG.search(head)
        data_at = head.find(b"sheetData")
        if dimension is None or (data_at != -1 and data_at < dimension.start()):
            raise ManifestUnreadable(too_big_message())


def load_xlsx(
    path: Path, find_header: HeaderFinder, progress: Progress | None = None
) -> SourceTable:
    # openpyxl warns about styles and extensions it ignores; those say nothing about the list.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            _check_archive(path)
            return _read_workbook(path, find_header, progress)
        except ManifestUnreadable:
            raise
        except MemoryError as error:
            raise ManifestUnreadable(too_big_message()) from error
        except Exception as error:  # zipfile, zlib, openpyxl and the XML parser: many kinds
            raise _broken_xlsx() from error


def _read_workbook(path: Path, find_header: HeaderFinder, progress: Progress | None) -> SourceTable:
    import openpyxl  # imported here: loading it costs time the CSV path does not need

    # We own the file handle, so it is closed even when a sheet's row generator is left unfinished
    # (openpyxl's own handle would stay open until garbage collection).
    with path.open("rb") as handle:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False, keep_links=False)
        try:
            chosen: tuple[str, int] | None = None
            others: list[str] = []
            for sheet in workbook.worksheets:
                head = [row.cells for row in islice(_sheet_rows(sheet), HEADER_SEARCH_ROWS)]
                found = find_header(head)
                if found is None:
                    continue
                if chosen is None:
                    chosen = (sheet.title, found[0])
                else:
                    others.append(sheet.title)
            if chosen is None:
                raise no_nik_column()
            title, header_at = chosen
            rows, notes = collect_rows(_sheet_rows(workbook[title]), header_at, progress)
        finally:
            workbook.close()
    if others:
        notes.insert(
            0,
            _(
                'Berkas berisi beberapa lembar dengan kolom NIK; hanya lembar "{sheet}" yang '
                "dibaca (tidak dibaca: {others}). Impor lembar lain sebagai berkas terpisah."
            ).format(sheet=title, others=", ".join(f'"{name}"' for name in others)),
        )
    return SourceTable(rows, header_at, tuple(notes))


def _sheet_rows(sheet: Any) -> Iterator[SourceRow]:
    # The stored dimension may be wrong (some programs write "A1:A1"): read every row there is.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    for number, values in enumerate(rows, start=1):
        yield SourceRow(number, tuple(_xlsx_cell(value) for value in values))


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
    # ArrayFormula and DataTableFormula: a formula all the same, never evaluated.
    text = getattr(value, "text", None)
    return text if isinstance(text, str) and text.startswith("=") else "=?"
