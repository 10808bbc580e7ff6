"""Daftar pengantaran KTP-el: the run sheet a team takes door to door, on A4 landscape.

Each card is a row with a vector Code 128 of the row (run and position, 0.26 mm modules, full
quiet zones: a hand-held scanner reads it off the sheet when the team is back, even for a card
left with its owner) above the NIK as papers leaving the office print it — the sheet goes from
house to house and neighbours sign it, so it carries no full or scannable NIK — and empty
columns where the recipient writes their name, NIK and relation, ticks the old card's fate and
signs. The column heads, the run's number and its petugas are on every page, with "Halaman X
dari N".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.delivery.paper import RunSheet, RunSheetGroup
from loket.documents.kit.barcodes import Code128Flowable
from loket.documents.kit.fonts import SERIF, SERIF_BOLD, register_fonts
from loket.documents.kit.layout import (
    CREATOR,
    KopSurat,
    PageFrame,
    esc,
    numbered_canvas,
    signature_pair,
)
from loket.documents.kit.output import atomic_write_pdf

TITLE = "DAFTAR PENGANTARAN KTP-el"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
LEFT_MARGIN = 2 * cm
RIGHT_MARGIN = 1.5 * cm
TOP_MARGIN = 1.2 * cm
BOTTOM_MARGIN = 1.6 * cm
RUNNING_HEAD = 0.8 * cm  # the run's number and petugas above the table on later pages
BODY_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
PAGE = PageFrame(
    PAGE_WIDTH, PAGE_HEIGHT, LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN, 0.9 * cm
)

MODULE_WIDTH = 0.26 * mm
BAR_HEIGHT = 7 * mm
PADDING = 3
HEADS = (
    "No.",
    "Barcode / NIK",
    "Nama",
    "Alamat",
    "Nama Penerima",
    "NIK Penerima",
    "Hubungan",
    "KTP Lama",
    "Tanda Tangan",
    "Keterangan",
)
# No, barcode and NIK, name, address, recipient, NIK, relation, old card, signature; the rest.
_WIDTHS = [
    0.8 * cm,
    3.3 * cm,
    3.2 * cm,
    3.4 * cm,
    3.0 * cm,
    3.2 * cm,
    1.9 * cm,
    2.5 * cm,
    2.6 * cm,
]
WIDTHS = [*_WIDTHS, BODY_WIDTH - sum(_WIDTHS)]
#: Ticked by the team at the door: what became of the old card (the desk asks it when recording).
OLD_CARD_CHOICES = "\u25a1 diserahkan<br/>\u25a1 hilang, ada surat<br/>\u25a1 tidak ada"
GREY = colors.HexColor("#E6E6E6")
GROUP_SHADE = colors.HexColor("#F2F2F2")

_base = ParagraphStyle("run_cell", fontName=SERIF, fontSize=9, leading=10.5, alignment=TA_LEFT)
_cell_centre = ParagraphStyle("run_cell_centre", parent=_base, alignment=TA_CENTER)
_head = ParagraphStyle("run_head", parent=_base, fontName=SERIF_BOLD, alignment=TA_CENTER)
_choices = ParagraphStyle("run_choices", parent=_base, fontSize=7.5, leading=9)
_group = ParagraphStyle("run_group", parent=_base, fontName=SERIF_BOLD, fontSize=9.5)
_body = ParagraphStyle("run_body", fontName=SERIF, fontSize=11, leading=13.5)
_small = ParagraphStyle("run_small", parent=_body, fontSize=9.5, leading=11.5)
_title = ParagraphStyle(
    "run_title", fontName=SERIF_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
)
_centre = ParagraphStyle("run_centre", parent=_body, alignment=TA_CENTER)


def _details(sheet: RunSheet) -> Table:
    """Day, area, petugas and count, two by two under the title."""
    pairs = (
        ("Hari/tanggal", sheet.day),
        ("Wilayah", f"{sheet.area}, {sheet.kelurahan_name}"),
        ("Petugas pengantar", sheet.courier_name),
        ("Jumlah kartu", sheet.total_text),
    )
    cells = [
        [Paragraph(esc(label), _body), ":", Paragraph(f"<b>{esc(value)}</b>", _body)]
        for label, value in pairs
    ]
    rows = [cells[0] + cells[1], cells[2] + cells[3]]
    half = BODY_WIDTH / 2
    widths = [3.6 * cm, 0.4 * cm, half - 4.0 * cm] * 2
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _group_rows(group: RunSheetGroup) -> tuple[list[Any], list[list[Any]]]:
    """The group's heading row, then one row per card."""
    count = len(group.lines)
    heading = [Paragraph(f"{esc(group.heading)} \u2014 {count} kartu", _group)]
    heading += [""] * (len(HEADS) - 1)
    rows = [
        [
            Paragraph(str(line.number), _cell_centre),
            [
                Code128Flowable(line.code, MODULE_WIDTH, BAR_HEIGHT, human_readable=False),
                Paragraph(esc(line.nik), _cell_centre),
            ],
            Paragraph(esc(line.name), _base),
            Paragraph(esc(line.address), _base),
            "",
            "",
            "",
            Paragraph(OLD_CARD_CHOICES, _choices),
            "",
            "",
        ]
        for line in group.lines
    ]
    return heading, rows


