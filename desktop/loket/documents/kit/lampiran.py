"""The lampiran of a paper: its long lists of cards, after the signature page, in the same PDF.

A paper that is signed keeps its body short: a list of more than `IN_BODY_AT_MOST` cards is
given there by its count, and listed in full here, in a dense table (two side by side when no
card has a note), its header on every page, the lampiran numbered on its own ("Halaman i dari
N"). The pages are laid out here, not by platypus, so their number is known before the body
is drawn (the body states it); each is drawn with plain canvas calls. 19,800 cards take about
a second, where a platypus table of them took a minute.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, PageBreakIfNotEmpty

from loket.core.papers.paper import CardLine
from loket.documents.kit.fonts import SERIF, SERIF_BOLD, register_fonts
from loket.documents.kit.layout import (
    BODY_WIDTH,
    BOTTOM_MARGIN,
    PAGE_HEIGHT,
    TOP_MARGIN,
    RestartNumbering,
)

#: A list this long stays in the body of the paper; a longer one goes to the lampiran.
IN_BODY_AT_MOST = 30

BODY_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
SIZE = 8.5  # the rows' type: small, still read without effort
SMALLEST = 7.2  # a long name shrinks to this before it wraps
ROW = 11.5  # a one-line row
MORE_LINE = 9.5  # each further line of a wrapped name or note
BASELINE = 3.4  # above a row's bottom edge
PAD = 2.5  # inside a cell, left and right
HEAD_ROW = 13.0
HALF_GAP = 0.45 * cm  # between the two tables of a page
WIDEST_NOTE = 4.2 * cm
TITLE_SIZE = 10.0
TITLE_LEADING = 12.5
HEADING_SIZE = 10.5
HEADING_LEADING = 13.0
LIST_GAP = 14.0  # between the heading and a list, and between two lists
FEWEST_ROWS = 3  # a list's title never ends a page without this many rows under it
GRID = 0.4
HEAD_FILL = colors.HexColor("#E6E6E6")


@dataclass(frozen=True, slots=True)
class CardList:
    """One list of the lampiran: "DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG)" and its cards."""

    title: str  # in capitals, as a table's title on an official paper (but "KTP-el")
    count_text: str  # "19.800 (sembilan belas ribu delapan ratus) keping"
    lines: Sequence[CardLine]


@dataclass(frozen=True, slots=True)
class LampiranHeading:
    paper: str  # "BERITA ACARA SERAH TERIMA KTP-el"
    number: str  # "474/0001/BA-TERIMA/XI/2026"
    date: str  # "27 November 2026", or "" when not known
    footer_left: str  # at the foot of every page of the lampiran


@dataclass(frozen=True, slots=True)
class Lampiran:
    story: list[Flowable]  # to append after the signatures; empty when nothing goes there
    page_count: int


def in_lampiran(lines: Sequence[CardLine]) -> bool:
    return len(lines) > IN_BODY_AT_MOST


# ---------------------------------------------------------------- rows and columns


@dataclass(frozen=True, slots=True)
class _Row:
    number: str
    number_width: float
    nik: str
    name: tuple[str, ...]  # its lines
    name_size: float
    rt_rw: str
    rt_rw_half_width: float
    note: tuple[str, ...]
    height: float


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    left: float  # from the table's left edge
    width: float


@dataclass(frozen=True, slots=True)
class _Grid:
    number: _Column
    nik: _Column
    name: _Column
    rt_rw: _Column | None
    note: _Column | None
    width: float  # of one table
    tables: int  # side by side on a page: 1 or 2

    @property
    def columns(self) -> tuple[_Column, ...]:
        return tuple(c for c in (self.number, self.nik, self.name, self.rt_rw, self.note) if c)


@cache
def _width(text: str, font: str = SERIF, size: float = SIZE) -> float:
    """The width of one of the lampiran's own words (titles, labels); never of a card's data."""
    return float(stringWidth(text, font, size))


def _grid(lines: Sequence[CardLine]) -> _Grid:
    """Two tables side by side (No., NIK, Nama) when no card has a note; else one table with
    RT/RW (when known) and the notes, whose names then have all the room they need."""
    register_fonts()
    notes = {line.note for line in lines if line.note}
    tables = 1 if notes else 2
    width = (BODY_WIDTH - HALF_GAP) / 2 if tables == 2 else BODY_WIDTH
    digits = _width("0") * len(str(len(lines)))
    number = _Column("No.", 0.0, max(digits, _width("No.", SERIF_BOLD)) + 2 * PAD)
    nik = _Column("NIK", number.width, _width("0" * 16) + 2 * PAD)
    with_rt_rw = tables == 1 and any(line.rt_rw for line in lines)
    rt_rw_width = _width("000/000") + 2 * PAD if with_rt_rw else 0.0
    note_width = 0.0
    if notes:
        widest = max(float(stringWidth(note, SERIF, SIZE)) for note in notes) + 2 * PAD
        note_width = min(widest, WIDEST_NOTE)
    name_left = number.width + nik.width
    name = _Column("Nama", name_left, width - name_left - rt_rw_width - note_width)
    rt_rw = _Column("RT/RW", name_left + name.width, rt_rw_width) if rt_rw_width else None
    note = _Column("Keterangan", width - note_width, note_width) if notes else None
    return _Grid(number, nik, name, rt_rw, note, width, tables)


def _fit(text: str, width: float) -> tuple[tuple[str, ...], float]:
    """A cell's text on one line, a little smaller if need be, else on several lines."""
    room = width - 2 * PAD
    wide = float(stringWidth(text, SERIF, SIZE))
    if wide <= room:
        return (text,), SIZE
    if wide * SMALLEST / SIZE <= room:
        return (text,), SIZE * room / wide
    return tuple(simpleSplit(text, SERIF, SIZE, room)) or ("",), SIZE


