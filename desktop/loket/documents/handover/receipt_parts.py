"""What both receipt formats share: the content of a tanda terima and the pieces that draw it.

The A5 sheet and the 80 mm slip say the same things in the same order; only the page,
the sizes and the arrangement differ. Pieces are platypus flowables drawn one under the
other (`draw_stack`), so a format can measure its content before it picks a page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from loket.core.handover.paper import ReceiptSlip, Strokes
from loket.core.papers.paper import Signatory
from loket.documents.handover.receipt_marks import draw_tick
from loket.documents.handover.signature import draw_strokes
from loket.documents.kit.fonts import SANS_BOLD, register_fonts
from loket.documents.kit.layout import CREATOR, KopSurat, esc, format_nip

TITLE = "TANDA TERIMA KTP-el"
COLLECTOR_ROLE = "Yang Menerima,"
OFFICER_ROLE = "Petugas Loket,"
_TALL = 1e6  # "no limit" when a flowable is measured


def pdf_title(slip: ReceiptSlip) -> str:
    return f"Tanda Terima KTP-el {slip.receipt_number}"


def start_canvas(out: BinaryIO, pagesize: tuple[float, float], slip: ReceiptSlip) -> Canvas:
    """A canvas with the receipt's metadata; its first font is an embedded one, not Helvetica."""
    register_fonts()
    canvas = Canvas(out, pagesize=pagesize, initialFontName=SANS_BOLD, lang="id-ID")
    canvas.setTitle(pdf_title(slip))
    canvas.setAuthor(slip.letterhead.kelurahan.strip() or CREATOR)
    canvas.setSubject(f"Penyerahan KTP-el kepada {slip.owner_name}")
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    return canvas


@dataclass(frozen=True, slots=True)
class SlipStyles:
    font: str
    bold: str
    size: float
    value: ParagraphStyle
    title: ParagraphStyle
    centre: ParagraphStyle
    banner: ParagraphStyle


def slip_styles(font: str, bold: str, size: float, title_size: float) -> SlipStyles:
    register_fonts()
    value = ParagraphStyle(
        "slip_value", fontName=font, fontSize=size, leading=size * 1.2, alignment=TA_LEFT
    )
    return SlipStyles(
        font=font,
        bold=bold,
        size=size,
        value=value,
        title=ParagraphStyle(
            "slip_title",
            parent=value,
            fontName=bold,
            fontSize=title_size,
            leading=title_size * 1.2,
        ),
        centre=ParagraphStyle("slip_centre", parent=value, alignment=TA_CENTER),
        banner=ParagraphStyle(
            "slip_banner", parent=value, fontName=bold, alignment=TA_CENTER, leading=size * 1.25
        ),
    )


def is_representative(slip: ReceiptSlip) -> bool:
    collector = slip.collector_nik.strip()
    return bool(collector) and collector != slip.owner_nik.strip()


def collector_markup(slip: ReceiptSlip) -> str:
    """The name alone for the owner; "SITI AMINAH (NIK 3374045507780004)" for a representative."""
    name = esc(slip.collector_name.strip() or slip.owner_name.strip())
    if is_representative(slip):
        return f"{name} (NIK&nbsp;{esc(slip.collector_nik.strip())})"  # "NIK" stays by its number
    return name


def _unbroken_rt_rw(markup: str) -> str:
    """ "RT 009/RW 003" is never broken over two lines."""
    return re.sub(r"RT (\w+)/RW (\w+)", r"RT&nbsp;\1/RW&nbsp;\2", markup)


