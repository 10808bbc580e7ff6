"""What every official paper shares: page, styles, kop surat, signature blocks, page numbers.

Margins follow the habit of Indonesian tata naskah dinas (3 cm left for binding, 2 cm right);
the body is Times-like serif at 12 pt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.papers.paper import CardLine, Letterhead, Signatory, grouped_nip
from loket.documents.kit.fonts import SERIF, SERIF_BOLD, register_fonts
from loket.documents.kit.output import atomic_write_pdf

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 3 * cm
RIGHT_MARGIN = 2 * cm
TOP_MARGIN = 1.3 * cm
BOTTOM_MARGIN = 2.2 * cm
BODY_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
CREATOR = "Loket KTP-el"

DOTS = "." * 40  # a line to write a name on by hand
SIGNATURE_SPACE = 1.9 * cm  # room for a signature and a stamp


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    body_left: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    centre: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_head: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=SERIF, fontSize=12, leading=14, alignment=TA_JUSTIFY)
    cell = ParagraphStyle("cell", fontName=SERIF, fontSize=10.5, leading=12.5, alignment=TA_LEFT)
    return Styles(
        body=body,
        body_left=ParagraphStyle("body_left", parent=body, alignment=TA_LEFT),
        title=ParagraphStyle(
            "title", parent=body, fontName=SERIF_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        number=ParagraphStyle("number", parent=body, alignment=TA_CENTER),
        centre=ParagraphStyle("centre", parent=body, alignment=TA_CENTER, leading=14),
        cell=cell,
        cell_centre=ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=SERIF_BOLD, alignment=TA_CENTER
        ),
    )


def esc(text: str) -> str:
    """Data made safe for Paragraph markup (names may hold "&" or "<")."""
    return escape(text)


def format_nip(nip: str) -> str:
    """Groups an 18-digit NIP the way it is printed under a signature: "19680512 199403 1 007"."""
    return grouped_nip(nip)


LOGO_HEIGHT = 2 * cm
LOGO_PIXELS = 600  # tallest logo kept: 2 cm at more than 700 dpi, small and quick to embed


@lru_cache(maxsize=4)
def _logo_reader(path: str, _modified: int, _size: int) -> ImageReader | None:
    """The logo, scaled down once per file version; None when it cannot be read."""
    from PIL import Image  # reportlab's own image library

    try:
        with Image.open(path) as opened:
            image = opened.convert("RGBA" if _has_alpha(opened) else "RGB")
        if image.height > LOGO_PIXELS:
            width = max(1, round(image.width * LOGO_PIXELS / image.height))
            image = image.resize((width, LOGO_PIXELS), Image.Resampling.LANCZOS)
        return ImageReader(image)
    except (OSError, ValueError) as error:
        log.warning("logo %s not drawn: %s", path, error)
        return None


def _has_alpha(image: Any) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def logo_image(path: str) -> ImageReader | None:
    """The letterhead's logo, or None (no logo, or a file gone or broken: the paper goes on)."""
    if not path:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        log.warning("logo %s not found: papers are printed without it", path)
        return None
    return _logo_reader(path, stat.st_mtime_ns, stat.st_size)


class KopSurat(Flowable):  # type: ignore[misc]
    """The letterhead: government, kecamatan, kelurahan, address, and the double rule under it.

    The space at the left holds the office's logo when one is set, as printed letterheads do.
    """

    LOGO_SPACE = 2.6 * cm
    HEADINGS = ((SERIF_BOLD, 14.0), (SERIF_BOLD, 14.0), (SERIF_BOLD, 17.0))
    ADDRESS = (SERIF, 10.5)

    def __init__(self, letterhead: Letterhead) -> None:
        super().__init__()
        register_fonts()
        self._letterhead = letterhead
        self._lines: list[tuple[str, str, float]] = []

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._text_width = available_width - 2 * self.LOGO_SPACE
        head = self._letterhead
        texts = (head.government, head.kecamatan, head.kelurahan)
        self._lines = []
        for text, (font, size) in zip(texts, self.HEADINGS, strict=True):
            if text.strip():
                self._lines += self._fitted(text.strip(), font, size)
        # A long address (with telephone, e-mail, post code) goes on two lines, not in tiny type.
        font, size = self.ADDRESS
        for line in simpleSplit(head.address.strip(), font, size, self._text_width):
            self._lines.append((line, font, size))
        return self.width, self._text_height() + 10

    def _fitted(self, text: str, font: str, size: float) -> list[tuple[str, str, float]]:
        """A long name ("PEMERINTAH KABUPATEN KEPULAUAN ...") shrinks a little, then wraps."""
        smallest = size * 0.8
        fitted = min(size, size * self._text_width / stringWidth(text, font, size))
        if fitted >= smallest:
            return [(text, font, fitted)]
        return [
            (line, font, smallest) for line in simpleSplit(text, font, smallest, self._text_width)
        ]

    def _text_height(self) -> float:
        return sum(size * 1.2 for _, _, size in self._lines)

    def draw(self) -> None:
        canvas = self.canv
        y = self._text_height() + 10
        for text, font, size in self._lines:
            y -= size * 1.2
            # A single word wider than the space still never runs into the emblem.
            fitted = min(size, size * self._text_width / stringWidth(text, font, size))
            canvas.setFont(font, fitted)
            canvas.drawCentredString(self.width / 2, y + size * 0.25, text)
        self.draw_logo(10, self._text_height() + 10)
        canvas.setLineWidth(2.2)
        canvas.line(0, 6, self.width, 6)
        canvas.setLineWidth(0.7)
        canvas.line(0, 2.5, self.width, 2.5)

    def draw_logo(self, bottom: float, top: float) -> None:
        """The logo at the left, at most LOGO_HEIGHT tall, centred between `bottom` and `top`."""
        if self.LOGO_SPACE <= 0:  # the 80 mm slip has no room for it
            return
        image = logo_image(self._letterhead.logo_path)
        if image is None:
            return
        box_width = self.LOGO_SPACE * 0.85  # a gap before the centred text
        box_height = min(LOGO_HEIGHT, top - bottom)
        pixels_wide, pixels_high = image.getSize()
        scale = min(box_width / pixels_wide, box_height / pixels_high)
        width, height = pixels_wide * scale, pixels_high * scale
        y = bottom + (top - bottom - height) / 2
        self.canv.drawImage(image, 0, y, width, height, mask="auto")


