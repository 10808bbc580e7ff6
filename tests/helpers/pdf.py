"""Reading a PDF back: its drawn bars as modules, its raster images."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def pattern_from_rects(
    rects: list[tuple[float, float, float, float]], left: float, mw: float
) -> str:
    """Turns the drawn bars back into the module string "1101..."."""
    modules: list[str] = []
    for x, _y, w, _h in sorted(rects):
        start = round((x - left) / mw)
        modules += ["0"] * (start - len(modules))
        modules += ["1"] * round(w / mw)
    return "".join(modules)


def image_xobjects(pdf: Path | io.BytesIO) -> list[str]:
    found = []
    for page in PdfReader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject")
        for name, obj in (xobjects or {}).items():
            if obj.get_object().get("/Subtype") == "/Image":
                found.append(name)
    return found
