"""Label sheet layouts (core.label_layout): every label on the page, 30 on the 3×10 sheet,
starting mid-sheet, and layouts not fitting A4 refused with a sentence naming what does not."""

from __future__ import annotations

import itertools

import pytest
from barcode import Code128

from loket.core.labels import layout as labels_layout
from loket.core.labels import paper
from loket.core.labels.layout import (
    BUILT_IN_LAYOUTS,
    DEFAULT_LAYOUT,
    LabelLayout,
    custom_layout,
    layout_from_setting,
    layout_problem,
    layout_to_setting,
    place_labels,
    sheets_needed,
)
from loket.core.labels.paper import LabelCard
from loket.domain.errors import LoketError

NIK = "3374042606528310"  # FAJAR MAULANA, first row of the Kaligawe manifest


def cards(count: int) -> list[LabelCard]:
    return [LabelCard(n, f"33740426065{n:05d}", f"WARGA KALIGAWE {n}") for n in range(1, count + 1)]


def boxes(layout: LabelLayout) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of every label, in mm from the page's top-left corner."""
    found = []
    for position in range(1, layout.per_sheet + 1):
        left, top = layout.slot(position)
        found.append((left, top, left + layout.label_width_mm, top + layout.label_height_mm))
    return found


def test_the_common_3x10_sheet_holds_30_labels_that_fill_a4_exactly() -> None:
    layout = BUILT_IN_LAYOUTS["3x10"]
    assert layout == DEFAULT_LAYOUT
    assert layout.per_sheet == 30
    assert layout.used_width_mm == pytest.approx(210)
    assert layout.used_height_mm == pytest.approx(297)
    assert layout.title == "A4 3 × 10 (70 × 29,7 mm), 30 label"
    assert layout_problem(layout) is None


@pytest.mark.parametrize("key", sorted(BUILT_IN_LAYOUTS))
def test_every_label_of_a_built_in_layout_lies_on_the_page_and_none_overlap(key: str) -> None:
    layout = BUILT_IN_LAYOUTS[key]
    assert layout_problem(layout) is None
    found = boxes(layout)
    assert len(found) == layout.per_sheet
    for left, top, right, bottom in found:
        assert left >= 0 and top >= 0
        assert (
            right <= 210 + labels_layout.TOLERANCE_MM and bottom <= 297 + labels_layout.TOLERANCE_MM
        )
    for a, b in itertools.combinations(found, 2):
        apart = a[2] <= b[0] + 1e-9 or b[2] <= a[0] + 1e-9 or a[3] <= b[1] + 1e-9
        assert apart or b[3] <= a[1] + 1e-9, f"{a} overlaps {b}"


def test_positions_count_from_top_left_along_each_row() -> None:
    layout = DEFAULT_LAYOUT
    assert layout.slot(1) == (0, 0)
    assert layout.slot(2) == (70, 0)
    assert layout.slot(3) == (140, 0)
    assert layout.slot(4) == pytest.approx((0, 29.7))
    assert layout.slot(30) == pytest.approx((140, 9 * 29.7))


def test_a_sheet_with_real_margins_and_gaps_puts_labels_where_the_maker_says() -> None:
    layout = BUILT_IN_LAYOUTS["2x7"]  # 99.1 × 38.1 mm, as Avery L7163
    assert layout.slot(1) == pytest.approx((4.65, 15.15))
    assert layout.slot(2) == pytest.approx((4.65 + 101.6, 15.15))
    assert layout.slot(3) == pytest.approx((4.65, 15.15 + 38.1))
    right = 210 - (layout.margin_left_mm + 2 * 99.1 + 2.5)
    assert right == pytest.approx(layout.margin_left_mm)  # centred on the sheet


def test_starting_at_label_4_leaves_three_used_labels_and_spills_onto_a_second_sheet() -> None:
    placed = place_labels(DEFAULT_LAYOUT, cards(40), start=4)
    assert len(placed) == 40
    assert [p.position for p in placed[:3]] == [4, 5, 6]
    assert placed[0].page == 0 and (placed[0].left_mm, placed[0].top_mm) == pytest.approx((0, 29.7))
    on_first = [p for p in placed if p.page == 0]
    assert len(on_first) == 27
    assert placed[27].page == 1 and placed[27].position == 1
    assert placed[-1].page == 1 and placed[-1].position == 13
    assert [p.nik for p in placed] == [c.nik for c in cards(40)]  # order kept
    assert sheets_needed(DEFAULT_LAYOUT, 40, 4) == 2


