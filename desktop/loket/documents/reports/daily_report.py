"""Laporan harian penyerahan KTP-el: the day's handovers on A4, for the petugas and the lurah."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.reports.paper import DailyHandoverLine, DailyReport, DeskTotal, StockMovement
from loket.documents.kit.audit_head import audit_head_lines
from loket.documents.kit.fonts import SERIF, SERIF_BOLD
from loket.documents.kit.layout import (
    BODY_WIDTH,
    ContinuedRows,
    KopSurat,
    esc,
    format_nip,
    report_signature_parts,
    report_signatures,
    styles,
    write_a4_paper,
)

TITLE = "LAPORAN HARIAN PENYERAHAN KTP-el"
CELL_SIZE = 8.5
PADDING = 3
GREY = colors.HexColor("#E6E6E6")
VOID_SHADE = colors.HexColor("#F2F2F2")
_HEAD_ROOM = 4 * cm  # a heading never ends a page without a few rows under it
_KEPT_ROWS = 2  # the last handovers printed on the page of the signatures

_cell = ParagraphStyle("report_cell", fontName=SERIF, fontSize=CELL_SIZE, leading=10)


def figure(n: int) -> str:
    """1250 -> "1.250"."""
    return f"{n:,}".replace(",", ".")


def fitted(text: str, width: float) -> Any:
    """A plain cell when every line fits (fast), else a wrapping Paragraph."""
    room = width - 2 * PADDING
    if all(stringWidth(line, SERIF, CELL_SIZE) <= room for line in text.split("\n")):
        return text
    return Paragraph(esc(text).replace("\n", "<br/>"), _cell)


def grid_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), GREY),
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("FONTNAME", (0, 0), (-1, 0), SERIF_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
            ("LEADING", (0, 0), (-1, -1), 10),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def figures_table(rows: Sequence[tuple[str, str]], width: float = 13 * cm) -> Table:
    """Label / figure pairs, the figure right-aligned, no header."""
    widths = [width - 3.5 * cm, 3.5 * cm]
    table = Table([list(row) for row in rows], colWidths=widths, hAlign="LEFT")
    style = grid_style(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("ALIGN", (0, 0), (0, -1), "LEFT"),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("FONTNAME", (0, -1), (-1, -1), SERIF_BOLD),
        ]
    )
    table.setStyle(style)
    return table


def stock_rows(stock: StockMovement, period: str) -> list[tuple[str, str]]:
    """The stock table; `period` is "hari" or "bulan"."""
    return [
        (f"Persediaan pada awal {period}", f"{figure(stock.start)} keping"),
        ("Diterima dari kecamatan", f"{figure(stock.received)} keping"),
        ("Diserahkan kepada penduduk", f"{figure(stock.handed_over)} keping"),
        (
            f"Kembali ke persediaan (penyerahan {period} sebelumnya dibatalkan)",
            f"{figure(stock.restored)} keping",
        ),
        ("Dikembalikan ke kecamatan", f"{figure(stock.returned)} keping"),
        (f"Persediaan pada akhir {period}", f"{figure(stock.end)} keping"),
    ]


def stock_notes(
    stock: StockMovement, period: str, *, voided: bool, more: Sequence[str] = ()
) -> list[Flowable]:
    """What the stock table's figures hold, in words under it (only what the period needs): a
    lurah signs no riddle."""
    notes = list(more)
    if voided:
        notes.append(
            f"Penyerahan yang dibuat dan dibatalkan pada {period} yang sama tidak dihitung "
            "sebagai diserahkan: kartunya tidak pernah keluar dari persediaan."
        )
    if stock.set_aside_end:
        notes.append(
            f"Dari persediaan pada akhir {period}, {figure(stock.set_aside_end)} keping "
            "disisihkan untuk dikembalikan ke kecamatan: KTP-el tambahan yang disisihkan pada "
            "penerimaan termasuk dalam jumlah diterima dan dalam persediaan sampai dikembalikan "
            "dengan berita acara pengembalian."
        )
    if not notes:
        return []
    style = ParagraphStyle(
        "stock_note", parent=styles().body_left, fontSize=9.5, leading=11.5, spaceBefore=2
    )
    return [
        Spacer(1, 3),
        Paragraph("Catatan:", style),
        *(Paragraph(esc(note), style, bulletText="\u2022") for note in notes),
    ]


def heading(text: str) -> list[Flowable]:
    return [
        Spacer(1, 10),
        CondPageBreak(_HEAD_ROOM),
        Paragraph(f"<b>{esc(text)}</b>", styles().body_left),
        Spacer(1, 4),
    ]


# No | Jam | No. tanda terima / NIK | Nama pemilik | Diambil oleh | Petugas
_WIDTHS = [0.9 * cm, 1.1 * cm, 3.6 * cm, 0.0, 3.7 * cm, 2.9 * cm]
_WIDTHS[3] = BODY_WIDTH - sum(_WIDTHS)
_HEAD = [
    "No.",
    "Jam",
    "No. Tanda Terima\nNIK",
    "Nama Pemilik",
    "Diambil oleh\n(hubungan)",
    "Petugas",
]


def _row(number: int, line: DailyHandoverLine) -> list[Any]:
    owner: Any = fitted(line.name, _WIDTHS[3])
    if line.void_note:
        reason = line.void_note.removeprefix("DIBATALKAN: ")
        approval = f"<br/>{esc(line.void_approval)}" if line.void_approval else ""
        owner = Paragraph(f"{esc(line.name)}<br/><b>DIBATALKAN</b>: {esc(reason)}{approval}", _cell)
    return [
        str(number),
        line.time,
        fitted(f"{line.receipt_number}\n{line.nik}", _WIDTHS[2]),
        owner,
        fitted(f"{line.collector_name}\n{line.relation}", _WIDTHS[4]),
        fitted(f"{line.officer}\n{line.desk}" if line.desk else line.officer, _WIDTHS[5]),
    ]


def handover_table(
    lines: Sequence[DailyHandoverLine], *, first_number: int = 1, header: bool = True
) -> Table:
    """Every handover of the day, the header repeated on each page the table reaches (without
    a header: the table's last rows, kept on the page of the signatures)."""
    rows: list[list[Any]] = [list(_HEAD)] if header else []
    shading: list[tuple[Any, ...]] = []
    for number, line in enumerate(lines, start=first_number):
        rows.append(_row(number, line))
        if line.void_note:
            at = len(rows) - 1
            shading.append(("BACKGROUND", (0, at), (-1, at), VOID_SHADE))
    table = Table(rows, colWidths=_WIDTHS, repeatRows=1 if header else 0)
    first = 1 if header else 0
    style = grid_style([("ALIGN", (0, first), (1, -1), "CENTER"), *shading])
    if not header:  # no header row to shade or set in bold
        style.add("BACKGROUND", (0, 0), (-1, 0), colors.white)
        style.add("FONTNAME", (0, 0), (-1, 0), SERIF)
        style.add("ALIGN", (0, 0), (-1, 0), "LEFT")
        style.add("ALIGN", (0, 0), (1, 0), "CENTER")
        for command in shading:
            style.add(*command)
    table.setStyle(style)
    return table


def list_and_signatures(
    lines: Sequence[DailyHandoverLine], signatures: list[Flowable]
) -> list[Flowable]:
    """The handover table, its last rows on the page of the signatures: never a page that
    holds the signatures alone."""
    kept = min(_KEPT_ROWS, len(lines))
    head, tail = lines[: len(lines) - kept], lines[len(lines) - kept :]
    if not head:
        return [KeepTogether([handover_table(tail), *signatures])]
    first = len(head) + 1
    last = ContinuedRows(
        handover_table(tail, first_number=first),
        handover_table(tail, first_number=first, header=False),
    )
    return [handover_table(head), KeepTogether([last, *signatures])]


def officer_table(report: DailyReport) -> Table:
    rows: list[list[Any]] = [["No.", "Petugas", "NIP", "Diserahkan", "Dibatalkan"]]
    for number, total in enumerate(report.officers, start=1):
        rows.append(
            [
                str(number),
                total.officer,
                format_nip(total.nip) if total.nip else "-",
                figure(total.handed_over),
                figure(total.voided),
            ]
        )
    rows.append(
        [
            "Jumlah",
            "",
            "",
            figure(sum(t.handed_over for t in report.officers)),
            figure(sum(t.voided for t in report.officers)),
        ]
    )
    widths = [0.9 * cm, 0.0, 4.4 * cm, 2.3 * cm, 2.3 * cm]
    widths[1] = BODY_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style(
            [
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, -1), (-1, -1), SERIF_BOLD),
                ("SPAN", (0, -1), (2, -1)),
            ]
        )
    )
    return table