def signature_cell_lines(signatory: Signatory, party: str = "") -> tuple[list[str], str, str]:
    """(lines above the signature space, name line, NIP line) as Paragraph markup."""
    role = signatory.role.strip()
    above = [f"<b>{esc(party)}</b>"] if party else []
    if role:
        above.append(esc(role if role.endswith(",") else f"{role},"))
    if signatory.title.strip():
        above.append(esc(signatory.title.strip()))
    name = signatory.name.strip()
    name_line = f"<b><u>{esc(name)}</u></b>" if name else f"({DOTS})"
    nip = format_nip(signatory.nip)
    nip_line = f"NIP. {esc(nip)}" if nip else f"NIP. {'.' * 30}"
    return above, name_line, nip_line if signatory.has_nip else ""


def _signature_style() -> TableStyle:
    return TableStyle(
        [
            # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def signature_pair(
    left: Signatory,
    right: Signatory,
    *,
    left_party: str = "",
    right_party: str = "",
    place_and_date: str = "",
    width: float = BODY_WIDTH,
) -> Table:
    """Two signature blocks side by side; the place and date stand above the right one."""
    style = styles().centre
    left_above, left_name, left_nip = signature_cell_lines(left, left_party)
    right_above, right_name, right_nip = signature_cell_lines(right, right_party)
    rows: list[list[Any]] = []
    if place_and_date:
        rows.append(["", Paragraph(esc(place_and_date), style)])
    for index in range(max(len(left_above), len(right_above))):
        cells = [side[index] if index < len(side) else "" for side in (left_above, right_above)]
        rows.append([Paragraph(text, style) for text in cells])
    space_row = len(rows)
    rows.append(["", ""])
    rows.append([Paragraph(left_name, style), Paragraph(right_name, style)])
    rows.append([Paragraph(left_nip, style), Paragraph(right_nip, style)])
    heights: list[float | None] = [None] * len(rows)
    heights[space_row] = SIGNATURE_SPACE
    table = Table(rows, colWidths=[width / 2, width / 2], rowHeights=heights)
    table.setStyle(_signature_style())
    return table


def signature_single(signatory: Signatory, *, width: float = BODY_WIDTH) -> Table:
    """One signature block in the middle of the page ("Mengetahui, Lurah ...")."""
    style = styles().centre
    above, name_line, nip_line = signature_cell_lines(signatory)
    rows: list[list[Any]] = [[Paragraph(text, style)] for text in above]
    rows += [[""], [Paragraph(name_line, style)], [Paragraph(nip_line, style)]]
    heights: list[float | None] = [None] * len(rows)
    heights[len(above)] = SIGNATURE_SPACE
    table = Table(rows, colWidths=[width / 2], rowHeights=heights, hAlign="CENTER")
    table.setStyle(_signature_style())
    return table


def card_table(
    lines: Sequence[CardLine],
    *,
    width: float = BODY_WIDTH,
    header: bool = True,
    first_number: int = 1,
    with_rt_rw: bool | None = None,
) -> Table:
    """No / NIK / Nama / (RT/RW) / Keterangan, the header repeated on every page it reaches.

    The RT/RW column is there when any card's RT/RW is known (`with_rt_rw`: as decided for the
    whole list, when this table is its last rows, drawn without a header, from `first_number`).
    """
    s = styles()
    if with_rt_rw is None:
        with_rt_rw = any(line.rt_rw for line in lines)
    titles = ["No.", "NIK", "Nama", *(["RT/RW"] if with_rt_rw else []), "Keterangan"]
    rows: list[list[Any]] = [[Paragraph(text, s.cell_head) for text in titles]] if header else []
    for number, line in enumerate(lines, start=first_number):
        rows.append(
            [
                Paragraph(str(number), s.cell_centre),
                Paragraph(esc(line.nik), s.cell),
                Paragraph(esc(line.name), s.cell),
                *([Paragraph(esc(line.rt_rw), s.cell_centre)] if with_rt_rw else []),
                Paragraph(esc(line.note), s.cell),
            ]
        )
    widths = [1.1 * cm, 3.6 * cm, 0.0, *([1.8 * cm] if with_rt_rw else []), 4.2 * cm]
    widths[2] = width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6"))] if header else []),
                # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


class ContinuedRows(Flowable):  # type: ignore[misc]
    """The last rows of a table, kept with what follows them (the signatures): drawn with the
    table's header when they begin a page, without one when they carry on under the rest."""

    def __init__(self, with_header: Table, without_header: Table) -> None:
        super().__init__()
        self._with_header = with_header
        self._without_header = without_header
        self._chosen = without_header

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        self._chosen = self._with_header if at_top else self._without_header
        self.width, self.height = self._chosen.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        self._chosen.drawOn(self.canv, 0, 0)


@dataclass(frozen=True, slots=True)
class PageFrame:
    """A page and its margins; the footer sits `footer_drop` below the bottom margin."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    footer_drop: float


A4_PORTRAIT = PageFrame(
    PAGE_WIDTH, PAGE_HEIGHT, LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN, 1.1 * cm
)


class RestartNumbering(Flowable):  # type: ignore[misc]
    """Takes no room; from the page it lands on, pages are numbered again from 1 with their own
    footer (a lampiran: "Halaman 1 dari 165" of the lampiran, after the paper's own pages)."""

    _ZEROSIZE = True

    def __init__(self, footer_left: str) -> None:
        super().__init__()
        self.footer_left = footer_left

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        restart = getattr(self.canv, "restart_numbering", None)
        if restart is not None:
            restart(self.footer_left)


def numbered_canvas(
    footer_left: str, page: PageFrame = A4_PORTRAIT, running_head: str = ""
) -> Callable[..., Canvas]:
    """A canvas maker that writes "Halaman i dari N" (and `footer_left`) on every page, and
    `running_head` at the top of every page after the first.

    Pages are held until the end so the total is known when the footers are drawn. A
    `RestartNumbering` in the story starts a part numbered on its own, with its own footer.
    """

    class _NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._parts: dict[int, str] = {0: footer_left}  # first page index -> its footer

        def restart_numbering(self, footer: str) -> None:
            self._parts[len(self._pages)] = footer

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            starts = sorted(self._parts)
            ends = [*starts[1:], len(self._pages)]
            numbering = [
                (self._parts[start], index - start + 1, end - start)
                for start, end in zip(starts, ends, strict=True)
                for index in range(start, end)
            ]
            for state, (footer, number, total) in zip(self._pages, numbering, strict=True):
                self.__dict__.update(state)
                self._decorate(footer, number, total)
                super().showPage()
            super().save()

        def _decorate(self, footer: str, number: int, total: int) -> None:
            self.saveState()
            if running_head and number > 1:
                self.setFont(SERIF_BOLD, 9.5)
                self.drawString(page.left, page.height - page.top - 10, running_head)
            self.setFont(SERIF, 8.5)
            y = page.bottom - page.footer_drop
            if footer:
                self.drawString(page.left, y, footer)
            self.drawRightString(page.width - page.right, y, f"Halaman {number} dari {total}")
            self.restoreState()

    return _NumberedCanvas


def build_pdf(
    out: BinaryIO,
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer_left: str = "",
) -> None:
    """Lays the story out on A4 pages with page numbers and the PDF's title and author."""
    register_fonts()
    document = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        producer=CREATOR,
        lang="id-ID",
        # The canvas's first font would otherwise be Helvetica, referenced but not embedded.
        initialFontName=SERIF,
    )
    # No frame padding: tables and paragraphs share the same left and right edges.
    frame = Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        BODY_WIDTH,
        PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=numbered_canvas(footer_left))


def write_a4_paper(
    path: Path,
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer_left: str = "",
) -> Path:
    """Lays the story out (see build_pdf) and writes it to `path` atomically."""

    def build(out: BinaryIO) -> None:
        build_pdf(out, story, title=title, author=author, subject=subject, footer_left=footer_left)

    return atomic_write_pdf(path, build)


def report_signatures(
    acknowledged_by: Signatory, officer: Signatory, place_and_date: str
) -> list[Flowable]:
    """The lurah (Mengetahui) and the petugas side by side, kept together, under a report."""
    spacer, pair = report_signature_parts(acknowledged_by, officer, place_and_date)
    return [spacer, KeepTogether([pair])]


def report_signature_parts(
    acknowledged_by: Signatory, officer: Signatory, place_and_date: str
) -> list[Flowable]:
    """`report_signatures` unwrapped, for a caller that keeps them together with rows of its
    own: a KeepTogether inside another always reads as too tall for the page (reportlab's
    wrap answers 0xffffff to force a split), which sent the rows and signatures to a new page
    however much room was left."""
    return [Spacer(1, 16), signature_pair(acknowledged_by, officer, place_and_date=place_and_date)]
