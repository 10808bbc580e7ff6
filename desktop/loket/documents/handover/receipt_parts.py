"""What both receipt formats share: the content of a tanda terima and the pieces that draw it.

The A5 sheet and the 80 mm slip say the same things in the same order; only the page,
the sizes and the arrangement differ. Pieces are flowables measured once and drawn one under
the other as measured (`lay_out`, `draw_laid`), so a format can measure its content before it
picks a page. Texts are plain strings (receipt_text), rows are laid out by hand: no markup to
parse, no table to wrap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from loket.core.handover.paper import ReceiptSlip, Strokes
from loket.core.papers.paper import Signatory
from loket.documents.handover.receipt_marks import draw_tick
from loket.documents.handover.receipt_text import Cell, Face, Grid, Placed, Row, Text
from loket.documents.handover.signature import draw_strokes
from loket.documents.kit.fonts import SANS_BOLD, register_fonts
from loket.documents.kit.layout import CREATOR, KopSurat, format_nip

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
    value: Face
    title: Face
    centre: Face
    banner: Face


def slip_styles(font: str, bold: str, size: float, title_size: float) -> SlipStyles:
    register_fonts()
    return SlipStyles(
        font=font,
        bold=bold,
        size=size,
        value=Face(font, size, size * 1.2),
        title=Face(bold, title_size, title_size * 1.2),
        centre=Face(font, size, size * 1.2, centred=True),
        banner=Face(bold, size, size * 1.25, centred=True),
    )


def is_representative(slip: ReceiptSlip) -> bool:
    collector = slip.collector_nik.strip()
    return bool(collector) and collector != slip.owner_nik.strip()


def collector_text(slip: ReceiptSlip) -> str:
    """The name alone for the owner; "SITI AMINAH (NIK 3374045507780004)" for a representative."""
    name = slip.collector_name.strip() or slip.owner_name.strip()
    if is_representative(slip):
        return f"{name} (NIK\xa0{slip.collector_nik.strip()})"  # "NIK" stays by its number
    return name


def _unbroken_rt_rw(text: str) -> str:
    """ "RT 009/RW 003" is never broken over two lines."""
    return re.sub(r"RT (\w+)/RW (\w+)", "RT\xa0\\1/RW\xa0\\2", text)


def receipt_fields(slip: ReceiptSlip) -> list[tuple[str, str | tuple[str, ...]]]:
    """(label, value as plain text) in the order the paper shows them.

    The documents checked stay a list of names, each to be ticked.
    """
    fields: list[tuple[str, str | tuple[str, ...]]] = [
        ("Nama pemilik", slip.owner_name.strip()),
        ("NIK", slip.owner_nik.strip()),
        ("Alamat", _unbroken_rt_rw(slip.owner_address.strip())),
        ("Diambil oleh", collector_text(slip)),
        ("Hubungan", slip.relation.strip()),
    ]
    if slip.collector_phone.strip():
        fields.append(("No. HP", slip.collector_phone.strip()))
    documents = tuple(d.strip() for d in slip.documents_checked if d.strip())
    if slip.delivery_text.strip():
        fields.append(("Pengantaran", slip.delivery_text.strip()))
    fields += [
        *([("Dokumen yang diperiksa", documents)] if documents or not slip.delivery_text else []),
        ("KTP lama", slip.old_card.strip()),
        ("Petugas", slip.officer.name.strip()),
        *([("Loket", slip.desk.strip())] if slip.desk.strip() else []),
        ("Waktu", slip.issued_at.strip()),
    ]
    if slip.reprint_text.strip():
        fields.append(("Dicetak ulang", slip.reprint_text.strip()))
    return fields


class TickedItem(Placed):
    """One checked document: a drawn tick, then its name wrapped beside it."""

    def __init__(self, text: str, face: Face) -> None:
        super().__init__()
        self._face = face
        self._text = Text(text, face)
        self._indent = face.size * 1.25

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self._text.wrap(available_width - self._indent, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        baseline = self.height - self._face.size  # the first line's baseline, near enough
        draw_tick(canvas, x, y + baseline, self._face.size * 0.8)
        self._text.drawOn(canvas, x + self._indent, y)


def value_cell(value: str | tuple[str, ...], styles: SlipStyles) -> list[Flowable]:
    if isinstance(value, tuple):
        if not value:
            return [Text("-", styles.value)]
        return [TickedItem(item, styles.value) for item in value]
    return [Text(value or "-", styles.value)]


def fields_table(
    slip: ReceiptSlip, styles: SlipStyles, width: float, label_width: float, row_gap: float
) -> Grid:
    """Label : value rows, the value wrapped in its column."""
    colon = styles.size * 0.7
    value_x = label_width + colon
    rows = [
        Row(
            (
                Cell(0, label_width, [Text(label, styles.value)]),
                Cell(label_width, colon, [Text(":", styles.value)]),
                Cell(value_x, width - value_x, value_cell(value, styles)),
            )
        )
        for label, value in receipt_fields(slip)
    ]
    return Grid(rows, width, pad=row_gap / 2)


class SignatureSpace(Placed):
    """The room for a signature; the signature drawn on screen is put in it when there is one."""

    def __init__(self, width: float, height: float, strokes: Strokes = ()) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._strokes = strokes

    def wrap(self, *_args: Any) -> tuple[float, float]:
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self._strokes:
            # Kept off the name below and the role above, as a pen would be.
            margin = self.height * 0.08
            draw_strokes(
                canvas,
                self._strokes,
                x + margin,
                y + margin,
                self.width - 2 * margin,
                self.height - 2 * margin,
            )


def _signature_column(
    signatory: Signatory, default_role: str, *, with_nip: bool
) -> tuple[list[str], str, str]:
    """(lines above the space, the name or a dotted line to write it on, the NIP line)."""
    role = signatory.role.strip() or default_role
    above = [role if role.endswith(",") else f"{role},"]
    if signatory.title.strip():
        above.append(signatory.title.strip())
    nip = format_nip(signatory.nip) if with_nip else ""
    return above, signatory.name.strip(), f"NIP. {nip}" if nip else ""


def _name_line(name: str, styles: SlipStyles) -> Text:
    """The name in bold, underlined; a dotted line to write one on when there is none."""
    if not name:
        return Text("(" + "." * 34 + ")", styles.centre)
    bold = Face(styles.bold, styles.centre.size, styles.centre.leading, centred=True)
    return Text(name, bold, underline=True)


#: The place and date's row is never shorter than this: platypus' Table gave its empty cell a
#: line of its own 10-point type, and the slips keep the spacing they have always printed with.
_DATE_ROW = 12.0


def signature_blocks(
    slip: ReceiptSlip,
    styles: SlipStyles,
    width: float,
    space: float,
    *,
    date_across: bool = False,
    padding: float = 2,
) -> Grid:
    """The collector (left, with the drawn signature) and the officer (right, with the NIP).

    The place and date stand above the officer, or across both on a narrow slip.
    """
    centre = styles.centre
    left_above, left_name, _ = _signature_column(slip.collector, COLLECTOR_ROLE, with_nip=False)
    right_above, right_name, right_nip = _signature_column(
        slip.officer, OFFICER_ROLE, with_nip=True
    )
    column = width / 2
    inner = column - 2 * padding

    def left(items: list[Flowable]) -> Cell:
        return Cell(padding, inner, items, align="centre")

    def right(items: list[Flowable]) -> Cell:
        return Cell(column + padding, inner, items, align="centre")

    rows: list[Row] = []
    if slip.place_and_date.strip():
        place_and_date = Text(slip.place_and_date.strip(), centre)
        across = Cell(padding, width - 2 * padding, [place_and_date], align="centre")
        rows.append(Row((across if date_across else right([place_and_date]),), at_least=_DATE_ROW))
    for index in range(max(len(left_above), len(right_above))):
        rows.append(
            Row(
                tuple(
                    cell([Text(side[index] if index < len(side) else "", centre)])
                    for cell, side in ((left, left_above), (right, right_above))
                )
            )
        )
    rows.append(Row((left([SignatureSpace(column * 0.8, space, slip.signature)]),), height=space))
    # The NIP in the name's own cell: a collector's long name, wrapped, never parts them.
    officer: list[Flowable] = [_name_line(right_name, styles)]
    if right_nip:
        officer.append(Text(right_nip, centre))
    rows.append(Row((left([_name_line(left_name, styles)]), right(officer))))
    return Grid(rows, width)


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