def card_rows_table(sheet: RunSheet) -> Table:
    """Every card, grouped by RT, the column heads repeated at the top of every page."""
    rows: list[list[Any]] = [[Paragraph(head, _head) for head in HEADS]]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
        # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), SERIF),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for group in sheet.groups:
        heading, lines = _group_rows(group)
        at = len(rows)
        style += [("SPAN", (0, at), (-1, at)), ("BACKGROUND", (0, at), (-1, at), GROUP_SHADE)]
        rows.append(heading)
        rows += lines
    return Table(rows, colWidths=WIDTHS, repeatRows=1, style=TableStyle(style))


def _story(sheet: RunSheet) -> list[Flowable]:
    return [
        NextPageTemplate("later"),
        KopSurat(sheet.letterhead),
        Spacer(1, 8),
        Paragraph(f"<u>{esc(TITLE)}</u>", _title),
        Paragraph(f"Nomor: {esc(sheet.number)}", _centre),
        Spacer(1, 8),
        _details(sheet),
        Spacer(1, 4),
        Paragraph(esc(sheet.instructions), _small),
        Spacer(1, 6),
        card_rows_table(sheet),
        Spacer(1, 10),
        KeepTogether(
            [
                Paragraph(
                    "Hasil pengantaran: diterima ........ keping; tidak diterima dan "
                    "dibawa kembali ke loket ........ keping.",
                    _body,
                ),
                Spacer(1, 8),
                signature_pair(
                    sheet.acknowledged_by,
                    sheet.courier,
                    place_and_date=sheet.place_and_date,
                    width=BODY_WIDTH,
                ),
            ]
        ),
    ]


def _running_head(sheet: RunSheet) -> str:
    parts = (TITLE, f"Nomor {sheet.number}", sheet.area, f"Petugas: {sheet.courier_name}")
    return " \u00b7 ".join(parts)


def _canvas_maker(sheet: RunSheet) -> Callable[..., Canvas]:
    """The running head on later pages, and "Halaman i dari N" on every page."""
    return numbered_canvas(
        f"Daftar Pengantaran KTP-el Nomor {sheet.number}", PAGE, running_head=_running_head(sheet)
    )


def _frame(top_room: float, name: str) -> Frame:
    return Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        BODY_WIDTH,
        PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN - top_room,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )


def _build(out: BinaryIO, sheet: RunSheet) -> None:
    register_fonts()
    document = BaseDocTemplate(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"Daftar Pengantaran KTP-el Nomor {sheet.number}",
        author=sheet.kelurahan_name,
        subject=f"Pengantaran KTP-el {sheet.area}, petugas {sheet.courier_name}",
        creator=CREATOR,
        producer=CREATOR,
        lang="id-ID",
        initialFontName=SERIF,
    )
    document.addPageTemplates(
        [
            PageTemplate(id="first", frames=[_frame(0, "first")]),
            PageTemplate(id="later", frames=[_frame(RUNNING_HEAD, "later")]),
        ]
    )
    document.build(_story(sheet), canvasmaker=_canvas_maker(sheet))


def write_run_sheet(sheet: RunSheet, path: Path) -> Path:
    """Writes the run sheet to `path` (atomically) and returns `path`."""
    return atomic_write_pdf(path, lambda out: _build(out, sheet))
