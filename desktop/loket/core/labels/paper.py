"""A sheet of NIK labels as the documents layer draws it: where each label sits, what it says."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelCard:
    card_id: int
    nik: str
    name: str


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    page: int  # 0 = the first sheet
    position: int  # 1-based on its sheet
    left_mm: float
    top_mm: float  # the label's top edge, from the top of the page
    nik: str
    name: str


@dataclass(frozen=True, slots=True)
class LabelSheetPaper:
    """What the documents layer draws: every label already placed."""

    title: str
    author: str
    label_width_mm: float
    label_height_mm: float
    layout_title: str  # "A4 3 × 10 (70 × 29,7 mm), 30 label"
    pages: int
    labels: tuple[PlacedLabel, ...]
    outlines: bool = False  # a test print on plain paper: each label's edge drawn


#: 3 dots at 300 dpi (6 at 600): the narrowest bar a hand-held scanner still reads at once.
MIN_MODULE_MM = 25.4 * 3 / 300
LABEL_PADDING_MM = 1.5  # kept clear inside each label: printers and die-cuts are not exact
