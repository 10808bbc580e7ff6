"""Turning a manifest file into plain rows of cells, refusing what cannot be read.

This module reads the bytes, tells CSV from XLSX by content, and reads CSV (encoding and
delimiter guessed); `manifest_xlsx` reads XLSX. The rest of the reader sees only `SourceRow`s.
Every limit is checked while streaming, so a hostile file is refused before it fills memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from loket.core.manifest.progress import REPORT_EVERY, Progress, ReadProgress, Stage
from loket.domain.errors import LoketError
from loket.i18n import _

#: A cell as read: text, or a number when the spreadsheet stored one (a NIK must never be one).
Cell = str | int | float | None

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DATA_ROWS = 50_000
HEADER_SEARCH_ROWS = 20
# A real row is a few hundred characters; a longer line is not a list of names.
MAX_LINE_CHARS = 20_000
# This many empty rows in a row is the end of the list (Excel sheets formatted to row 1,048,576).
MAX_BLANK_RUN = 10_000
# Blank rows are kept for the preview, so all rows read (blank or not) are limited too.
MAX_SCANNED_ROWS = 4 * MAX_DATA_ROWS
DELIMITERS = (",", ";", "\t", "|")

_CONTROL_SHARE_LIMIT = 0.01
_CONTROL_FLOOR = 8
# Tabs, line ends, form feed, vertical tab and the DOS end-of-file mark occur in real text files.
_TEXT_CONTROLS = "\t\r\n\f\v\x1a"


class ManifestUnreadable(LoketError):
    """The file cannot be read as a list at all; the message says what to do."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int  # 1-based, as Excel or Notepad shows it
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class SourceTable:
    rows: tuple[SourceRow, ...]
    header_at: int  # index in `rows` of the header row chosen by `find_header`
    notes: tuple[str, ...]  # Indonesian warnings about the file as a whole


#: Given the first rows, the index of the header row and how good it is (None: no NIK header).
HeaderFinder = Callable[[Sequence[Sequence[Cell]]], tuple[int, int] | None]


