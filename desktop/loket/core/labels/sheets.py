"""Sticker sheets of NIK barcodes for cards that came without one: which cards, and the sheet
written, registered and audited. Where labels sit on the sheet: loket.core.label_layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from loket.core.clock import utc_now
from loket.core.labels.layout import (
    LabelLayout,
    layout_to_setting,
    place_labels,
    sheets_needed,
)
from loket.core.labels.paper import (
    LabelCard,
    LabelSheetPaper,
    PlacedLabel,
)
from loket.core.office.identity import get_office
from loket.core.papers.filing import (
    AuditNote,
    free_paper_path,
    write_paper,
)
from loket.core.papers.kinds import PaperKind
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Batch, Card
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import CardState
from loket.i18n import _

#: Cards the desk holds: the only ones worth a label.
LABEL_STATES = (CardState.IN_STOCK, CardState.SET_ASIDE)
_QUERY_CHUNK = 500


# ---------------------------------------------------------------- which cards


@dataclass(frozen=True, slots=True)
class LabelChoice:
    cards: tuple[LabelCard, ...]
    skipped: int  # chosen cards the desk does not hold (handed over, returned, not received)
    source: str  # what the sheet is for: "kiriman 470/112/XI/2026", "12 kartu pilihan"


def _label_card(card: Card) -> LabelCard:
    return LabelCard(card.id, card.nik, card.name)


def batch_label_cards(database: Database, batch_id: int) -> LabelChoice:
    """The batch's received cards still at the desk, in the order they were scanned in.

    Scan order is the order of the pile on the desk, so labels and cards line up.
    """
    with database.transaction() as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise NotFound(_("Kiriman tidak ditemukan."))
        cards = session.scalars(
            select(Card)
            .where(
                Card.batch_id == batch_id,
                Card.received_at.is_not(None),
                Card.state.in_(LABEL_STATES),
            )
            .order_by(Card.received_at, Card.id)
        ).all()
        return LabelChoice(tuple(_label_card(c) for c in cards), 0, f"kiriman {batch.reference}")


def selected_label_cards(database: Database, card_ids: Sequence[int]) -> LabelChoice:
    """The chosen cards the desk holds, in the order chosen; the others are counted as skipped."""
    wanted = list(dict.fromkeys(card_ids))
    found: dict[int, Card] = {}
    with database.transaction() as session:
        for at in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[at : at + _QUERY_CHUNK]
            found.update((c.id, c) for c in session.scalars(select(Card).where(Card.id.in_(chunk))))
        held = [found[i] for i in wanted if i in found and found[i].state in LABEL_STATES]
        cards = tuple(_label_card(c) for c in held)
    return LabelChoice(cards, len(wanted) - len(cards), f"{len(wanted)} kartu pilihan")


# ---------------------------------------------------------------- writing the sheet

#: Draws the sheet; supplied by the caller (loket.documents), so core never imports reportlab.
WriteLabelSheet = Callable[[LabelSheetPaper, Path], Path]


@dataclass(frozen=True, slots=True)
class PrintedLabels:
    path: Path
    count: int
    sheets: int
    skipped: int
    layout: LabelLayout
    start: int


def _sheet_paper(
    title: str,
    author: str,
    layout: LabelLayout,
    pages: int,
    labels: Sequence[PlacedLabel],
    *,
    outlines: bool = False,
) -> LabelSheetPaper:
    return LabelSheetPaper(
        title=title,
        author=author,
        label_width_mm=layout.label_width_mm,
        label_height_mm=layout.label_height_mm,
        layout_title=layout.title,
        pages=pages,
        labels=tuple(labels),
        outlines=outlines,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")[:40] or "label"


def write_labels(
    database: Database,
    data: DataDir,
    actor: StaffMember,
    choice: LabelChoice,
    layout: LabelLayout,
    start: int,
    write: WriteLabelSheet,
    *,
    batch_id: int | None = None,
) -> PrintedLabels:
    """Places the chosen cards, writes the PDF, registers and audits it in one transaction."""
    if not choice.cards:
        raise LoketError(
            _(
                "Tidak ada kartu untuk dibuatkan label: hanya kartu yang sudah diterima dan "
                "masih ada di loket yang diberi label."
            )
        )
    labels = place_labels(layout, choice.cards, start)
    sheets = sheets_needed(layout, len(labels), start)
    office = get_office(database)
    village = f"{'Desa' if office.is_desa else 'Kelurahan'} {office.kelurahan}" if office else ""
    title = f"Label barcode NIK — {choice.source}"
    paper = _sheet_paper(title, village or "Loket KTP-el", layout, sheets, labels)
    now = utc_now()
    local = now.astimezone(office.zone) if office else now
    with database.transaction() as session:
        stem = f"label-{_slug(choice.source)}-{local:%Y%m%d-%H%M%S}"
        detail: dict[str, object] = {
            "count": len(labels),
            "sheets": sheets,
            "start": start,
            "layout": layout_to_setting(layout),
        }
        path = write_paper(
            session,
            data,
            free_paper_path(data, PaperKind.LABELS, stem),
            lambda target: write(paper, target),
            kind=PaperKind.LABELS,
            title=f"{title} ({len(labels)} label, {sheets} lembar)",
            actor_id=actor.id,
            at=now,
            note=AuditNote(
                "labels.print", "batch" if batch_id is not None else "card", batch_id, detail
            ),
        )
    return PrintedLabels(path, len(labels), sheets, choice.skipped, layout, start)


def label_sheet_for_batch(
    database: Database,
    data: DataDir,
    actor: StaffMember,
    batch_id: int,
    layout: LabelLayout,
    start: int,
    write: WriteLabelSheet,
) -> PrintedLabels:
    """Labels for every received card of a batch still at the desk."""
    choice = batch_label_cards(database, batch_id)
    return write_labels(database, data, actor, choice, layout, start, write, batch_id=batch_id)


def label_sheet_for_cards(
    database: Database,
    data: DataDir,
    actor: StaffMember,
    card_ids: Sequence[int],
    layout: LabelLayout,
    start: int,
    write: WriteLabelSheet,
) -> PrintedLabels:
    """Labels for chosen cards (rows picked on the stock page) the desk holds."""
    choice = selected_label_cards(database, card_ids)
    return write_labels(database, data, actor, choice, layout, start, write)


#: Printed on the test sheet: plainly no one's NIK (no province 00, no birth date 00-00-00), so
#: a test sheet left lying about tells nothing and a scan of it is refused as unreadable.
SAMPLE_NIK = "0000000000000000"


def write_test_sheet(data: DataDir, layout: LabelLayout, write: WriteLabelSheet) -> Path:
    """One sheet with every label outlined and numbered, to hold against a sticker sheet.

    Printed on plain paper, not registered: it is a check of the printer, not a paper.
    """
    cards = [LabelCard(0, SAMPLE_NIK, f"LABEL NOMOR {n}") for n in range(1, layout.per_sheet + 1)]
    labels = place_labels(layout, cards)
    paper = _sheet_paper(
        f"Cetak uji label — {layout.title}", "Loket KTP-el", layout, 1, labels, outlines=True
    )
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    return write(
        paper, free_paper_path(data, PaperKind.LABELS, f"uji-tata-letak-{layout.key}-{stamp}")
    )


def label_result_text(result: PrintedLabels) -> str:
    """ "40 label pada 2 lembar (mulai dari label nomor 4)" for the banner."""
    text = _("{count} label pada {sheets} lembar").format(count=result.count, sheets=result.sheets)
    if result.start > 1:
        text += " " + _("(mulai dari label nomor {start})").format(start=result.start)
    if result.skipped:
        text += ". " + _(
            "{skipped} kartu pilihan tidak diberi label karena tidak ada di loket."
        ).format(skipped=result.skipped)
    return text
