"""The stock page's cards as XLSX: NIK and RT/RW as text, streamed (write-only) so 1,000,000 fit.

Written beside the target and renamed into place, as the report exports are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from loket.core.cards import CardInfo, state_label
from loket.documents.reports.xlsx_export import save_workbook

EXCEL_MAX_ROWS = 1_048_576 - 2  # the sheet's limit, less the title and header rows
_TEXT = "@"


def export_stock_xlsx(
    cards: Iterable[CardInfo],
    batch_references: Mapping[int, str],
    path: Path,
    zone: dt.tzinfo,
    title: str,
    waited: Callable[[CardInfo], int | None] = lambda _card: None,
) -> int:
    """Writes one sheet of cards to `path`; returns how many rows were written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Stok")
    bold = Font(bold=True)
    sheet.append([title])
    header = ["NIK", "Nama", "RT", "RW", "Alamat", "Status", "Kiriman", "Diterima"]
    header.append("Menunggu (hari kerja)")
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    written = 0
    for card in cards:
        if written >= EXCEL_MAX_ROWS:
            break
        texts = []
        for value in (card.nik, card.name, card.rt, card.rw, card.address):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _TEXT
            texts.append(cell)
        received = (
            card.received_at.astimezone(zone).replace(tzinfo=None) if card.received_at else None
        )
        sheet.append(
            [
                *texts,
                state_label(card.state),
                batch_references.get(card.batch_id, ""),
                received,
                waited(card),
            ]
        )
        written += 1
    save_workbook(workbook, path)
    return written
