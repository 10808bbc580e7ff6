"""Label sheets for a real batch, read back from the PDF: every NIK and name, the pages, and
bars that are exactly python-barcode's pattern, all inside their own label."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from barcode import Code128
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from loket.core.intake import batches, scanning
from loket.core.labels import sheets
from loket.core.labels.layout import BUILT_IN_LAYOUTS, DEFAULT_LAYOUT
from loket.core.labels.sheets import PrintedLabels
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Document
from loket.documents.kit.fonts import SANS, SANS_BOLD, register_fonts
from loket.documents.labels.label_sheet import write_label_sheet
from loket.domain.errors import LoketError
from tests.helpers.pdf import image_xobjects, pattern_from_rects

PAGE_HEIGHT = 297 * mm
LONG_NAME = "HJ. SITI NUR’AINI BINTI MUHAMMAD ABDURRAHMAN WAHYUDI PRAWIROKUSUMO"


@dataclass(frozen=True)
class Batch:
    id: int
    cards: list[tuple[int, str, str]]  # id, nik, name, in manifest order


@pytest.fixture
def batch(database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path) -> Batch:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    opened = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    cards = [(c.id, c.nik, c.name) for c in batches.batch_cards(database, opened.id)]
    return Batch(opened.id, cards)


def receive(database: Database, operator: StaffMember, batch: Batch, niks: list[str]) -> None:
    for nik in niks:
        assert scanning.receive_scan(database, operator, batch.id, nik).card is not None


def bars(reader: PdfReader, page: int) -> list[tuple[float, float, float, float]]:
    """Every filled rectangle drawn on the page, as (x, y, width, height) in points."""
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    found = []
    for (operands, operator), (_next, following) in itertools.pairwise(operations):
        if operator == b"re" and following in (b"f", b"f*"):
            found.append(tuple(float(v) for v in operands))
    return found  # type: ignore[return-value]


def texts(reader: PdfReader, page: int) -> list[tuple[str, float, float, float]]:
    """(text, x, y, size) of every string shown on the page."""
    found: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4], cm[5] + tm[5], size))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def label_boxes(result: PrintedLabels, count: int) -> list[tuple[int, float, float, float, float]]:
    """(page, left, bottom, right, top) in points of the labels printed, in order."""
    layout = result.layout
    boxes = []
    for index in range(result.start - 1, result.start - 1 + count):
        page, offset = divmod(index, layout.per_sheet)
        left, top = layout.slot(offset + 1)
        bottom = PAGE_HEIGHT - (top + layout.label_height_mm) * mm
        boxes.append(
            (page, left * mm, bottom, (left + layout.label_width_mm) * mm, PAGE_HEIGHT - top * mm)
        )
    return boxes


def inside(box: tuple[int, float, float, float, float], x: float, y: float) -> bool:
    _page, left, bottom, right, top = box
    return left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6


def print_batch(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch, start: int = 1
) -> PrintedLabels:
    return sheets.label_sheet_for_batch(
        database, data_dir, operator, batch.id, DEFAULT_LAYOUT, start, write_label_sheet
    )


def test_forty_cards_from_label_4_fill_two_pages_with_every_nik_and_name(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    first_40 = batch.cards[:40]
    receive(database, operator, batch, [nik for _id, nik, _name in first_40])
    result = print_batch(database, data_dir, operator, batch, start=4)
    assert (result.count, result.sheets, result.start, result.skipped) == (40, 2, 4, 0)
    assert result.path.parent == data_dir.documents("label")
    reader = PdfReader(result.path)
    assert len(reader.pages) == 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    for _id, nik, name in first_40:
        assert nik in text and name in text
    for _id, nik, _name in batch.cards[40:]:
        assert nik not in text  # not received: no label
    first_page = [t for t, *_ in texts(reader, 0) if t.isdigit()]
    assert len(first_page) == 27 and first_page[0] == first_40[0][1]
    assert len([t for t, *_ in texts(reader, 1) if t.isdigit()]) == 13
    assert image_xobjects(result.path) == []
    assert reader.metadata is not None
    assert reader.metadata.title == "Label barcode NIK — kiriman 470/112/XI/2026"


def test_bars_in_the_pdf_are_python_barcode_s_pattern_inside_each_label(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    first_40 = batch.cards[:40]
    receive(database, operator, batch, [nik for _id, nik, _name in first_40])
    result = print_batch(database, data_dir, operator, batch, start=4)
    reader = PdfReader(result.path)
    drawn = {page: bars(reader, page) for page in range(2)}
    for (_id, nik, _name), box in zip(first_40, label_boxes(result, 40), strict=True):
        page, left, _bottom, right, _top = box
        mine = [r for r in drawn[page] if inside(box, r[0], r[1])]
        module = min(w for _x, _y, w, _h in mine)
        assert module >= 0.25 * mm  # a hand scanner reads it at once
        first_bar = min(x for x, *_ in mine)
        assert pattern_from_rects(mine, first_bar, module) == Code128(nik).build()[0].rstrip("0")
        last_edge = max(x + w for x, _y, w, _h in mine)
        assert first_bar - left >= 10 * module - 1e-6  # quiet zones inside the label
        assert right - last_edge >= 10 * module - 1e-6
        assert all(inside(box, x + w, y + h) for x, y, w, h in mine)
        assert {round(h / mm, 1) for *_xyw, h in mine} == {15.0}
    used = sum(len(rects) for rects in drawn.values())
    assert used == sum(
        len([r for r in drawn[b[0]] if inside(b, r[0], r[1])]) for b in label_boxes(result, 40)
    ), "a bar drawn outside every label"


def test_every_name_and_nik_is_written_inside_its_own_label(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    first_40 = batch.cards[:40]
    receive(database, operator, batch, [nik for _id, nik, _name in first_40])
    result = print_batch(database, data_dir, operator, batch, start=4)
    reader = PdfReader(result.path)
    register_fonts()
    boxes = label_boxes(result, 40)
    for (_id, nik, name), box in zip(first_40, boxes, strict=True):
        shown = {t: (x, y, size) for t, x, y, size in texts(reader, box[0]) if inside(box, x, y)}
        assert set(shown) == {nik, name}
        for text, (x, y, size) in shown.items():
            font = SANS if text.isdigit() else SANS_BOLD
            assert inside(box, x + stringWidth(text, font, size), y + size * 0.8)
        assert shown[name][1] > shown[nik][1]  # the name above the bars, the digits under


def test_labels_follow_the_order_the_cards_were_scanned_in(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    scanned = [nik for _id, nik, _name in batch.cards[:6]][::-1]
    receive(database, operator, batch, scanned)
    result = print_batch(database, data_dir, operator, batch)
    shown = [t for t, *_ in texts(PdfReader(result.path), 0) if t.isdigit()]
    assert shown == scanned


def test_a_long_name_is_cut_with_an_ellipsis_and_stays_in_its_label(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    card_id, nik, _name = batch.cards[0]
    receive(database, operator, batch, [nik])
    scanning.update_card_details(database, operator, card_id, LONG_NAME, "009", "001", "Blok A")
    result = sheets.label_sheet_for_cards(
        database, data_dir, operator, [card_id], DEFAULT_LAYOUT, 1, write_label_sheet
    )
    reader = PdfReader(result.path)
    [box] = label_boxes(result, 1)
    [written] = [t for t, *_ in texts(reader, 0) if not t.isdigit()]
    assert written.endswith("…") and LONG_NAME.startswith(written[:-1])
    register_fonts()
    for text, x, y, size in texts(reader, 0):
        font = SANS if text.isdigit() else SANS_BOLD
        assert inside(box, x, y) and inside(box, x + stringWidth(text, font, size), y)


def test_chosen_cards_not_at_the_desk_are_left_out_and_counted(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    here = batch.cards[:3]
    receive(database, operator, batch, [nik for _id, nik, _name in here])
    not_received = batch.cards[10]
    chosen = [here[2][0], not_received[0], here[0][0], here[2][0]]  # a row picked twice
    choice = sheets.selected_label_cards(database, chosen)
    assert [c.nik for c in choice.cards] == [here[2][1], here[0][1]]  # in the order chosen
    assert choice.skipped == 1
    result = sheets.label_sheet_for_cards(
        database, data_dir, operator, chosen, DEFAULT_LAYOUT, 1, write_label_sheet
    )
    assert (result.count, result.skipped) == (2, 1)
    assert "1 kartu pilihan tidak diberi label" in sheets.label_result_text(result)


def test_a_batch_with_no_card_received_yet_is_refused_and_nothing_is_written(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    with pytest.raises(LoketError, match="Tidak ada kartu untuk dibuatkan label"):
        print_batch(database, data_dir, operator, batch)
    folder = data_dir.documents("label")
    assert not folder.exists() or list(folder.iterdir()) == []
    with database.transaction() as session:
        assert session.scalars(select(Document)).all() == []


def test_a_sheet_is_registered_and_audited_with_its_layout_and_start(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    receive(database, operator, batch, [nik for _id, nik, _name in batch.cards[:5]])
    result = print_batch(database, data_dir, operator, batch, start=7)
    with database.transaction() as session:
        [document] = session.scalars(select(Document)).all()
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "labels.print")
        ).all()
        assert document.kind == "label"
        assert document.title == "Label barcode NIK — kiriman 470/112/XI/2026 (5 label, 1 lembar)"
        assert data_dir.root / document.relative_path == result.path
        assert (entry.entity, entry.entity_id, entry.staff_id) == ("batch", batch.id, operator.id)
        detail = json.loads(entry.detail)
    assert detail == {
        "count": 5,
        "sheets": 1,
        "start": 7,
        "layout": "3x10",
        "document": result.path.name,
    }


def test_a_sheet_with_margins_and_gaps_and_the_second_sheet_in_the_same_second(
    database: Database, data_dir: DataDir, operator: StaffMember, batch: Batch
) -> None:
    receive(database, operator, batch, [nik for _id, nik, _name in batch.cards[:20]])
    layout = BUILT_IN_LAYOUTS["2x7"]
    ids = [card_id for card_id, _nik, _name in batch.cards[:20]]
    first = sheets.label_sheet_for_cards(
        database, data_dir, operator, ids, layout, 1, write_label_sheet
    )
    again = sheets.label_sheet_for_cards(
        database, data_dir, operator, ids, layout, 1, write_label_sheet
    )
    assert first.path != again.path and first.path.exists()
    reader = PdfReader(again.path)
    assert len(reader.pages) == 2
    for box, (_id, nik, _name) in zip(label_boxes(again, 20), batch.cards[:20], strict=True):
        rects = [r for r in bars(reader, box[0]) if inside(box, r[0], r[1])]
        module = min(w for _x, _y, w, _h in rects)
        first_bar = min(x for x, *_ in rects)
        assert pattern_from_rects(rects, first_bar, module) == Code128(nik).build()[0].rstrip("0")


def test_the_test_print_outlines_every_label_of_the_layout(data_dir: DataDir) -> None:
    layout = BUILT_IN_LAYOUTS["3x7"]
    path = sheets.write_test_sheet(data_dir, layout, write_label_sheet)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for number in range(1, 22):
        assert f"LABEL NOMOR {number}\n" in text + "\n"
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    outlines = [
        o
        for (o, op), (_n, nxt) in itertools.pairwise(operations)
        if op == b"re" and nxt in (b"S", b"s")
    ]
    assert len(outlines) == 21
    assert sheets.SAMPLE_NIK == "0000000000000000" and "3374" not in text
