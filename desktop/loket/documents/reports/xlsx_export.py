"""The tables of the daily report and the monthly recap as XLSX, for Disdukcapil and the kecamatan.

NIKs and receipt numbers are written as text cells (format "@"), so Excel never turns
them into numbers and drops the last digit. The file is written beside its target and
renamed into place: a failed export never leaves half a workbook.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loket.core.reports.paper import DailyReport, MonthlyRecap, StockMovement
from loket.documents.kit.output import put_in_place
from loket.domain.errors import LoketError
from loket.i18n import _

_TEXT = "@"
_BOLD = Font(bold=True)


def _sheet(workbook: Workbook, title: str, first: bool = False) -> Worksheet:
    if first:
        sheet = workbook.active
        sheet.title = title
        return sheet
    return workbook.create_sheet(title)


def _table(
    sheet: Worksheet,
    title_lines: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    text_columns: Sequence[int] = (),
) -> None:
    """Title lines, a bold frozen header, then the rows; `text_columns` (0-based) stay text."""
    for line in title_lines:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(header))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        sheet.append([str(value) if i in text_columns else value for i, value in enumerate(row)])
        for column in text_columns:
            sheet.cell(row=sheet.max_row, column=column + 1).number_format = _TEXT
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for index, name in enumerate(header, start=1):
        values = [name, *(str(row[index - 1]) for row in rows)]
        width = min(60, max(len(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _stock_rows(stock: StockMovement) -> list[list[object]]:
    return [
        ["Stok awal", stock.start],
        ["Diterima dari kecamatan", stock.received],
        ["Diserahkan", stock.handed_over],
        ["Kembali ke stok (penyerahan dibatalkan)", stock.restored],
        ["Dikembalikan ke kecamatan", stock.returned],
        ["Stok akhir", stock.end],
    ]


def save_workbook(workbook: Workbook, path: Path) -> Path:
    """Saved beside its target and renamed into place (beside it when the old file is open in
    Excel: the path returned is where it is); a write error is a LoketError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".xlsx.tmp", dir=path.parent)
        os.close(handle)
        try:
            workbook.save(temporary)
            path = put_in_place(Path(temporary), path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        raise LoketError(
            _("Berkas {path} tidak bisa ditulis: {error}").format(path=path, error=error)
        ) from error
    return path


def export_daily_xlsx(report: DailyReport, path: Path) -> Path:
    """Sheets: the day's handovers, the totals per officer, the stock."""
    workbook = Workbook()
    title = [f"Laporan Harian Penyerahan KTP-el — {report.kelurahan_name}", report.day]
    _table(
        _sheet(workbook, "Penyerahan", first=True),
        title,
        [
            "No",
            "Pukul",
            "Nomor tanda terima",
            "NIK",
            "Nama",
            "Diambil oleh",
            "Hubungan",
            "Petugas",
            "Keterangan",
        ],
        [
            [
                i,
                line.time,
                line.receipt_number,
                line.nik,
                line.name,
                line.collector_name,
                line.relation,
                f"{line.officer} ({line.desk})" if line.desk else line.officer,
                line.void_note,
            ]
            for i, line in enumerate(report.lines, start=1)
        ],
        text_columns=(1, 2, 3),
    )
    _table(
        _sheet(workbook, "Per petugas"),
        title,
        ["Petugas", "NIP", "Diserahkan", "Dibatalkan"],
        [[o.officer, o.nip, o.handed_over, o.voided] for o in report.officers],
        text_columns=(1,),
    )
    if report.desks:  # a day when several desks worked
        _table(
            _sheet(workbook, "Per loket"),
            title,
            ["Loket", "Petugas", "Diterima", "Diserahkan", "Dibatalkan"],
            [[d.desk, d.officer, d.received, d.handed_over, d.voided] for d in report.desks],
            text_columns=(0, 1),
        )
    _table(_sheet(workbook, "Stok"), title, ["Uraian", "Jumlah"], _stock_rows(report.stock))
    return save_workbook(workbook, path)


def export_monthly_xlsx(recap: MonthlyRecap, path: Path) -> Path:
    """Sheets: counts per day, counts per RW, cards waiting too long, the stock."""
    workbook = Workbook()
    title = [f"Rekap Bulanan Penyerahan KTP-el — {recap.kelurahan_name}", recap.month]
    _table(
        _sheet(workbook, "Per hari", first=True),
        title,
        ["Tanggal", "Diterima", "Diserahkan", "Dibatalkan"],
        [[d.iso_day, d.received, d.handed_over, d.voided] for d in recap.days],
        text_columns=(0,),
    )
    _table(
        _sheet(workbook, "Per RW"),
        title,
        ["RW", "Diserahkan", "Masih menunggu"],
        [[r.rw, r.handed_over, r.waiting] for r in recap.rws],
        text_columns=(0,),
    )
    _table(
        _sheet(workbook, "Menunggu lama"),
        [*title, f"Kartu menunggu lebih dari {recap.waiting_days_limit} hari"],
        ["NIK", "Nama", "RT/RW", "Diterima", "Lama menunggu (hari)"],
        [[w.nik, w.name, w.rt_rw, w.received_on, w.days_waiting] for w in recap.waiting],
        text_columns=(0,),
    )
    _table(
        _sheet(workbook, "Stok"),
        [*title, f"Rata-rata lama penyerahan: {recap.average_working_days}"],
        ["Uraian", "Jumlah"],
        _stock_rows(recap.stock),
    )
    return save_workbook(workbook, path)
