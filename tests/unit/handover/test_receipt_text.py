"""A slip's plain texts: broken into lines where platypus' Paragraph breaks them, drawn as set."""

from __future__ import annotations

import io
import random
import re
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from loket.documents.handover.receipt_text import Cell, Face, Grid, Row, Text, break_lines
from loket.documents.kit.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts


def paragraph_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines Paragraph makes of `text` (no-break spaces written as &nbsp;)."""
    style = ParagraphStyle("p", fontName=font, fontSize=size, leading=size * 1.2)
    paragraph = Paragraph(escape(text).replace("\xa0", "&nbsp;"), style)
    paragraph.wrap(width, 1e6)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in lines]


def our_lines(text: str, font: str, size: float, width: float) -> list[str]:
    return [
        "".join(t for t, _ in line.segments) for line in break_lines(((text, font),), size, width)
    ]


def test_lines_break_where_paragraph_breaks_them() -> None:
    """Random words, no-break spaces, words wider than the line, at random widths: the same
    lines, so a slip wraps its address or its documents where it always has."""
    register_fonts()
    rng = random.Random(16)
    letters = "abcdefghij klmnop RSTUV 0123456789 ()/,.-&<" + "\xa0"
    multi_line = cut = 0
    for _ in range(600):
        font = rng.choice([SERIF, SANS, SERIF_BOLD])
        size = rng.choice([7.5, 8.5, 9.4, 10.0])
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 120)))
        if rng.random() < 0.2:
            text += " " + "W" * rng.randint(20, 60)  # wider than most lines: cut between letters
        width = rng.uniform(30, 300)
        theirs = [line.strip() for line in paragraph_lines(text, font, size, width)]
        ours = [line.strip() for line in our_lines(text, font, size, width)]
        assert ours == theirs, (text, font, size, width)
        multi_line += len(ours) > 1
        cut += any("W" * 5 in line and not line.startswith("W" * 5) for line in ours[1:])
    assert multi_line > 300 and cut > 0


def test_a_no_break_space_keeps_its_words_together() -> None:
    register_fonts()
    text = "Rusunawa Kaligawe Blok A Lt. 1 No. 5, RT\xa0009/RW\xa0001"
    for width in range(90, 300, 7):
        lines = our_lines(text, SERIF, 10, width)
        assert sum("RT\xa0009/RW\xa0001" in line for line in lines) == 1, width


def test_a_bold_run_is_set_in_bold_after_its_label() -> None:
    register_fonts()
    (line,) = break_lines((("Nomor: ", SERIF), ("3374041002-2026-000123", SERIF_BOLD)), 10, 300)
    assert line.segments == (("Nomor: ", SERIF), ("3374041002-2026-000123", SERIF_BOLD))


def drawn(*texts: tuple[Text, float]) -> str:
    """The page content of `texts` drawn at (x, 100), each wrapped at the width given."""
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    for text, width in texts:
        text.wrap(width, 1e6)
        text.drawOn(canvas, 20, 100)
    canvas.showPage()
    canvas.save()
    return out.getvalue().decode("latin-1")


def test_centred_lines_and_the_underline_under_a_name() -> None:
    register_fonts()
    face = Face(SANS_BOLD, 10, 12, centred=True)
    name = Text("Dewi Lestari", face, underline=True)
    content = drawn((name, 200))
    ((line,),) = [name.lines]
    left = 20 + (200 - line.width) / 2
    assert re.search(rf"BT 1 0 0 1 {left:.2f}\d* 102 Tm", content)  # baseline: top less the size
    underline = re.search(r"n ([\d.]+) ([\d.]+) m ([\d.]+) [\d.]+ l S", content)
    assert underline is not None
    x1, y, x2 = (float(value) for value in underline.groups())
    assert (x1, x2 - x1, y) == pytest.approx((left, line.width, 102 - 1.25), abs=1e-3)


def test_an_overfull_line_is_set_tighter_and_the_next_text_is_not() -> None:
    """Paragraph lets a line run 5% of its spaces over, set tighter; the tighter spacing is the
    page's state in PDF, so it must be undone before anything else is set."""
    register_fonts()
    text = "Diantar oleh Agus Setiawan, Daftar Pengantaran"
    face = Face(SANS, 8.5, 10.2)
    width = max(line.width for line in break_lines(((text, SANS),), 8.5, 1e6)) - 0.05
    tight = Text(text, face)
    content = drawn((tight, width), (Text("Dewi Lestari", face), 200))
    assert len(tight.lines) == 1 and tight.lines[0].width > width
    spacing = re.findall(r"(-?[\d.]+) Tw", content)
    assert len(spacing) == 2 and float(spacing[0]) < 0 and float(spacing[1]) == 0
    assert content.index("0 Tw") < content.index("(Dewi Lestari)")


def test_a_grid_stacks_its_cells_at_the_top_or_the_middle_of_each_row() -> None:
    register_fonts()
    face = Face(SERIF, 10, 12)
    tall = Text("satu dua tiga empat lima enam tujuh", face)  # three lines at 60 pt
    grid = Grid(
        [
            Row((Cell(0, 60, [tall]), Cell(70, 60, [Text("atas", face)]))),
            Row((Cell(70, 60, [Text("tengah", face)], middle=True),), height=40),
        ],
        130,
        pad=1,
    )
    assert grid.wrap(130, 1e6) == (130, 3 * 12 + 2 + 40)
    content = drawn_grid(grid)
    top = 100 + 3 * 12 + 2 + 40
    assert f"BT 1 0 0 1 90 {top - 1 - 10:g} Tm" in content  # "atas", at the top of row one
    middle = top - 38 - 20 + 6  # row two's middle, half a line above it
    assert f"BT 1 0 0 1 90 {middle - 10:g} Tm" in content


def drawn_grid(grid: Grid) -> str:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    grid.drawOn(canvas, 20, 100)
    canvas.showPage()
    canvas.save()
    return out.getvalue().decode("latin-1")
