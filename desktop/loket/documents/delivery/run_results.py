"""Daftar hasil pengantaran KTP-el: what became of every card of a closed run, on A4.

The counts by outcome first, then each card as the run sheet numbered it, with who received
it, its tanda terima and the old card's fate, or why it came back; the petugas pengantar, the
petugas loket and the lurah sign. The NIK is in full: the paper stays in the archive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from loket.core.delivery.paper import RunResults
from loket.documents.kit.fonts import SERIF
from loket.documents.kit.layout import (
    BODY_WIDTH,
    KopSurat,
    esc,
    signature_pair,
    signature_single,
    styles,
    write_a4_paper,
)
from loket.documents.kit.minutes import plain_table

TITLE = "DAFTAR HASIL PENGANTARAN KTP-el"
HEADS = ("No.", "NIK / Nama", "Hasil", "Tanda Terima / KTP Lama", "Keterangan")
_WIDTHS = [0.9 * cm, 4.0 * cm, 3.9 * cm, 0.0, 2.8 * cm]
_WIDTHS[3] = BODY_WIDTH - sum(_WIDTHS)
_KEPT_ROWS = 2  # the last rows printed on the page of the signatures


def _cell() -> ParagraphStyle:
    return ParagraphStyle("results_cell", parent=styles().cell, fontSize=9.5, leading=11.5)


def _details(data: RunResults) -> Table:
    body = styles().body_left
    pairs = [
        ("Nomor daftar pengantaran", data.run_number),
        ("Wilayah", f"{data.area}, {data.kelurahan_name}"),
        ("Petugas pengantar", data.courier_name),
        ("Berangkat", data.sent_on),
        ("Ditutup", data.closed_on),
        ("Jumlah kartu", data.total_text),
    ]
    pairs += [(f"\u2013 {count.outcome}", count.count_text) for count in data.counts]
    rows: list[list[Any]] = [
        [Paragraph(esc(label), body), ":", Paragraph(esc(value), body)] for label, value in pairs
    ]
    rows = [[Paragraph(c, body) if isinstance(c, str) else c for c in row] for row in rows]
    return plain_table(rows, [6.8 * cm, 0.4 * cm, BODY_WIDTH - 7.2 * cm])


def _table(data: RunResults, lines: range, header: bool) -> Table:
    cell = _cell()
    centre = ParagraphStyle("results_centre", parent=cell, alignment=1)
    rows: list[list[Any]] = [[Paragraph(h, styles().cell_head) for h in HEADS]] if header else []
    for index in lines:
        line = data.lines[index]
        kept = "<br/>".join(esc(part) for part in (line.receipt, line.old_card) if part)
        rows.append(
            [
                Paragraph(str(line.number), centre),
                Paragraph(f"{esc(line.nik)}<br/>{esc(line.name)}", cell),
                Paragraph(esc(line.outcome), cell),
                Paragraph(kept or "-", cell),
                Paragraph(esc(line.note) or "", cell),
            ]
        )
    table = Table(rows, colWidths=_WIDTHS, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6"))] if header else []),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # empty cells: no unembedded Helvetica
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _story(data: RunResults) -> list[Flowable]:
    s = styles()
    signatures: list[Flowable] = [
        Spacer(1, 12),
        signature_pair(data.courier, data.officer, place_and_date=data.place_and_date),
        Spacer(1, 8),
        signature_single(data.acknowledged_by),
    ]
    count = len(data.lines)
    split = max(0, count - _KEPT_ROWS)
    story: list[Flowable] = [
        KopSurat(data.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Daftar Pengantaran Nomor: {esc(data.run_number)}", s.number),
        Spacer(1, 10),
        _details(data),
        Spacer(1, 8),
    ]
    if split:
        story.append(_table(data, range(split), header=True))
    last = _table(data, range(split, count), header=not split) if count else Spacer(1, 1)
    return [*story, KeepTogether([last, *signatures])]


def write_run_results(data: RunResults, path: Path) -> Path:
    """Writes the daftar hasil pengantaran to `path` (atomically) and returns `path`."""
    title = f"Daftar Hasil Pengantaran KTP-el Nomor {data.run_number}"
    return write_a4_paper(
        path,
        _story(data),
        title=title,
        author=data.kelurahan_name,
        subject=f"Hasil pengantaran KTP-el {data.area}, petugas {data.courier_name}",
        footer_left=title,
    )
