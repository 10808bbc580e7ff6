"""Sticker sheet layouts: where each label sits on an A4 sheet, and whether a layout fits.

A layout is an A4 sheet of `columns × rows` labels. Position 1 is the top-left label and
positions count along each row, so a sheet half used up is finished by starting at the
first free position. Pure geometry: no database, no drawing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from loket.core.labels.paper import LABEL_PADDING_MM, MIN_MODULE_MM, LabelCard, PlacedLabel
from loket.domain.errors import LoketError
from loket.i18n import _

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOLERANCE_MM = 0.05  # sheet makers round their figures to a tenth of a millimetre
#: Code 128 of a 16-digit NIK (start C, 8 digit pairs, check, stop) and 10 quiet modules a side.
NIK_SYMBOL_MODULES = 11 + 8 * 11 + 11 + 13 + 2 * 10
MIN_LABEL_WIDTH_MM = (
    math.ceil((NIK_SYMBOL_MODULES * MIN_MODULE_MM + 2 * LABEL_PADDING_MM) * 10) / 10
)
MIN_LABEL_HEIGHT_MM = 20.0  # the name, at least 8 mm of bars, the digits
CUSTOM = "custom"


def mm_text(value: float) -> str:
    """29.7 -> "29,7": millimetres as Indonesians write them."""
    return f"{round(value, 2):g}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class LabelLayout:
    """Where the labels are on an A4 sheet, in millimetres from its top-left corner."""

    key: str  # a built-in layout's key ("3x10") or CUSTOM
    columns: int
    rows: int
    label_width_mm: float
    label_height_mm: float
    margin_top_mm: float = 0.0
    margin_left_mm: float = 0.0
    gap_x_mm: float = 0.0  # between two labels side by side
    gap_y_mm: float = 0.0  # between two rows

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def pitch_x_mm(self) -> float:
        return self.label_width_mm + self.gap_x_mm

    @property
    def pitch_y_mm(self) -> float:
        return self.label_height_mm + self.gap_y_mm

    @property
    def used_width_mm(self) -> float:
        return (
            self.margin_left_mm
            + self.columns * self.label_width_mm
            + (self.columns - 1) * self.gap_x_mm
        )

    @property
    def used_height_mm(self) -> float:
        return (
            self.margin_top_mm + self.rows * self.label_height_mm + (self.rows - 1) * self.gap_y_mm
        )

    @property
    def is_custom(self) -> bool:
        return self.key not in BUILT_IN_LAYOUTS

    def slot(self, position: int) -> tuple[float, float]:
        """(left, top) in mm of the label at `position` (1 = top-left, along each row)."""
        row, column = divmod(position - 1, self.columns)
        return (
            self.margin_left_mm + column * self.pitch_x_mm,
            self.margin_top_mm + row * self.pitch_y_mm,
        )

    @property
    def title(self) -> str:
        """ "A4 3 × 10 (70 × 29,7 mm), 30 label" as the desk reads it."""
        text = _("A4 {columns} × {rows} ({width} × {height} mm), {count} label").format(
            columns=self.columns,
            rows=self.rows,
            width=mm_text(self.label_width_mm),
            height=mm_text(self.label_height_mm),
            count=self.per_sheet,
        )
        return _("Ukuran sendiri: {layout}").format(layout=text) if self.is_custom else text


BUILT_IN_LAYOUTS: dict[str, LabelLayout] = {
    # The common Indonesian "3x10" sticker sheet: no margins and no gaps.
    "3x10": LabelLayout("3x10", 3, 10, 70.0, 29.7),
    "3x8": LabelLayout("3x8", 3, 8, 70.0, 37.0, margin_top_mm=0.5),
    "4x10": LabelLayout("4x10", 4, 10, 52.5, 29.7),
    # Avery L7160 / L7163 pattern: real margins, a gap between the columns.
    "3x7": LabelLayout("3x7", 3, 7, 63.5, 38.1, 15.15, 7.25, gap_x_mm=2.5),
    "2x7": LabelLayout("2x7", 2, 7, 99.1, 38.1, 15.15, 4.65, gap_x_mm=2.5),
}
DEFAULT_LAYOUT = BUILT_IN_LAYOUTS["3x10"]


def custom_layout(
    columns: int,
    rows: int,
    label_width_mm: float,
    label_height_mm: float,
    margin_top_mm: float = 0.0,
    margin_left_mm: float = 0.0,
    gap_x_mm: float = 0.0,
    gap_y_mm: float = 0.0,
) -> LabelLayout:
    """A layout the admin typed in, to 0.01 mm; check it with layout_problem."""

    def hundredths(value: float) -> float:
        return round(float(value), 2)

    return LabelLayout(
        CUSTOM,
        int(columns),
        int(rows),
        hundredths(label_width_mm),
        hundredths(label_height_mm),
        hundredths(margin_top_mm),
        hundredths(margin_left_mm),
        hundredths(gap_x_mm),
        hundredths(gap_y_mm),
    )


def layout_problem(layout: LabelLayout) -> str | None:
    """What does not fit, in a sentence the admin can act on; None when the layout is usable."""
    if layout.columns < 1 or layout.rows < 1:
        return _("Isi jumlah kolom dan baris label, paling sedikit 1.")
    sizes = (layout.label_width_mm, layout.label_height_mm)
    spaces = (layout.margin_top_mm, layout.margin_left_mm, layout.gap_x_mm, layout.gap_y_mm)
    if not all(math.isfinite(v) for v in (*sizes, *spaces)):
        return _("Isi ukuran label, margin dan jarak antarlabel dengan angka (mm).")
    if any(v < 0 for v in spaces):
        return _("Margin dan jarak antarlabel tidak boleh kurang dari 0 mm.")
    if layout.label_width_mm < MIN_LABEL_WIDTH_MM:
        return _(
            "Label terlalu sempit untuk barcode NIK: lebar label {width} mm, paling sedikit "
            "{minimum} mm agar barcode terbaca pemindai."
        ).format(width=mm_text(layout.label_width_mm), minimum=mm_text(MIN_LABEL_WIDTH_MM))
    if layout.label_height_mm < MIN_LABEL_HEIGHT_MM:
        return _(
            "Label terlalu pendek untuk nama, barcode dan NIK: tinggi label {height} mm, paling "
            "sedikit {minimum} mm."
        ).format(height=mm_text(layout.label_height_mm), minimum=mm_text(MIN_LABEL_HEIGHT_MM))
    if layout.used_width_mm > PAGE_WIDTH_MM + TOLERANCE_MM:
        return _(
            "Label tidak muat ke samping: margin kiri {left} mm + {columns} kolom × {width} mm "
            "+ jarak antarkolom = {total} mm, lebih lebar dari kertas A4 (210 mm)."
        ).format(
            left=mm_text(layout.margin_left_mm),
            columns=layout.columns,
            width=mm_text(layout.label_width_mm),
            total=mm_text(layout.used_width_mm),
        )
    if layout.used_height_mm > PAGE_HEIGHT_MM + TOLERANCE_MM:
        return _(
            "Label tidak muat ke bawah: margin atas {top} mm + {rows} baris × {height} mm "
            "+ jarak antarbaris = {total} mm, lebih panjang dari kertas A4 (297 mm)."
        ).format(
            top=mm_text(layout.margin_top_mm),
            rows=layout.rows,
            height=mm_text(layout.label_height_mm),
            total=mm_text(layout.used_height_mm),
        )
    return None


def check_layout(layout: LabelLayout) -> LabelLayout:
    problem = layout_problem(layout)
    if problem is not None:
        raise LoketError(problem)
    return layout


# ---------------------------------------------------------------- kept in office settings

_JSON_KEYS = ("columns", "rows", "width", "height", "top", "left", "gap_x", "gap_y")


def layout_to_setting(layout: LabelLayout) -> str:
    """A built-in layout by its key (so a corrected built-in reaches every office); else JSON."""
    if not layout.is_custom and BUILT_IN_LAYOUTS[layout.key] == layout:
        return layout.key
    values = (
        layout.columns,
        layout.rows,
        layout.label_width_mm,
        layout.label_height_mm,
        layout.margin_top_mm,
        layout.margin_left_mm,
        layout.gap_x_mm,
        layout.gap_y_mm,
    )
    return json.dumps(dict(zip(_JSON_KEYS, values, strict=True)), separators=(",", ":"))


def layout_from_setting(stored: str) -> LabelLayout:
    """The layout a setting holds; ValueError when it is not one this version can print on."""
    if stored in BUILT_IN_LAYOUTS:
        return BUILT_IN_LAYOUTS[stored]
    try:
        values = json.loads(stored)
        layout = custom_layout(
            int(values["columns"]),
            int(values["rows"]),
            *(float(values[key]) for key in _JSON_KEYS[2:]),
        )
    except (TypeError, KeyError, json.JSONDecodeError) as error:
        raise ValueError(stored) from error
    if layout_problem(layout) is not None:
        raise ValueError(stored)
    return layout


# ---------------------------------------------------------------- placing labels


def check_start(layout: LabelLayout, start: int) -> None:
    if not 1 <= start <= layout.per_sheet:
        raise LoketError(
            _(
                "Tidak bisa mulai dari label nomor {start}: satu lembar {layout} hanya punya "
                "label nomor 1 sampai {last}."
            ).format(start=start, layout=layout.title, last=layout.per_sheet)
        )


def sheets_needed(layout: LabelLayout, count: int, start: int = 1) -> int:
    """Sheets used by `count` labels when the first sheet starts at position `start`."""
    if count <= 0:
        return 0
    return math.ceil((start - 1 + count) / layout.per_sheet)


def place_labels(
    layout: LabelLayout, cards: Sequence[LabelCard], start: int = 1
) -> tuple[PlacedLabel, ...]:
    """Each card on its sheet and position, in order, the first sheet from `start`."""
    check_layout(layout)
    check_start(layout, start)
    placed = []
    for index, card in enumerate(cards, start=start - 1):
        page, offset = divmod(index, layout.per_sheet)
        left, top = layout.slot(offset + 1)
        placed.append(PlacedLabel(page, offset + 1, left, top, card.nik, card.name))
    return tuple(placed)
