"""Code 128 barcodes drawn as vector bars straight onto a reportlab canvas.

python-barcode only encodes (value -> "1101001..." module pattern); we draw one filled
rectangle per run of dark modules, so the bars stay sharp on any printer and the PDF
holds no raster image.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from barcode import Code128
from barcode.errors import IllegalCharacterError
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from loket.documents.kit.fonts import SANS, register_fonts

DEFAULT_QUIET_ZONE_MODULES = 10  # ISO/IEC 15417 asks for at least 10 modules each side


@lru_cache(maxsize=256)
def code128_pattern(value: str) -> str:
    """The module pattern of `value`, "1" dark and "0" light, start to stop, no quiet zone.

    Kept for the next call: a slip asks for its number's pattern about ten times.
    """
    if not value:
        raise ValueError("a barcode needs a value")
    try:
        # A fresh encoder each time: Code128 keeps its charset state between builds.
        return str(Code128(value).build()[0])
    except IllegalCharacterError as error:
        raise ValueError(f"Code 128 cannot encode {value!r}") from error


def bar_runs(pattern: str) -> list[tuple[int, int]]:
    """(first module, length) of each run of dark modules."""
    runs: list[tuple[int, int]] = []
    start = -1
    for index, module in enumerate(pattern + "0"):
        if module == "1" and start < 0:
            start = index
        elif module != "1" and start >= 0:
            runs.append((start, index - start))
            start = -1
    return runs


def code128_width(
    value: str, module_width: float, quiet_zone_modules: int = DEFAULT_QUIET_ZONE_MODULES
) -> float:
    """The width the symbol takes, quiet zones on both sides included."""
    return (len(code128_pattern(value)) + 2 * quiet_zone_modules) * module_width


def text_font_size(module_width: float) -> float:
    """Size of the digits under the bars: readable, never wider than the symbol needs."""
    return max(6.0, min(9.0, module_width * 9.0))


def text_band(module_width: float, human_readable: bool = True) -> float:
    """The height the digits under the bars take (0 without them)."""
    return text_font_size(module_width) * 1.25 if human_readable else 0.0


def symbol_height(height: float, module_width: float, human_readable: bool = True) -> float:
    """Bars plus the digits under them."""
    return height + text_band(module_width, human_readable)


def draw_code128(
    canvas: Canvas,
    value: str,
    x: float,
    y: float,
    *,
    module_width: float,
    height: float,
    quiet_zone_modules: int = DEFAULT_QUIET_ZONE_MODULES,
    human_readable: bool = True,
) -> float:
    """Draws `value` with its lower-left corner (quiet zone and digits included) at (x, y).

    The bars are `height` tall; the digits, when asked for, sit under them. Returns the
    width drawn, quiet zones included (the same as `code128_width`).
    """
    pattern = code128_pattern(value)
    band = text_band(module_width, human_readable)
    left = x + quiet_zone_modules * module_width
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for start, length in bar_runs(pattern):
        canvas.rect(
            left + start * module_width, y + band, length * module_width, height, stroke=0, fill=1
        )
    if human_readable:
        register_fonts()
        size = text_font_size(module_width)
        bars_width = len(pattern) * module_width
        # Shrink a long value so it never spills past the bars into the next label.
        size = min(size, size * bars_width / max(stringWidth(value, SANS, size), 1e-6))
        canvas.setFont(SANS, size)
        canvas.drawCentredString(left + bars_width / 2, y + band * 0.22, value)
    canvas.restoreState()
    return (len(pattern) + 2 * quiet_zone_modules) * module_width


class Code128Flowable(Flowable):  # type: ignore[misc]
    """A Code 128 symbol for platypus stories (receipt numbers on slips)."""

    def __init__(
        self,
        value: str,
        module_width: float,
        height: float,
        *,
        quiet_zone_modules: int = DEFAULT_QUIET_ZONE_MODULES,
        human_readable: bool = True,
    ) -> None:
        super().__init__()
        self.value = value
        self.module_width = module_width
        self.bar_height = height
        self.quiet_zone_modules = quiet_zone_modules
        self.human_readable = human_readable
        self.width = code128_width(value, module_width, quiet_zone_modules)
        self.height = symbol_height(height, module_width, human_readable)

    def wrap(self, *_args: Any) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_code128(
            self.canv,
            self.value,
            0,
            0,
            module_width=self.module_width,
            height=self.bar_height,
            quiet_zone_modules=self.quiet_zone_modules,
            human_readable=self.human_readable,
        )