def _counts(totals: Sequence[DeskTotal]) -> list[str]:
    """Received, handed over, voided: summed over `totals`, as figures."""
    return [
        figure(sum(t.received for t in totals)),
        figure(sum(t.handed_over for t in totals)),
        figure(sum(t.voided for t in totals)),
    ]


def desk_table(report: DailyReport) -> Table:
    """Each desk's officers, what each received and handed over there; a desk of several
    officers with its own total, every desk's total at the foot."""
    rows: list[list[Any]] = [["Loket", "Petugas", "Diterima", "Diserahkan", "Dibatalkan"]]
    totals: list[tuple[Any, ...]] = []
    for desk in dict.fromkeys(total.desk for total in report.desks):
        group = [total for total in report.desks if total.desk == desk]
        first = len(rows)
        for index, total in enumerate(group):
            rows.append([desk if index == 0 else "", total.officer, *_counts([total])])
        if len(group) > 1:
            totals.append(("SPAN", (0, first), (0, len(rows) - 1)))  # the desk over its officers
            rows.append([f"Jumlah {desk}", "", *_counts(group)])
            at = len(rows) - 1
            totals += [("FONTNAME", (0, at), (-1, at), SERIF_BOLD), ("SPAN", (0, at), (1, at))]
    rows.append(["Jumlah semua loket", "", *_counts(report.desks)])
    widths = [3.4 * cm, 0.0, 2.3 * cm, 2.3 * cm, 2.3 * cm]
    widths[1] = BODY_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style(
            [
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, -1), (-1, -1), SERIF_BOLD),
                ("SPAN", (0, -1), (1, -1)),
                *totals,
            ]
        )
    )
    return table


