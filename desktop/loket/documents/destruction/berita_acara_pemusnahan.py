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

from loket.core.destruction.paper import DestructionMinutes, OldCardLine, Witness
from loket.documents.kit.audit_head import audit_head_lines
from loket.documents.kit.fonts import SERIF
from loket.documents.kit.layout import (
    BODY_WIDTH,
    DOTS,
    ContinuedRows,
    KopSurat,
    esc,
    format_nip,
    signature_pair,
    styles,
    write_a4_paper,
)
from loket.documents.kit.minutes import CLOSING, KEPT_ROWS, plain_table

TITLE = "BERITA ACARA PEMUSNAHAN KTP-el LAMA"
_LIST_HEAD_ROOM = 3.5 * cm  # the list's heading never ends a page without a few rows under it
_WITNESS_GAP = 0.6 * cm  # room to sign above each witness's dotted line


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


def old_card_table(
    lines: tuple[OldCardLine, ...], *, first_number: int = 1, header: bool = True
) -> Table:
    """No / NIK / Nama / Alamat / Tgl. penyerahan / No. tanda terima, head on every page
    (without it: the list's last rows, from `first_number`)."""
    s = styles()
    cell, centre, head = (
        _small("oc", s.cell),
        _small("occ", s.cell_centre),
        _small("och", s.cell_head),
    )
    titles = ("No.", "NIK", "Nama", "Alamat", "Tgl. penyerahan", "No. tanda terima")
    rows: list[list[Any]] = [[Paragraph(text, head) for text in titles]] if header else []
    for number, line in enumerate(lines, start=first_number):
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
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6"))] if header else []),
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


def _witnesses(witnesses: tuple[Witness, ...]) -> list[Flowable]:
    """ "Saksi-saksi:", each with name, jabatan and NIP and a dotted line to sign on."""
    if not witnesses:
        return []
    body = styles().body_left
    rows: list[list[Any]] = []
    for number, witness in enumerate(witnesses, start=1):
        name = f"<b>{esc(witness.name)}</b>" if witness.name else DOTS
        lines = [name, f"Jabatan: {esc(witness.title) if witness.title else DOTS}"]
        if witness.nip:
            lines.append(f"NIP. {esc(format_nip(witness.nip))}")
        sign = Paragraph(f"{number}. {'.' * 34}", body)
        rows.append(
            [
                Paragraph(f"{number}.", body),
                Paragraph("<br/>".join(lines), body),
                *(["", sign] if number % 2 else [sign, ""]),
            ]
        )
    widths = [0.7 * cm, 7.3 * cm, 4.0 * cm, BODY_WIDTH - 12 * cm]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # empty cells: no unembedded Helvetica
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), _WITNESS_GAP),
            ]
        )
    )
    return [Spacer(1, 10), Paragraph("Saksi-saksi:", body), Spacer(1, 2), table]


def _story(data: DestructionMinutes) -> list[Flowable]:
    s = styles()
    opening = data.day_sentence.strip().rstrip(",.")
    method = data.method_text or "dimusnahkan sehingga tidak dapat dipergunakan lagi"
    story: list[Flowable] = [
        KopSurat(data.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Nomor: {esc(data.number)}", s.number),
        Spacer(1, 12),
        Paragraph(
            f"{esc(opening)}, bertempat di {esc(data.place_text)}, telah dilaksanakan "
            "pemusnahan KTP-el lama. KTP-el lama tersebut diserahkan oleh penduduk pada saat "
            f"pengambilan KTP-el baru di loket {esc(data.village_text)} dalam kurun waktu "
            f"{esc(data.period_text)}.",
            s.body,
        ),
        Spacer(1, 6),
        Paragraph(
            f"Setiap KTP-el lama {esc(method)}, dengan rincian sebagai berikut:",
            s.body,
        ),
        Spacer(1, 4),
        _counts(data),
        CondPageBreak(_LIST_HEAD_ROOM),
        Spacer(1, 8),
        Paragraph("Daftar KTP-el lama yang dimusnahkan:", s.body_left),
        Spacer(1, 4),
    ]
    # The list's last rows stay with the closing: never a page of signatures alone.
    kept = min(KEPT_ROWS, len(data.lines))
    head, tail = data.lines[: len(data.lines) - kept], data.lines[len(data.lines) - kept :]
    first = len(head) + 1
    last: Flowable = (
        ContinuedRows(
            old_card_table(tail, first_number=first),
            old_card_table(tail, first_number=first, header=False),
        )
        if head
        else old_card_table(tail)
    )
    if head:
        story.append(old_card_table(head))
    story.append(
        KeepTogether(
            [
                last,
                Spacer(1, 8),
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