@pytest.mark.parametrize(
    ("count", "start", "sheets"),
    [(0, 1, 0), (1, 1, 1), (30, 1, 1), (31, 1, 2), (1, 30, 1), (2, 30, 2), (27, 4, 1), (28, 4, 2)],
)
def test_sheets_needed(count: int, start: int, sheets: int) -> None:
    assert sheets_needed(DEFAULT_LAYOUT, count, start) == sheets


@pytest.mark.parametrize("start", [0, -1, 31, 100])
def test_a_start_position_not_on_the_sheet_is_refused(start: int) -> None:
    with pytest.raises(LoketError, match="label nomor 1 sampai 30"):
        place_labels(DEFAULT_LAYOUT, cards(3), start=start)


def test_too_many_columns_for_a4_is_refused_naming_the_width() -> None:
    problem = layout_problem(custom_layout(3, 10, 72, 29.7))
    assert problem is not None
    assert "tidak muat ke samping" in problem
    assert "216 mm" in problem and "210 mm" in problem


def test_too_many_rows_for_a4_is_refused_naming_the_height() -> None:
    problem = layout_problem(custom_layout(3, 8, 70, 37, margin_top_mm=2))
    assert problem is not None
    assert "tidak muat ke bawah" in problem
    assert "298 mm" in problem and "297 mm" in problem


def test_gaps_and_margins_count_in_the_width() -> None:
    problem = layout_problem(custom_layout(2, 7, 99.1, 38.1, 15.15, 8, gap_x_mm=5))
    assert problem is not None and "ke samping" in problem and "211,2 mm" in problem


def test_a_label_too_narrow_for_a_readable_barcode_is_refused() -> None:
    problem = layout_problem(custom_layout(5, 13, 38, 21.2))
    assert problem is not None
    assert "terlalu sempit" in problem and "38 mm" in problem and "39,4 mm" in problem


def test_a_label_too_short_for_name_bars_and_digits_is_refused() -> None:
    problem = layout_problem(custom_layout(4, 16, 48.5, 16.9))
    assert problem is not None and "terlalu pendek" in problem and "16,9 mm" in problem


@pytest.mark.parametrize(
    ("layout", "words"),
    [
        (custom_layout(0, 10, 70, 29.7), "kolom dan baris"),
        (custom_layout(3, 10, 70, 29.7, margin_top_mm=-1), "tidak boleh kurang dari 0"),
        (custom_layout(3, 10, float("nan"), 29.7), "dengan angka"),
    ],
)
def test_impossible_numbers_are_refused(layout: LabelLayout, words: str) -> None:
    problem = layout_problem(layout)
    assert problem is not None and words in problem
    with pytest.raises(LoketError):
        labels_layout.check_layout(layout)


def test_the_narrowest_label_still_fits_the_nik_symbol_at_a_quarter_millimetre() -> None:
    modules = len(Code128(NIK).build()[0]) + 20  # python-barcode's own count, quiet zones
    assert modules == labels_layout.NIK_SYMBOL_MODULES
    assert paper.MIN_MODULE_MM >= 0.25
    inside = labels_layout.MIN_LABEL_WIDTH_MM - 2 * paper.LABEL_PADDING_MM
    assert modules * paper.MIN_MODULE_MM <= inside


def test_a_built_in_layout_is_kept_by_its_key_and_a_custom_one_by_its_numbers() -> None:
    assert layout_to_setting(BUILT_IN_LAYOUTS["2x7"]) == "2x7"
    assert layout_from_setting("2x7") == BUILT_IN_LAYOUTS["2x7"]
    mine = custom_layout(3, 8, 70, 36, 4.25, 0, 0, 0.5)
    text = layout_to_setting(mine)
    assert text.startswith("{")
    assert layout_from_setting(text) == mine
    assert mine.is_custom and mine.title.startswith("Ukuran sendiri: A4 3 × 8 (70 × 36 mm)")


@pytest.mark.parametrize(
    "stored",
    [
        "5x13",
        "",
        "[3, 10]",
        '{"columns": 3}',
        '{"columns":3,"rows":10,"width":80,"height":29.7,"top":0,"left":0,"gap_x":0,"gap_y":0}',
        "nan",
    ],
)
def test_a_stored_layout_this_version_cannot_print_on_is_not_read(stored: str) -> None:
    with pytest.raises(ValueError):
        layout_from_setting(stored)