def too_big_message() -> str:
    return _(
        "Berkas terlalu besar untuk satu kiriman (lebih dari {rows} baris atau {megabytes} MB). "
        "Satu kiriman kecamatan biasanya hanya beberapa ribu kartu: pecah daftar menjadi "
        "beberapa berkas, satu per kiriman, lalu impor satu per satu."
    ).format(rows=f"{MAX_DATA_ROWS:,}".replace(",", "."), megabytes=MAX_FILE_BYTES // 1024 // 1024)


def is_blank(cells: Iterable[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


# --- the file as bytes -------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise ManifestUnreadable(
                _("Berkas {name} tidak ditemukan. Periksa nama dan foldernya.").format(
                    name=path.name
                )
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ManifestUnreadable(too_big_message())
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except PermissionError as error:
        raise ManifestUnreadable(
            _(
                "Berkas {name} tidak dapat dibuka. Jika sedang terbuka di Excel, tutup dulu "
                "lalu coba lagi."
            ).format(name=path.name)
        ) from error
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        raise ManifestUnreadable(
            _("Berkas {name} tidak dapat dibaca dari disk ({detail}).").format(
                name=path.name,
                detail=getattr(error, "strerror", None) or error.__class__.__name__,
            )
        ) from error
    if len(data) > MAX_FILE_BYTES:
        raise ManifestUnreadable(too_big_message())
    if not data.strip():
        raise ManifestUnreadable(
            _("Berkas {name} kosong. Simpan ulang daftar dari Excel lalu coba lagi.").format(
                name=path.name
            )
        )
    return data


def not_a_list(what: str) -> ManifestUnreadable:
    return ManifestUnreadable(
        _(
            "Berkas ini {what}, bukan daftar kiriman. Gunakan daftar dalam bentuk CSV atau "
            "XLSX (di Excel: File > Simpan Sebagai > Buku Kerja Excel .xlsx atau CSV)."
        ).format(what=what)
    )


def sniff_kind(data: bytes, path: Path) -> str:
    """ "xlsx" or "text", by content first: a renamed file is read for what it is."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ManifestUnreadable(
            _(
                "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di "
                "Excel, hapus kata sandinya bila ada, lalu simpan sebagai .xlsx atau CSV."
            )
        )
    if data.startswith(b"%PDF"):
        raise not_a_list(_("sebuah PDF"))
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        raise not_a_list(_("sebuah gambar"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ManifestUnreadable(
            _(
                "Berkas {name} bernama .xlsx tetapi isinya bukan buku kerja Excel (rusak atau "
                "salah nama). Buka di Excel dan simpan ulang sebagai .xlsx atau CSV."
            ).format(name=path.name)
        )
    return "text"


# --- CSV and other delimited text --------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, list[str]]:
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Teks Unicode" export: UTF-16 with a byte-order mark, tab-separated.
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise not_a_list(_("berisi data biner (bukan teks)"))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                notes.append(
                    _(
                        "Beberapa huruf tidak dapat dibaca (pengodean teks tidak dikenal) dan "
                        "diganti dengan tanda �; periksa nama di pratinjau."
                    )
                )
    if _looks_binary(text):
        raise not_a_list(_("berisi data biner (bukan teks)"))
    return text, notes


def _looks_binary(text: str) -> bool:
    """Control characters (or undecodable bytes) in more than 1 in 100 characters: not text."""
    sample = text[:200_000]
    if "\x00" in sample:
        return True
    odd = sum(
        1
        for char in sample
        if char not in _TEXT_CONTROLS and unicodedata.category(char) in ("Cc", "Cs")
    )
    odd += sample.count("\ufffd")
    return odd > max(_CONTROL_FLOOR, len(sample) * _CONTROL_SHARE_LIMIT)


def _check_line_lengths(data: bytes) -> None:
    """Refuses a line of more than twice MAX_LINE_CHARS bytes: such a line covers one whole
    window of MAX_LINE_CHARS bytes, so one look per window finds it (no per-line loop)."""
    for start in range(0, len(data) - MAX_LINE_CHARS + 1, MAX_LINE_CHARS):
        end = start + MAX_LINE_CHARS
        if data.find(b"\n", start, end) == -1 and data.find(b"\r", start, end) == -1:
            raise ManifestUnreadable(
                _(
                    "Baris {line} terlalu panjang (lebih dari {limit} huruf): berkas ini "
                    "bukan daftar kiriman atau rusak. Simpan ulang daftar dari Excel "
                    "sebagai CSV atau XLSX."
                ).format(
                    line=data.count(b"\n", 0, start) + 1,
                    limit=f"{MAX_LINE_CHARS:,}".replace(",", "."),
                )
            )


def _csv_rows(text: str, delimiter: str) -> Iterator[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 0
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ManifestUnreadable(
                _(
                    'Berkas CSV rusak di sekitar baris {line} (mungkin ada tanda petik " yang '
                    "tidak ditutup). Simpan ulang daftar dari Excel sebagai CSV lalu coba lagi."
                ).format(line=start)
            ) from error
        line = reader.line_num
        yield SourceRow(start, tuple(cells))


def load_text(
    data: bytes, find_header: HeaderFinder, progress: Progress | None = None
) -> SourceTable:
    _check_line_lengths(data)
    text, notes = _decode(data)
    best: tuple[int, str, int] | None = None  # (score, delimiter, header index)
    for delimiter in DELIMITERS:
        head = [row.cells for row in islice(_csv_rows(text, delimiter), HEADER_SEARCH_ROWS)]
        found = find_header(head)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], delimiter, found[0])
    if best is None:
        raise no_nik_column()
    _score, delimiter, header_at = best
    rows, more = collect_rows(_csv_rows(text, delimiter), header_at, progress)
    return SourceTable(rows, header_at, tuple(notes + more))


def no_nik_column() -> ManifestUnreadable:
    return ManifestUnreadable(
        _(
            "Kolom NIK tidak ditemukan di {rows} baris pertama. Pastikan daftar punya baris "
            'judul kolom dengan kolom "NIK" (juga dikenali: "N I K", "No. NIK"), lalu coba lagi.'
        ).format(rows=HEADER_SEARCH_ROWS)
    )


def collect_rows(
    source: Iterator[SourceRow], header_at: int, progress: Progress | None = None
) -> tuple[tuple[SourceRow, ...], list[str]]:
    """Every row up to the limits; blank rows at the end dropped. `progress` is told the rows
    read so far, every REPORT_EVERY rows."""
    rows: list[SourceRow] = []
    filled = blank_run = 0
    notes: list[str] = []
    for index, row in enumerate(source):
        if index > MAX_SCANNED_ROWS:
            raise ManifestUnreadable(too_big_message())
        if progress is not None and index and index % REPORT_EVERY == 0:
            progress(ReadProgress(Stage.READING, index))
        if is_blank(row.cells):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                notes.append(
                    _(
                        "Pembacaan berhenti di baris {row}: {count} baris kosong berturut-turut "
                        "dianggap akhir daftar."
                    ).format(row=row.number, count=f"{MAX_BLANK_RUN:,}".replace(",", "."))
                )
                break
        else:
            blank_run = 0
            if index > header_at:
                filled += 1
                if filled > MAX_DATA_ROWS:
                    raise ManifestUnreadable(too_big_message())
        rows.append(row)
    while rows and len(rows) > header_at + 1 and is_blank(rows[-1].cells):
        rows.pop()
    return tuple(rows), notes
