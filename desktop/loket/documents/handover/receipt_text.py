"""Text on a slip without markup: plain strings wrapped with reportlab's own width measurement
and drawn with canvas text calls.

A slip's texts are short and need little: a face (font, size, leading), left or centred, a bold
run ("Nomor: <bold>number</bold>"), an underlined name. Lines break where platypus' Paragraph
breaks them (at spaces, never at a no-break space; a line may take 5% of its spaces' width
more, set tighter; a word wider than the line is cut between letters), so a slip reads and
looks as it did when its texts were Paragraphs, for a fraction of the cost of parsing markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

Run = tuple[str, str]  # (plain text, font name)
_BREAKS = re.compile(r"[^\S\xa0]+")  # where a line may break: any space but the no-break one
_SPACE_SHRINK = 0.05  # of a space's width: how much tighter an overfull line may be set
UNDERLINE_OFFSET = 0.125  # of the font size, under the baseline
UNDERLINE_WIDTH = 1.0


@dataclass(frozen=True, slots=True)
class Face:
    """A text style of the slip."""

    font: str
    size: float
    leading: float
    centred: bool = False


@dataclass(frozen=True, slots=True)
class _Word:
    pieces: tuple[Run, ...]  # the word's text in each font it is set in
    width: float
    space: float  # the width of the space before it
    space_font: str


@dataclass(frozen=True, slots=True)
class Line:
    segments: tuple[Run, ...]  # what to draw, spaces included, one segment per font change
    width: float
    spaces: int  # for an overfull line, set tighter


def _words(runs: Sequence[Run], size: float) -> list[_Word]:
    """The words of `runs`, a word going on across runs that are not parted by a space."""
    words: list[_Word] = []
    pieces: list[Run] = []
    space_font = ""
    pending_space = ""  # the font of the space before the next word, once one was met

    def close() -> None:
        if pieces:
            width = sum(stringWidth(text, font, size) for text, font in pieces)
            space = stringWidth(" ", space_font, size) if space_font else 0.0
            words.append(_Word(tuple(pieces), width, space, space_font or pieces[0][1]))
            pieces.clear()

    for text, font in runs:
        for index, part in enumerate(_BREAKS.split(text)):
            if index > 0:
                pending_space = font
                close()
            if part:
                if not pieces and pending_space:
                    space_font, pending_space = pending_space, ""
                pieces.append((part, font))
    close()
    return words


def _split_long(
    word: _Word, first_room: float, room: float, size: float
) -> tuple[_Word | None, list[_Word]]:
    """A word wider than the line cut between letters, as Paragraph's splitLongWords cuts it:
    (the head that fills `first_room`, or None when not even a letter fits there; the pieces
    that follow, each filling a line of `room`)."""
    parts: list[list[Run]] = [[]]
    used, limit = 0.0, first_room
    for text, font in word.pieces:
        for char in text:
            width = stringWidth(char, font, size)
            if used + width > limit and (parts[-1] or width <= room):
                parts.append([])
                used, limit = 0.0, room
            last = parts[-1]
            if last and last[-1][1] == font:
                last[-1] = (last[-1][0] + char, font)
            else:
                last.append((char, font))
            used += width
    words = [
        _Word(tuple(part), sum(stringWidth(t, f, size) for t, f in part), 0.0, word.space_font)
        for part in parts[1:]
    ]
    if not parts[0]:
        return None, words
    head = parts[0]
    width = sum(stringWidth(t, f, size) for t, f in head)
    return _Word(tuple(head), width, word.space, word.space_font), words


@lru_cache(maxsize=1024)
def break_lines(runs: tuple[Run, ...], size: float, width: float) -> tuple[Line, ...]:
    """`runs` broken into lines no wider than `width`, as Paragraph breaks them.

    Kept for the next time: most of a slip's texts (its labels, the title, the roles, the
    officer, often every value) are the same on both halves and on the next slip.
    """
    lines: list[Line] = []
    line: list[_Word] = []
    used = 0.0
    words = _words(runs, size)
    head = False  # the word is the head of a word cut between letters: it ends its line

    def end_line() -> None:
        nonlocal used
        if line:
            lines.append(_line(line, used))
            line.clear()
        used = 0.0

    while words:
        word = words.pop(0)
        space = word.space if line else 0.0
        wanted = used + space + word.width
        limit = width + _SPACE_SHRINK * word.space * len(line)
        if wanted > limit and word.width > width and not head:
            first, rest = _split_long(word, width - (used + space) if line else width, width, size)
            if first is None:
                end_line()
            words[0:0] = rest if first is None else [first, *rest]
            head = first is not None
            continue
        if line and wanted > limit and not head:
            end_line()
            wanted = word.width
        line.append(word)
        used = wanted
        if head:
            head = False
            end_line()
    end_line()
    return tuple(lines)


def _line(words: Sequence[_Word], width: float) -> Line:
    segments: list[Run] = []
    spaces = 0
    for index, word in enumerate(words):
        pieces = list(word.pieces)
        if index > 0:
            spaces += 1
            pieces.insert(0, (" ", word.space_font))
        for text, font in pieces:
            spaces += text.count("\xa0")
            if segments and segments[-1][1] == font:
                segments[-1] = (segments[-1][0] + text, font)
            else:
                segments.append((text, font))
    return Line(tuple(segments), width, spaces)


class Placed(Flowable):  # type: ignore[misc]
    """A flowable that draws itself where `drawOn` puts it, in the page's own coordinates (no
    state saved, no origin moved for it). Platypus' own path, a container squeezing the slip,
    comes through `draw` at the origin it has moved."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        raise NotImplementedError

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


