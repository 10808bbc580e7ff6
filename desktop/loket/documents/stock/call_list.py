"""Daftar panggilan pengambilan KTP-el: one part per RW/RT, cut apart for the RT heads.

Each RW starts on a new page under the letterhead, so the pages of one RW go to its
people whole; inside a RW, each RT's list ends with how to collect the card and a dashed
line to cut along, so every RT head gets a slip that stands on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.stock.paper import CallListPaper, RtGroup, RwGroup
from loket.documents.kit.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC
from loket.documents.kit.layout import (
    BODY_WIDTH,
    KopSurat,
    esc,
    report_signatures,
    styles,
    write_a4_paper,
)

COLUMNS = ("No.", "Nama", "NIK", "Alamat", "Diterima", "Menunggu<br/>(hari kerja)")
WIDTHS = (0.9 * cm, 3.9 * cm, 3.3 * cm, 0.0, 2.0 * cm, 2.1 * cm)
_SECTION_HEAD_ROOM = 4 * cm  # an RT heading never ends a page without rows under it
_GREY = colors.HexColor("#6B6B6B")


def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = styles().cell
    cell = ParagraphStyle("call_cell", parent=base, fontSize=10, leading=12)
    centre = ParagraphStyle("call_centre", parent=cell, alignment=TA_CENTER)
    head = ParagraphStyle("call_head", parent=centre, fontName=SERIF_BOLD, fontSize=9.5)
    return cell, centre, head


class CutLine(Flowable):  # type: ignore[misc]
    """A dashed line across the page with "potong di sini" in its middle."""

    LABEL = "potong di sini"
    HEIGHT = 14.0

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        middle = self.HEIGHT / 2
        canvas.setFont(SERIF_ITALIC, 8)
        label_width = canvas.stringWidth(self.LABEL, SERIF_ITALIC, 8) + 10
        gap_left = (self.width - label_width) / 2
        canvas.setStrokeColor(_GREY)
        canvas.setFillColor(_GREY)
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        canvas.line(0, middle, gap_left, middle)
        canvas.line(gap_left + label_width, middle, self.width, middle)
        canvas.drawCentredString(self.width / 2, middle - 2.5, self.LABEL)


def _table(group: RtGroup) -> Table:
    cell, centre, head = _cell_styles()
    rows: list[list[Any]] = [[Paragraph(text, head) for text in COLUMNS]]
    for number, line in enumerate(group.lines, start=1):
        rows.append(
            [
                Paragraph(str(number), centre),
                Paragraph(esc(line.name), cell),
                Paragraph(esc(line.nik_masked), cell),
                Paragraph(esc(line.address), cell),
                Paragraph(esc(line.received), centre),
                Paragraph(str(line.waited_days), centre),
            ]
        )
    widths = list(WIDTHS)
    widths[3] = BODY_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
                # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _rt_section(group: RtGroup, paper: CallListPaper) -> list[Flowable]:
    heading = ParagraphStyle(
        "rt_heading", parent=styles().body_left, fontName=SERIF_BOLD, fontSize=11.5, leading=14
    )
    note = ParagraphStyle(
        "rt_note", parent=styles().body_left, fontName=SERIF_ITALIC, fontSize=9.5, leading=11.5
    )
    context = ParagraphStyle(
        "rt_context", parent=note, fontName=SERIF, fontSize=8.5, alignment=TA_RIGHT
    )
    # What the slip is, beside its heading: a part cut off for one RT head still says so.
    about = f"Daftar panggilan KTP-el {paper.author} · {paper.date_text}"
    head = Table(
        [[Paragraph(esc(group.heading), heading), Paragraph(esc(about), context)]],
        colWidths=[BODY_WIDTH * 0.42, BODY_WIDTH * 0.58],
    )
    head.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        CondPageBreak(_SECTION_HEAD_ROOM),
        KeepTogether(
            [
                head,
                Spacer(1, 3),
                _table(group),
                Spacer(1, 3),
                Paragraph(esc(paper.how_to_collect), note),
            ]
        ),
    ]


def _rw_part(group: RwGroup, paper: CallListPaper) -> list[Flowable]:
    s = styles()
    criteria = ParagraphStyle("criteria", parent=s.body, fontSize=11, leading=13.5)
    right = ParagraphStyle("place", parent=s.body_left, fontSize=11, alignment=TA_RIGHT)
    rw_heading = ParagraphStyle(
        "rw_heading",
        parent=s.body_left,
        fontName=SERIF_BOLD,
        fontSize=13,
        leading=16,
        alignment=TA_LEFT,
        backColor=colors.HexColor("#EFEFEF"),
        borderPadding=(3, 4, 4, 4),
    )
    story: list[Flowable] = [
        KopSurat(paper.letterhead),
        Spacer(1, 10),
        Paragraph(f"<u>{esc(paper.title)}</u>", s.title),
        *([Paragraph(f"Nomor: {esc(paper.number)}", s.number)] if paper.number else []),
        Spacer(1, 6),
        Paragraph(esc(paper.criteria), criteria),
        *(
            [Paragraph(f"Jumlah: <b>{esc(paper.total_text)}</b>.", criteria)]
            if paper.total_text
            else []
        ),
        Spacer(1, 2),
        Paragraph(esc(paper.place_and_date), right),
        Spacer(1, 10),
        Paragraph(esc(group.heading), rw_heading),
        Spacer(1, 10),
    ]
    for index, rt in enumerate(group.rts):
        if index:
            story += [Spacer(1, 6), CutLine(), Spacer(1, 6)]
        story += _rt_section(rt, paper)
    if paper.acknowledged_by is not None and paper.officer is not None:
        # The office's authority under every RW's part: it goes up on a board whole.
        story += report_signatures(paper.acknowledged_by, paper.officer, paper.place_and_date)
    return story


def _story(paper: CallListPaper) -> list[Flowable]:
    story: list[Flowable] = []
    for index, group in enumerate(paper.groups):
        if index:
            story.append(PageBreak())  # each RW on its own pages, to hand over whole
        story += _rw_part(group, paper)
    return story


def write_call_list(paper: CallListPaper, path: Path) -> Path:
    """Writes the daftar panggilan to `path` (atomically) and returns `path`."""
    number = f" Nomor {paper.number}" if paper.number else ""
    footer = f"Daftar panggilan{number} — {paper.author}, {paper.date_text}"
    return write_a4_paper(
        path,
        _story(paper),
        title=f"Daftar Panggilan Pengambilan KTP-el — {paper.author}",
        author=paper.author,
        subject=paper.criteria,
        footer_left=footer,
    )
