"""The fonts every paper uses, shipped in resources/fonts and embedded in each PDF.

Liberation Serif has the metrics of Times New Roman, the face of Indonesian official letters;
Liberation Sans is for barcode digits and labels. Licence: resources/fonts/LICENSE-Liberation.txt.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from loket.resources import resource

SERIF = "LoketSerif"
SERIF_BOLD = "LoketSerif-Bold"
SERIF_ITALIC = "LoketSerif-Italic"
SANS = "LoketSans"
SANS_BOLD = "LoketSans-Bold"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SANS: "LiberationSans-Regular.ttf",
    SANS_BOLD: "LiberationSans-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Registers the fonts with reportlab once per process; later calls do nothing."""
    global _registered
    with _lock:  # documents may be written from a worker thread
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        # <b> and <i> inside a Paragraph pick these faces; no bold italic is shipped.
        for family, regular, bold, italic in (
            (SERIF, SERIF, SERIF_BOLD, SERIF_ITALIC),
            (SANS, SANS, SANS_BOLD, SANS),
        ):
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold)
        _registered = True