class Text(Placed):
    """Plain text wrapped at the width it is given; its lines drawn with canvas text calls.

    `runs` is a string in the face's font, or (text, font) runs for a bold part. Laid out once
    per width: measuring again at the same width (a fit tried twice) costs nothing.
    """

    def __init__(self, runs: str | Sequence[Run], face: Face, *, underline: bool = False) -> None:
        super().__init__()
        self._runs: tuple[Run, ...] = ((runs, face.font),) if isinstance(runs, str) else tuple(runs)
        self.face = face
        self._underline = underline
        self._laid_at: float | None = None
        self.lines: tuple[Line, ...] = ()

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._laid_at != available_width:
            self.lines = break_lines(self._runs, self.face.size, available_width)
            self._laid_at = available_width
        self.width = available_width
        self.height = len(self.lines) * self.face.leading
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Draws the lines laid out by `wrap`, the box's lower-left corner at (x, y)."""
        face = self.face
        baseline = y + self.height - face.size
        for line in self.lines:
            extra = self.width - line.width
            tight = extra < -1e-8 and line.spaces > 0
            left = x + extra / 2 if face.centred and not tight else x
            text = canvas.beginText(left, baseline)
            if tight:
                text.setWordSpace(extra / line.spaces)
            for segment, font in line.segments:
                text.setFont(font, face.size, face.leading)
                text.textOut(segment)
            if tight:
                text.setWordSpace(0)  # the spacing is the page's state, not the text object's
            canvas.drawText(text)
            if self._underline:
                under = baseline - UNDERLINE_OFFSET * face.size
                canvas.saveState()
                canvas.setLineWidth(UNDERLINE_WIDTH)
                canvas.line(left, under, left + line.width, under)
                canvas.restoreState()
            baseline -= face.leading


@dataclass(frozen=True, slots=True)
class Cell:
    """Flowables one under the other in a column of a `Grid` row, from `x`, `width` wide."""

    x: float
    width: float
    items: Sequence[Flowable]
    align: str = "left"  # or "centre", "right": where an item narrower than the cell sits
    middle: bool = False  # centred in the row's height rather than at its top


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[Cell]
    height: float | None = None  # fixed; None: as tall as its tallest cell
    at_least: float = 0.0


class Grid(Placed):
    """Rows of cells, each cell's flowables measured once at its width and drawn as measured,
    `pad` above and below each row's content: the slip's tables, without platypus' Table."""

    def __init__(self, rows: Sequence[Row], width: float, pad: float = 0.0) -> None:
        super().__init__()
        self._rows = rows
        self._pad = pad
        self.width = width
        self._laid: list[tuple[float, list[tuple[Cell, list[tuple[float, float]], float]]]] = []

    def wrap(self, _available_width: float, available_height: float) -> tuple[float, float]:
        if not self._laid:
            canvas = getattr(self, "canv", None)  # set when measured by wrapOn
            for row in self._rows:
                cells = []
                tallest = 0.0
                for cell in row.cells:
                    sizes = [
                        item.wrapOn(canvas, cell.width, available_height) for item in cell.items
                    ]
                    stacked = sum(height for _, height in sizes)
                    cells.append((cell, sizes, stacked))
                    tallest = max(tallest, stacked + 2 * self._pad)
                height = row.height if row.height is not None else max(tallest, row.at_least)
                self._laid.append((height, cells))
        self.height = sum(height for height, _ in self._laid)
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        top = y + self.height
        for height, cells in self._laid:
            for cell, sizes, stacked in cells:
                # At the row's top below the pad, or the stack centred in the row's height.
                item_top = top - (height - stacked) / 2 if cell.middle else top - self._pad
                for item, (width, item_height) in zip(cell.items, sizes, strict=True):
                    left = x + cell.x
                    if cell.align == "centre":
                        left += (cell.width - width) / 2
                    elif cell.align == "right":
                        left += cell.width - width
                    item_top -= item_height
                    item.drawOn(canvas, left, item_top)
            top -= height