def receipt_fields(slip: ReceiptSlip) -> list[tuple[str, str | tuple[str, ...]]]:
    """(label, value as Paragraph markup) in the order the paper shows them.

    The documents checked stay a list of plain names, each to be ticked.
    """
    fields: list[tuple[str, str | tuple[str, ...]]] = [
        ("Nama pemilik", esc(slip.owner_name.strip())),
        ("NIK", esc(slip.owner_nik.strip())),
        ("Alamat", _unbroken_rt_rw(esc(slip.owner_address.strip()))),
        ("Diambil oleh", collector_markup(slip)),
        ("Hubungan", esc(slip.relation.strip())),
    ]
    if slip.collector_phone.strip():
        fields.append(("No. HP", esc(slip.collector_phone.strip())))
    documents = tuple(d.strip() for d in slip.documents_checked if d.strip())
    if slip.delivery_text.strip():
        fields.append(("Pengantaran", esc(slip.delivery_text.strip())))
    fields += [
        *([("Dokumen yang diperiksa", documents)] if documents or not slip.delivery_text else []),
        ("KTP lama", esc(slip.old_card.strip())),
        ("Petugas", esc(slip.officer.name.strip())),
        *([("Loket", esc(slip.desk.strip()))] if slip.desk.strip() else []),
        ("Waktu", esc(slip.issued_at.strip())),
    ]
    if slip.reprint_text.strip():
        fields.append(("Dicetak ulang", esc(slip.reprint_text.strip())))
    return fields


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width. A table wraps its cells to measure its
    rows, then wraps them again to place them as it draws: the second time costs nothing."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != available_width:
            self._wrapped = (available_width, super().wrap(available_width, available_height))
        return self._wrapped[1]


