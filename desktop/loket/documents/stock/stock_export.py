"""The stock page's cards as XLSX: NIK and RT/RW as text, streamed (write-only) so 1,000,000 fit.

Written beside the target and renamed into place, as the report exports are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from loket.core.stock.paper import EXCEL_MAX_ROWS, StockRow
from loket.documents.reports.xlsx_export import save_workbook

_TEXT = "@"


def export_stock_xlsx(rows: Iterable[StockRow], title: str, path: Path) -> int:
    """Writes one sheet of cards to `path`, at most EXCEL_MAX_ROWS; returns how many it wrote."""
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
    for row in rows:
        if written >= EXCEL_MAX_ROWS:
            break
        texts = []
        for value in (row.nik, row.name, row.rt, row.rw, row.address):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _TEXT
            texts.append(cell)
        sheet.append(
            [*texts, row.state, row.batch_reference, row.received, row.waited_working_days]
        )
        written += 1
    save_workbook(workbook, path)
    return written
