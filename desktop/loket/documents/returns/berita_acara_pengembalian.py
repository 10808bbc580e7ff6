"""Berita acara pengembalian KTP-el: the signed minutes of cards handed back to the kecamatan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from loket.core.returns.paper import ReturnMinutes
from loket.documents.kit.audit_head import audit_head_lines
from loket.documents.kit.layout import BODY_WIDTH, KopSurat, esc, styles, write_a4_paper
from loket.documents.kit.minutes import (
    closing_and_signatures,
    list_ending_with_closing,
    party_table,
    plain_table,
)

TITLE = "BERITA ACARA PENGEMBALIAN KTP-el"
_LIST_HEAD_ROOM = 3.5 * cm  # the list's heading never ends a page without a few rows under it


def _counts(data: ReturnMinutes) -> Flowable:
    body = styles().body_left
    lines = [(reason.reason, reason.count_text) for reason in data.reasons]
    rows: list[list[Any]] = [
        [Paragraph(f"{letter}.", body), Paragraph(esc(label), body), ":", Paragraph(esc(v), body)]
        for letter, (label, v) in zip("abcdefgh", lines, strict=False)
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
    return plain_table(rows, [0.7 * cm, 6.3 * cm, 0.4 * cm, BODY_WIDTH - 7.4 * cm])


def _story(data: ReturnMinutes) -> list[Flowable]:
    s = styles()
    kecamatan = f"Kecamatan {data.kecamatan_name}"
    kelurahan = f"{data.village_word} {data.kelurahan_name}"
    opening = data.day_sentence.strip().rstrip(",.")
    letter = f" dengan surat pengantar Nomor {esc(data.reference)}" if data.reference else ""
    story: list[Flowable] = [
        KopSurat(data.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Nomor: {esc(data.number)}", s.number),
        Spacer(1, 12),
        Paragraph(f"{esc(opening)}, kami yang bertanda tangan di bawah ini:", s.body),
        Spacer(1, 6),
        party_table("1.", data.signatories[0], kelurahan, "PIHAK PERTAMA"),
        Spacer(1, 4),
        party_table("2.", data.signatories[1], kecamatan, "PIHAK KEDUA"),
        Spacer(1, 8),
        Paragraph(
            "<b>PIHAK PERTAMA</b> mengembalikan kepada <b>PIHAK KEDUA</b>, dan <b>PIHAK KEDUA</b> "
            "menerima kembali dari <b>PIHAK PERTAMA</b>, KTP-el yang tidak dapat diserahkan "
            f"kepada pemiliknya di {esc(kelurahan)}{letter}, dengan rincian sebagai berikut:",
            s.body,
        ),
        Spacer(1, 4),
        _counts(data),
        CondPageBreak(_LIST_HEAD_ROOM),
    ]
    heading: list[Flowable] = [
        Spacer(1, 8),
        Paragraph("Rincian KTP-el yang dikembalikan:", s.body_left),
        Spacer(1, 4),
    ]

    def closing(lead: Sequence[Flowable] = ()) -> KeepTogether:
        return closing_and_signatures(
            data.signatories, data.place_and_date, data.acknowledged_by, lead=lead
        )

    return (
        story
        + list_ending_with_closing(data.lines, heading, closing)
        + audit_head_lines(data.audit_head)
    )


def write_return_minutes(data: ReturnMinutes, path: Path) -> Path:
    """Writes the berita acara pengembalian to `path` (atomically) and returns `path`."""
    title = f"Berita Acara Pengembalian KTP-el Nomor {data.number}"

    return write_a4_paper(
        path,
        _story(data),
        title=title,
        author=f"{data.village_word} {data.kelurahan_name}",
        subject=f"Pengembalian KTP-el ke Kecamatan {data.kecamatan_name}",
        footer_left=title,
    )