class TickedItem(Flowable):  # type: ignore[misc]
    """One checked document: a drawn tick, then its name wrapped beside it."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self._style = style
        self._paragraph = Para(esc(text), style)
        self._indent = style.fontSize * 1.25

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self._paragraph.wrap(available_width - self._indent, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def draw(self) -> None:
        size = self._style.fontSize * 0.8
        baseline = self.height - self._style.fontSize  # the first line's baseline, near enough
        draw_tick(self.canv, 0, baseline, size)
        self._paragraph.drawOn(self.canv, self._indent, 0)


def value_cell(value: str | tuple[str, ...], styles: SlipStyles) -> Any:
    if isinstance(value, tuple):
        if not value:
            return Para("-", styles.value)
        return [TickedItem(item, styles.value) for item in value]
    return Para(value or "-", styles.value)


def fields_table(
    slip: ReceiptSlip, styles: SlipStyles, width: float, label_width: float, row_gap: float
) -> Table:
    """Label : value rows, the value wrapped in its column."""
    colon = styles.size * 0.7
    rows = [
        [Para(esc(label), styles.value), Para(":", styles.value), value_cell(v, styles)]
        for label, v in receipt_fields(slip)
    ]
    table = Table(rows, colWidths=[label_width, colon, width - label_width - colon], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), row_gap / 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap / 2),
            ]
        )
    )
    return table


class SignatureSpace(Flowable):  # type: ignore[misc]
    """The room for a signature; the signature drawn on screen is put in it when there is one."""

    def __init__(self, width: float, height: float, strokes: Strokes = ()) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._strokes = strokes

    def wrap(self, *_args: Any) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self._strokes:
            # Kept off the name below and the role above, as a pen would be.
            margin = self.height * 0.08
            draw_strokes(
                self.canv,
                self._strokes,
                margin,
                margin,
                self.width - 2 * margin,
                self.height - 2 * margin,
            )


def _signature_column(
    signatory: Signatory, default_role: str, styles: SlipStyles, *, with_nip: bool
) -> tuple[list[str], str, str]:
    role = signatory.role.strip() or default_role
    above = [esc(role if role.endswith(",") else f"{role},")]
    if signatory.title.strip():
        above.append(esc(signatory.title.strip()))
    name = esc(signatory.name.strip())
    name_line = f"<b><u>{name}</u></b>" if name else "(" + "." * 34 + ")"
    nip = format_nip(signatory.nip) if with_nip else ""
    return above, name_line, f"NIP. {esc(nip)}" if nip else ""


def signature_blocks(
    slip: ReceiptSlip,
    styles: SlipStyles,
    width: float,
    space: float,
    *,
    date_across: bool = False,
    padding: float = 2,
) -> Table:
    """The collector (left, with the drawn signature) and the officer (right, with the NIP).

    The place and date stand above the officer, or across both on a narrow slip.
    """
    centre = styles.centre
    left_above, left_name, _ = _signature_column(
        slip.collector, COLLECTOR_ROLE, styles, with_nip=False
    )
    right_above, right_name, right_nip = _signature_column(
        slip.officer, OFFICER_ROLE, styles, with_nip=True
    )
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    if slip.place_and_date.strip():
        place_and_date = Para(esc(slip.place_and_date.strip()), centre)
        rows.append([place_and_date, ""] if date_across else ["", place_and_date])
        if date_across:
            commands.append(("SPAN", (0, 0), (1, 0)))
    for index in range(max(len(left_above), len(right_above))):
        cells = [side[index] if index < len(side) else "" for side in (left_above, right_above)]
        rows.append([Para(text, centre) for text in cells])
    column = width / 2
    space_row = len(rows)
    rows.append([SignatureSpace(column * 0.8, space, slip.signature), ""])
    # The NIP in the name's own cell: a collector's long name, wrapped, never parts them.
    officer = [
        Para(right_name, centre),
        *([Para(right_nip, centre)] if right_nip else []),
    ]
    rows.append([Para(left_name, centre), officer])
    heights: list[float | None] = [None] * len(rows)
    heights[space_row] = space
    table = Table(rows, colWidths=[column, column], rowHeights=heights)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *commands,
            ]
        )
    )
    return table


class CompactKop(KopSurat):
    """The kop surat in the sizes of a slip: same lines, smaller type, thinner rules."""

    def __init__(
        self,
        slip: ReceiptSlip,
        headings: tuple[tuple[str, float], tuple[str, float], tuple[str, float]],
        address: tuple[str, float],
        logo_space: float,
        rules: tuple[float, float] = (1.4, 0.5),
    ) -> None:
        super().__init__(slip.letterhead)
        self.HEADINGS = headings
        self.ADDRESS = address
        self.LOGO_SPACE = logo_space
        self._rules = rules

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, _ = super().wrap(available_width, available_height)
        return width, self._text_height() + 6

    def draw(self) -> None:
        canvas = self.canv
        y = self._text_height() + 6
        for text, font, size in self._lines:
            y -= size * 1.2
            fitted = min(size, size * self._text_width / stringWidth(text, font, size))
            canvas.setFont(font, fitted)
            canvas.drawCentredString(self.width / 2, y + size * 0.25, text)
        self.draw_logo(6, self._text_height() + 6)
        heavy, light = self._rules
        canvas.setLineWidth(heavy)
        canvas.line(0, 3.5, self.width, 3.5)
        canvas.setLineWidth(light)
        canvas.line(0, 1.2, self.width, 1.2)


@dataclass(frozen=True, slots=True)
class Laid:
    """Flowables wrapped once at a width, one under the other: `draw_laid` draws them as they
    were measured, without wrapping them again."""

    items: tuple[tuple[Flowable, float, float, float, float], ...]  # (f, before, w, h, after)
    width: float

    @property
    def height(self) -> float:
        return float(sum(before + height + after for _, before, _, height, after in self.items))


def lay_out(flowables: Sequence[Flowable], width: float, canvas: Canvas | None = None) -> Laid:
    """Wraps each of `flowables` once at `width` (no height limit)."""
    items = []
    for flowable in flowables:
        drawn_width, height = flowable.wrapOn(canvas, width, _TALL)
        items.append(
            (flowable, flowable.getSpaceBefore(), drawn_width, height, flowable.getSpaceAfter())
        )
    return Laid(tuple(items), width)


def draw_laid(canvas: Canvas, laid: Laid, x: float, top: float) -> float:
    """Draws what `lay_out` measured from `top` down; returns the y where it ends."""
    for flowable, before, drawn_width, height, after in laid.items:
        top -= before
        align = str(getattr(flowable, "hAlign", "LEFT")).upper()
        offset = 0.0
        if align in ("CENTER", "CENTRE"):
            offset = (laid.width - drawn_width) / 2
        elif align == "RIGHT":
            offset = laid.width - drawn_width
        flowable.drawOn(canvas, x + offset, top - height)
        top -= height + after
    return top