def _story(report: DailyReport) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        KopSurat(report.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Hari/tanggal: {esc(report.day)}", s.number),
        Spacer(1, 10),
        Paragraph(
            f"Pada hari {esc(report.day)}, loket Kelurahan {esc(report.kelurahan_name)} "
            f"menyerahkan KTP-el sebanyak <b>{esc(report.handed_over_text)}</b> kepada "
            f"penduduk; penyerahan yang dibatalkan: {esc(report.voided_text)}.",
            s.body,
        ),
    ]
    story += heading("A. Persediaan KTP-el")
    story.append(figures_table(stock_rows(report.stock, "hari")))
    live = sum(1 for line in report.lines if not line.void_note)
    later = report.stock.handed_over - live
    more = (
        [
            f"{later} penyerahan pada hari ini dibatalkan sesudah hari ini berakhir; persediaan "
            "di atas menurut keadaan pada akhir hari."
        ]
        if later
        else []
    )
    story += stock_notes(report.stock, "hari", voided=live < len(report.lines), more=more)
    story += heading("B. Jumlah penyerahan per petugas")
    if report.officers:
        story.append(officer_table(report))
    else:
        story.append(Paragraph("Tidak ada penyerahan KTP-el pada hari ini.", s.body_left))
    details = "C"
    if report.desks:  # several desks worked today: what each did, and who at each
        story += heading("C. Jumlah per loket dan petugas")
        story.append(desk_table(report))
        details = "D"
    story += heading(f"{details}. Rincian penyerahan (jam dalam {report.zone})")
    signers = (report.acknowledged_by, report.officer, report.place_and_date)
    head = audit_head_lines(report.audit_head)
    if report.lines:
        return story + list_and_signatures(report.lines, report_signature_parts(*signers)) + head
    story.append(Paragraph("Tidak ada penyerahan KTP-el pada hari ini.", s.body_left))
    return story + report_signatures(*signers) + head


def write_daily_report(report: DailyReport, path: Path) -> Path:
    """Writes the laporan harian to `path` (atomically) and returns `path`."""
    title = f"Laporan Harian Penyerahan KTP-el {report.day}"

    return write_a4_paper(
        path,
        _story(report),
        title=title,
        author=f"Kelurahan {report.kelurahan_name}",
        subject=f"Penyerahan KTP-el tanggal {report.iso_day}",
        footer_left=f"Laporan Harian Kelurahan {report.kelurahan_name}, {report.day}",
    )
