"""A signature drawn on screen, put on paper as vector lines (no raster image).

The strokes come as points in a 0..1 box with y downwards (screen habit); the PDF's y
goes upwards. The ink is scaled by one factor for both axes, so a signature is never
stretched, and centred in the space given to it.
"""

from __future__ import annotations

import math
from typing import Any

from loket.core.handover.paper import Strokes

LINE_WIDTH = 0.8  # points: a ballpoint's line


def _ink(strokes: Strokes) -> list[list[tuple[float, float]]]:
    """The strokes without points that are not numbers (a broken save must not break a receipt)."""
    kept: list[list[tuple[float, float]]] = []
    for stroke in strokes:
        points = [(x, y) for x, y in stroke if math.isfinite(x) and math.isfinite(y)]
        if points:
            kept.append(points)
    return kept


def draw_strokes(
    canvas: Any, strokes: Strokes, x: float, y: float, width: float, height: float
) -> None:
    """Draws `strokes` inside the rectangle whose lower-left corner is (x, y).

    The ink's own extent is fitted into the rectangle keeping its aspect ratio, so the blank
    margins of the signing pad do not shrink the signature. Nothing is drawn for no strokes.
    """
    ink = _ink(strokes)
    if not ink or width <= 0 or height <= 0:
        return
    xs = [px for stroke in ink for px, _ in stroke]
    ys = [py for stroke in ink for _, py in stroke]
    left, top = min(xs), min(ys)
    ink_width, ink_height = max(xs) - left, max(ys) - top
    room_width, room_height = width - LINE_WIDTH, height - LINE_WIDTH  # round caps stay inside
    if ink_width <= 0 and ink_height <= 0:
        scale = 0.0  # a single dot
    elif ink_width <= 0:
        scale = room_height / ink_height
    elif ink_height <= 0:
        scale = room_width / ink_width
    else:
        scale = min(room_width / ink_width, room_height / ink_height)
    origin_x = x + (width - ink_width * scale) / 2
    origin_top = y + height - (height - ink_height * scale) / 2

    def place(point: tuple[float, float]) -> tuple[float, float]:
        return origin_x + (point[0] - left) * scale, origin_top - (point[1] - top) * scale

    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(LINE_WIDTH)
    canvas.setLineCap(1)  # round
    canvas.setLineJoin(1)  # round
    for stroke in ink:
        first = place(stroke[0])
        if len(stroke) == 1:
            canvas.circle(first[0], first[1], LINE_WIDTH / 2, stroke=0, fill=1)
            continue
        path = canvas.beginPath()
        path.moveTo(*first)
        for point in stroke[1:]:
            path.lineTo(*place(point))
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