def _rows(lines: Sequence[CardLine], grid: _Grid) -> list[_Row]:
    note_column = grid.note
    digit = _width("0")  # every digit of the face is as wide: numbers are aligned by length
    centred: dict[str, float] = {}  # RT/RW repeat: each measured once
    rows = []
    for number, line in enumerate(lines, start=1):
        name, size = _fit(line.name, grid.name.width)
        note = _fit(line.note, note_column.width)[0] if note_column and line.note else ()
        height = ROW + MORE_LINE * (max(len(name), len(note), 1) - 1)
        rt_rw = line.rt_rw
        if rt_rw not in centred:
            centred[rt_rw] = float(stringWidth(rt_rw, SERIF, SIZE)) / 2
        figures = str(number)
        rows.append(
            _Row(
                figures,
                len(figures) * digit,
                line.nik,
                name,
                size,
                rt_rw,
                centred[rt_rw],
                note,
                height,
            )
        )
    return rows


# ---------------------------------------------------------------- laying the pages out


@dataclass(frozen=True, slots=True)
class _Block:
    """A list's part on one page: its title, then its rows in one or two tables."""

    top: float  # from the page's top
    title: tuple[str, ...]
    count_line: str
    grid: _Grid
    rows: list[_Row]
    tables: tuple[tuple[int, int], ...]  # [start, end) of each table side by side


@dataclass
class _PageLayout:
    blocks: list[_Block]
    heading: LampiranHeading | None  # on the first page only


def _title_lines(text: str) -> tuple[str, ...]:
    return tuple(simpleSplit(text, SERIF_BOLD, TITLE_SIZE, BODY_WIDTH))


def _heading_height(heading: LampiranHeading) -> float:
    return HEADING_LEADING * (3 if heading.date else 2) + LIST_GAP


def _fill(prefix: list[float], start: int, room: float) -> int:
    """The end of the longest run of rows from `start` whose heights fit in `room`."""
    return max(bisect.bisect_right(prefix, prefix[start] + room + 0.01) - 1, start)


