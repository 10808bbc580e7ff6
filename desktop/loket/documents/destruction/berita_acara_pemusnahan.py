"""Berita acara pemusnahan KTP-el lama: the old cards handed in at the desk, destroyed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.destruction.paper import DestructionMinutes, OldCardLine
from loket.documents.kit.audit_head import audit_head_lines
from loket.documents.kit.fonts import SERIF
from loket.documents.kit.layout import (
    BODY_WIDTH,
    DOTS,
    KopSurat,
    esc,
    signature_pair,
    styles,
    write_a4_paper,
)
from loket.documents.kit.minutes import CLOSING, plain_table

TITLE = "BERITA ACARA PEMUSNAHAN KTP-el LAMA"
_LIST_HEAD_ROOM = 3.5 * cm  # the list's heading never ends a page without a few rows under it
_WITNESS_ROW = 1.15 * cm  # room to sign beside each witness's name


def _small(name: str, parent: ParagraphStyle, size: float = 9) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, fontSize=size, leading=size + 1.8)


def _counts(data: DestructionMinutes) -> Table:
    body = styles().body_left
    lines = [
        ("KTP-el lama diserahkan dalam keadaan utuh", data.surrendered_text),
        ("KTP-el lama diserahkan dalam keadaan rusak", data.damaged_text),
    ]
    rows: list[list[Any]] = [
        [Paragraph(f"{letter}.", body), Paragraph(label, body), ":", Paragraph(esc(value), body)]
        for letter, (label, value) in zip("ab", lines, strict=True)
    ]
    rows.append(
        [
            "",
            Paragraph("<b>Jumlah</b>", body),
            ":",
            Paragraph(f"<b>{esc(data.total_text)}</b>", body),
        ]
    )
    rows = [[Paragraph(c, body) if isinstance(c, str) else c for c in row] for row in rows]
    return plain_table(rows, [0.7 * cm, 8.6 * cm, 0.4 * cm, BODY_WIDTH - 9.7 * cm])


def old_card_table(lines: tuple[OldCardLine, ...]) -> Table:
    """No / NIK / Nama / Alamat / Tgl. penyerahan / No. tanda terima, head on every page."""
    s = styles()
    cell, centre, head = (
        _small("oc", s.cell),
        _small("occ", s.cell_centre),
        _small("och", s.cell_head),
    )
    rows: list[list[Any]] = [
        [
            Paragraph(text, head)
            for text in ("No.", "NIK", "Nama", "Alamat", "Tgl. penyerahan", "No. tanda terima")
        ]
    ]
    for number, line in enumerate(lines, start=1):
        name = esc(line.name) + ("<br/><i>(KTP lama rusak)</i>" if line.damaged else "")
        rows.append(
            [
                Paragraph(str(number), centre),
                Paragraph(esc(line.nik), cell),
                Paragraph(name, cell),
                Paragraph(esc(line.address), cell),
                Paragraph(esc(line.handed_over_on), centre),
                Paragraph(esc(line.receipt_number), cell),
            ]
        )
    widths = [0.8 * cm, 2.8 * cm, 0.0, 0.0, 1.85 * cm, 3.65 * cm]
    rest = BODY_WIDTH - sum(widths)
    widths[2], widths[3] = rest * 0.42, rest * 0.58
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
                # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _witnesses(names: tuple[str, ...]) -> list[Flowable]:
    """ "Saksi-saksi:", each name with a dotted line to sign on, alternating left and right."""
    if not names:
        return []
    body = styles().body_left
    rows: list[list[Any]] = []
    for number, name in enumerate(names, start=1):
        line = f"{number}. {'.' * 34}"
        sign = ["", Paragraph(line, body)] if number % 2 else [Paragraph(line, body), ""]
        rows.append(
            [
                Paragraph(f"{number}.", body),
                Paragraph(f"<b>{esc(name)}</b>" if name else DOTS, body),
                *sign,
            ]
        )
    widths = [0.7 * cm, 6.3 * cm, 4.5 * cm, BODY_WIDTH - 11.5 * cm]
    table = Table(rows, colWidths=widths, rowHeights=[_WITNESS_ROW] * len(rows), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # empty cells: no unembedded Helvetica
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [Spacer(1, 10), Paragraph("Saksi-saksi:", body), Spacer(1, 2), table]


def _story(data: DestructionMinutes) -> list[Flowable]:
    s = styles()
    opening = data.day_sentence.strip().rstrip(",.")
    story: list[Flowable] = [
        KopSurat(data.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Nomor: {esc(data.number)}", s.number),
        Spacer(1, 12),
        Paragraph(
            f"{esc(opening)}, bertempat di {esc(data.place_text)}, telah dilaksanakan "
            "pemusnahan KTP-el lama yang diserahkan oleh penduduk pada saat pengambilan KTP-el "
            f"baru di loket {esc(data.village_text)} pada {esc(data.period_text)}.",
            s.body,
        ),
        Spacer(1, 6),
        Paragraph(
            "Pemusnahan dilakukan dengan cara memotong (menggunting) setiap KTP-el lama "
            "sehingga tidak dapat dipergunakan lagi, dengan rincian sebagai berikut:",
            s.body,
        ),
        Spacer(1, 4),
        _counts(data),
        CondPageBreak(_LIST_HEAD_ROOM),
        Spacer(1, 8),
        Paragraph("Daftar KTP-el lama yang dimusnahkan:", s.body_left),
        Spacer(1, 4),
        old_card_table(data.lines),
        Spacer(1, 8),
    ]
    story.append(
        KeepTogether(
            [
                Paragraph(CLOSING, s.body),
                Spacer(1, 6),
                signature_pair(
                    data.acknowledged_by, data.executor, place_and_date=data.place_and_date
                ),
                *_witnesses(data.witnesses),
            ]
        )
    )
    story += audit_head_lines(data.audit_head)
    return story


def write_destruction_minutes(data: DestructionMinutes, path: Path) -> Path:
    """Writes the berita acara pemusnahan to `path` (atomically) and returns `path`."""
    title = f"Berita Acara Pemusnahan KTP-el Lama Nomor {data.number}"
    return write_a4_paper(
        path,
        _story(data),
        title=title,
        author=data.village_text,
        subject=f"Pemusnahan KTP-el lama {data.period_text}",
        footer_left=title,
    )
