"""The marks a tanda terima may carry: ticks, "SALINAN" on a reprint, "DIBATALKAN" when voided.

All drawn as vectors or set in the embedded fonts, so they print the same on any printer.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from loket.documents.handover.receipt_text import Face, Placed, Text
from loket.documents.kit.fonts import SANS_BOLD

VOID_WORD = "DIBATALKAN"


def draw_tick(canvas: Canvas, x: float, y: float, size: float) -> None:
    """A hand-written-looking tick in a `size` square whose lower-left corner is (x, y).

    Drawn, because the embedded Liberation fonts have no check-mark glyph.
    """
    canvas.saveState()
    canvas.setLineWidth(max(0.8, size * 0.14))
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    path = canvas.beginPath()
    path.moveTo(x + size * 0.08, y + size * 0.5)
    path.lineTo(x + size * 0.38, y + size * 0.14)
    path.lineTo(x + size * 0.95, y + size * 0.92)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


class BoxedText(Placed):
    """A line of text in a ruled box (the void reason), the text wrapped inside it."""

    def __init__(self, text: Text, *, padding: float, line_width: float) -> None:
        super().__init__()
        self._text = text
        self._padding = padding
        self._line_width = line_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = available_width - 2 * self._padding
        _, height = self._text.wrap(inner, available_height)
        self.width, self.height = available_width, height + 2 * self._padding
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        canvas.saveState()
        canvas.setLineWidth(self._line_width)
        canvas.rect(x, y, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
        self._text.drawOn(canvas, x + self._padding, y + self._padding)


_COPY_SPACING = 0.3  # of the font size, between letters: a stamp, not a word in a sentence
_COPY_PAD = 0.45  # of the font size, around the letters


def _copy_mark_size(label: str, size: float, max_width: float) -> tuple[float, float, float]:
    """(width, height, font size) of the boxed copy mark, shrunk to `max_width` if need be."""
    text = label.strip()

    def width_at(points: float) -> float:
        letters = float(stringWidth(text, SANS_BOLD, points))
        return letters + _COPY_SPACING * points * (len(text) - 1) + 2 * _COPY_PAD * points

    size = min(size, size * max_width / width_at(size))
    return width_at(size), size * (1 + 2 * _COPY_PAD), size


def draw_copy_mark(
    canvas: Canvas, label: str, right: float, top: float, size: float, max_width: float
) -> float:
    """A double-ruled box with "SALINAN" spaced out, its top-right corner at (right, top).

    Returns the height it took.
    """
    text = label.strip()
    width, height, size = _copy_mark_size(text, size, max_width)
    canvas.saveState()
    canvas.setLineWidth(1.6)
    canvas.rect(right - width, top - height, width, height, stroke=1, fill=0)
    canvas.setLineWidth(0.5)
    canvas.rect(right - width + 2, top - height + 2, width - 4, height - 4, stroke=1, fill=0)
    letters = canvas.beginText()
    letters.setFont(SANS_BOLD, size)
    letters.setCharSpace(size * _COPY_SPACING)
    letters.setTextOrigin(right - width + size * _COPY_PAD, top - height / 2 - size * 0.36)
    letters.textOut(text)
    canvas.drawText(letters)
    canvas.restoreState()
    return height


class CopyMark(Flowable):  # type: ignore[misc]
    """The copy mark as a line of its own, centred (the thermal slip has no corner to spare)."""

    def __init__(self, label: str, size: float) -> None:
        super().__init__()
        self._label = label
        self._size = size

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, self.height, _ = _copy_mark_size(self._label, self._size, available_width)
        return self.width, self.height

    def draw(self) -> None:
        width, _, _ = _copy_mark_size(self._label, self._size, self.width)
        draw_copy_mark(
            self.canv, self._label, (self.width + width) / 2, self.height, self._size, self.width
        )


def draw_void_mark(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    """A large "DIBATALKAN" across the rectangle, in outline so what is under it stays legible."""
    angle = min(max(math.atan2(height, width), math.radians(20)), math.radians(60))
    per_point = stringWidth(VOID_WORD, SANS_BOLD, 1)
    cos, sin = math.cos(angle), math.sin(angle)
    size = 0.88 * min(
        width / (per_point * cos + 0.72 * sin), height / (per_point * sin + 0.72 * cos)
    )
    canvas.saveState()
    canvas.translate(x + width / 2, y + height / 2)
    canvas.rotate(math.degrees(angle))
    canvas.setStrokeColorRGB(0.4, 0.4, 0.4)
    canvas.setLineWidth(max(0.7, size / 80))
    text = canvas.beginText()
    text.setTextRenderMode(1)  # outline only
    text.setFont(SANS_BOLD, size)
    text.setTextOrigin(-per_point * size / 2, -size * 0.36)
    text.textOut(VOID_WORD)
    canvas.drawText(text)
    canvas.restoreState()


def void_banner(void_text: str, face: Face) -> BoxedText:
    """The void line in a box: "DIBATALKAN 28 November 2026: <reason>"."""
    text = void_text.strip()
    if not text.upper().startswith(VOID_WORD):
        text = f"{VOID_WORD}: {text}"
    return BoxedText(Text(text, face), padding=3, line_width=1.2)