def _tables(
    prefix: list[float], start: int, end: int, room: float, tables: int, fresh: bool
) -> tuple[tuple[int, int], ...]:
    """The rows from `start` that fit on this page, in one or two tables side by side."""
    first = _fill(prefix, start, room)
    if first == start and fresh:
        first = start + 1  # a row taller than a page (never seen): it is drawn cut off
    if tables == 1 or first == start:
        return ((start, first),)
    second = _fill(prefix, first, room)
    if second < end:
        return ((start, first), (first, second))
    # The list ends on this page: the cut that makes both tables about as tall, such that the
    # left one still fits (at most `first`) and so does the right one (at least `fewest`).
    fewest = bisect.bisect_left(prefix, prefix[end] - room - 0.01, start, end)
    cut = bisect.bisect_left(prefix, (prefix[start] + prefix[end]) / 2, start, end)
    cut = min(max(cut, fewest, start + 1), first)
    return ((start, cut), (cut, end)) if cut < end else ((start, end),)


def _layout(heading: LampiranHeading, lists: Sequence[CardList]) -> list[_PageLayout]:
    pages = [_PageLayout([], heading)]
    used = _heading_height(heading)
    for card_list in lists:
        grid = _grid(card_list.lines)
        rows = _rows(card_list.lines, grid)
        prefix = [0.0, *itertools.accumulate(row.height for row in rows)]
        start = 0
        while start < len(rows):
            continued = start > 0
            title = _title_lines(f"{card_list.title} (lanjutan)" if continued else card_list.title)
            count_line = "" if continued else f"Jumlah: {card_list.count_text}"
            head = TITLE_LEADING * (len(title) + (0 if continued else 1)) + 4 + HEAD_ROW
            few = prefix[min(start + FEWEST_ROWS, len(rows))] - prefix[start]
            fresh = not pages[-1].blocks  # a list's first part always goes under the heading
            if used + head + few > BODY_HEIGHT and not fresh:
                pages.append(_PageLayout([], None))
                used, fresh = 0.0, True
            room = BODY_HEIGHT - used - head
            tables = _tables(prefix, start, len(rows), room, grid.tables, fresh)
            block = _Block(used, title, count_line, grid, rows, tables)
            pages[-1].blocks.append(block)
            tallest = max(prefix[end] - prefix[begin] for begin, end in tables)
            used += head + tallest + LIST_GAP
            start = tables[-1][1]
            if start < len(rows):
                pages.append(_PageLayout([], None))
                used = 0.0
    return pages


# ---------------------------------------------------------------- drawing


class _LampiranPage(Flowable):  # type: ignore[misc]
    """One page of the lampiran, drawn with plain canvas calls: one text object, one set of
    rules."""

    def __init__(self, layout: _PageLayout) -> None:
        super().__init__()
        self._layout = layout

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, BODY_HEIGHT - 1  # fits the frame, whatever its fuzz

    def draw(self) -> None:
        canvas: Canvas = self.canv
        top = BODY_HEIGHT - 1
        text = canvas.beginText()
        rules: list[_Rule] = []
        if self._layout.heading is not None:
            _draw_heading(text, self._layout.heading, top)
        for block in self._layout.blocks:
            _draw_block(canvas, text, rules, block, top - block.top)
        canvas.drawText(text)
        canvas.setLineWidth(GRID)
        canvas.lines(rules)


_Rule = tuple[float, float, float, float]


def _centred(text: PDFTextObject, line: str, font: str, size: float, y: float) -> None:
    text.setFont(font, size)
    text.setTextOrigin((BODY_WIDTH - _width(line, font, size)) / 2, y)
    text.textOut(line)


def _draw_heading(text: PDFTextObject, heading: LampiranHeading, top: float) -> None:
    """LAMPIRAN BERITA ACARA ... / Nomor : ... / Tanggal : ..., at the top right."""
    first = f"LAMPIRAN {heading.paper}"
    fields = [("Nomor", heading.number)] + ([("Tanggal", heading.date)] if heading.date else [])
    label = max(_width(name, SERIF, HEADING_SIZE) for name, _ in fields) + 4
    widest = max(
        _width(first, SERIF, HEADING_SIZE),
        *(label + _width(f": {value}", SERIF, HEADING_SIZE) for _, value in fields),
    )
    left = BODY_WIDTH - widest
    y = top - HEADING_SIZE
    text.setFont(SERIF, HEADING_SIZE)
    text.setTextOrigin(left, y)
    text.textOut(first)
    for name, value in fields:
        y -= HEADING_LEADING
        text.setTextOrigin(left, y)
        text.textOut(name)
        text.setTextOrigin(left + label, y)
        text.textOut(f": {value}")


def _draw_block(
    canvas: Canvas, text: PDFTextObject, rules: list[_Rule], block: _Block, top: float
) -> None:
    y = top
    for line in block.title:
        y -= TITLE_LEADING
        _centred(text, line, SERIF_BOLD, TITLE_SIZE, y + 2)
    if block.count_line:
        y -= TITLE_LEADING
        _centred(text, block.count_line, SERIF, TITLE_SIZE, y + 2)
    y -= 4
    grid = block.grid
    for index, (start, end) in enumerate(block.tables):
        left = index * (grid.width + HALF_GAP)
        _draw_table(canvas, text, rules, grid, block.rows[start:end], left, y)


def _draw_table(
    canvas: Canvas,
    text: PDFTextObject,
    rules: list[_Rule],
    grid: _Grid,
    rows: Sequence[_Row],
    left: float,
    top: float,
) -> None:
    right = left + grid.width
    canvas.setFillColor(HEAD_FILL)
    canvas.rect(left, top - HEAD_ROW, grid.width, HEAD_ROW, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    text.setFont(SERIF_BOLD, SIZE)
    for column in grid.columns:
        x = left + column.left + (column.width - _width(column.title, SERIF_BOLD)) / 2
        text.setTextOrigin(x, top - HEAD_ROW + BASELINE + 0.6)
        text.textOut(column.title)
    rules.append((left, top, right, top))
    y = top - HEAD_ROW
    rules.append((left, y, right, y))
    number_right = left + grid.number.left + grid.number.width - PAD
    nik_x = left + grid.nik.left + PAD
    name_x = left + grid.name.left + PAD
    rt_rw_middle = left + grid.rt_rw.left + grid.rt_rw.width / 2 if grid.rt_rw else 0.0
    note_x = left + grid.note.left + PAD if grid.note else 0.0
    text.setFont(SERIF, SIZE)
    for row in rows:
        baseline = y - ROW + BASELINE
        text.setTextOrigin(number_right - row.number_width, baseline)
        text.textOut(row.number)
        text.setTextOrigin(nik_x, baseline)
        text.textOut(row.nik)
        if row.name_size != SIZE:
            text.setFont(SERIF, row.name_size)
        for offset, line in enumerate(row.name):
            text.setTextOrigin(name_x, baseline - offset * MORE_LINE)
            text.textOut(line)
        if row.name_size != SIZE:
            text.setFont(SERIF, SIZE)
        if grid.rt_rw and row.rt_rw:
            text.setTextOrigin(rt_rw_middle - row.rt_rw_half_width, baseline)
            text.textOut(row.rt_rw)
        for offset, line in enumerate(row.note):
            text.setTextOrigin(note_x, baseline - offset * MORE_LINE)
            text.textOut(line)
        y -= row.height
        rules.append((left, y, right, y))
    for column in grid.columns:
        rules.append((left + column.left, top, left + column.left, y))
    rules.append((right, top, right, y))


def lampiran(heading: LampiranHeading, lists: Sequence[CardList]) -> Lampiran:
    """The lampiran's pages for `lists` (only those with cards), to follow the signatures."""
    lists = [card_list for card_list in lists if card_list.lines]
    if not lists:
        return Lampiran([], 0)
    pages = _layout(heading, lists)
    story: list[Flowable] = [PageBreakIfNotEmpty(), RestartNumbering(heading.footer_left)]
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreakIfNotEmpty())
        story.append(_LampiranPage(page))
    return Lampiran(story, len(pages))
