"""Berita acara serah terima KTP-el: the signed minutes of a batch received from the kecamatan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from loket.core.intake.paper import BatchReceiptMinutes
from loket.core.papers.paper import CardLine
from loket.documents.kit.audit_head import audit_head_lines
from loket.documents.kit.lampiran import (
    CardList,
    Lampiran,
    LampiranHeading,
    in_lampiran,
    lampiran,
)
from loket.documents.kit.layout import (
    BODY_WIDTH,
    DOTS,
    KopSurat,
    card_table,
    esc,
    styles,
    write_a4_paper,
)
from loket.documents.kit.minutes import (
    CLOSING,
    closing_and_signatures,
    closing_with_lampiran,
    list_ending_with_closing,
    party_table,
    plain_table,
)

TITLE = "BERITA ACARA SERAH TERIMA KTP-el"
_LIST_HEAD_ROOM = 3.5 * cm  # a list's heading never ends a page without a few rows under it
_SHORT_LIST = 8  # a list this short is never split over two pages


def _counts(data: BatchReceiptMinutes) -> Table:
    body = styles().body_left
    total = data.total_text or data.received_text
    if data.has_manifest:
        lines = [
            ("Jumlah menurut daftar kiriman", data.expected_text),
            ("Diterima sesuai daftar kiriman", data.received_text),
            ("Tidak diterima (kurang)", data.missing_text),
            ("Tambahan (tidak tercantum dalam daftar)", data.extra_text),
            ("Jumlah yang diserahterimakan (b + d)", total),
        ]
    else:
        lines = [("Jumlah yang diserahterimakan", total)]
    rows: list[list[Any]] = [
        [f"{letter}.", label, ":", esc(value)]
        for letter, (label, value) in zip("abcdefgh", lines, strict=False)
    ]
    rows[-1][1:] = [f"<b>{rows[-1][1]}</b>", ":", f"<b>{rows[-1][3]}</b>"]
    # Parts of the total, under it: they are in it, not added to it.
    parts = []
    if data.set_aside_count:
        parts.append(("di antaranya disisihkan untuk kecamatan", data.set_aside_text))
    if data.typed_text:
        parts.append(("di antaranya NIK diketik manual", data.typed_text))
    rows += [["", f"&nbsp;&nbsp;&nbsp;{label}", ":", esc(value)] for label, value in parts]
    rows = [[Paragraph(c, body) if isinstance(c, str) else c for c in row] for row in rows]
    return plain_table(rows, [0.7 * cm, 7.3 * cm, 0.4 * cm, BODY_WIDTH - 8.4 * cm])


def _set_aside_sentence(data: BatchReceiptMinutes) -> str:
    return (
        f"KTP-el yang disisihkan, sebanyak {esc(data.set_aside_text)}, termasuk dalam jumlah yang "
        "diserahterimakan dan disimpan oleh <b>PIHAK KEDUA</b> sampai dikembalikan kepada "
        f"Kecamatan {esc(data.kecamatan_name)} dengan berita acara pengembalian."
    )


@dataclass(frozen=True, slots=True)
class _List:
    heading: str  # "Rincian KTP-el yang ... (kurang)", as the body says it
    lampiran_title: str  # "DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG)"
    count_text: str
    lines: tuple[CardLine, ...]


def _lists(data: BatchReceiptMinutes) -> list[_List]:
    if not data.has_manifest:
        return [
            _List(
                "Rincian KTP-el yang diterima",
                "DAFTAR KTP-el YANG DITERIMA",
                data.received_text,
                data.received,
            )
        ]
    return [
        _List(
            "Rincian KTP-el yang tercantum dalam daftar kiriman tetapi tidak diterima (kurang)",
            "DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG)",
            data.missing_text,
            data.missing,
        ),
        _List(
            "Rincian KTP-el yang diterima tetapi tidak tercantum dalam daftar kiriman (tambahan)",
            "DAFTAR KTP-el TAMBAHAN (TIDAK TERCANTUM DALAM DAFTAR KIRIMAN)",
            data.extra_text,
            data.extra,
        ),
        _List(
            "Rincian KTP-el sesuai daftar kiriman yang NIK-nya diketik manual (barcode tidak "
            "terbaca)",
            "DAFTAR KTP-el YANG NIK-NYA DIKETIK MANUAL",
            data.typed_listed_text,
            data.typed,
        ),
    ]


def _card_list(part: _List, closing: Callable[..., KeepTogether] | None = None) -> list[Flowable]:
    """The list in the body (or the sentence that sends it to the lampiran); the last list in
    the body ends with `closing`, its last rows on the closing's page."""
    if in_lampiran(part.lines):
        sentence = (
            f"{esc(part.heading)}, sebanyak {esc(part.count_text)}, sebagaimana tercantum "
            "dalam Lampiran berita acara ini."
        )
        return [Spacer(1, 8), Paragraph(sentence, styles().body)]
    heading: list[Flowable] = [
        Spacer(1, 8),
        Paragraph(f"{esc(part.heading)}:", styles().body_left),
        Spacer(1, 4),
    ]
    if closing is not None:
        listed = list_ending_with_closing(part.lines, heading, closing)
        return [CondPageBreak(_LIST_HEAD_ROOM), *listed]
    parts: list[Flowable] = [*heading, card_table(part.lines)]
    if len(part.lines) <= _SHORT_LIST:
        return [KeepTogether(parts)]
    return [CondPageBreak(_LIST_HEAD_ROOM), *parts]


def _lampiran(data: BatchReceiptMinutes, lists: list[_List]) -> Lampiran:
    heading = LampiranHeading(
        paper=TITLE,
        number=data.number,
        date=data.date,
        footer_left=f"Lampiran Berita Acara Serah Terima KTP-el Nomor {data.number}",
    )
    return lampiran(
        heading,
        [
            CardList(part.lampiran_title, part.count_text, part.lines)
            for part in lists
            if in_lampiran(part.lines)
        ],
    )


def _story(data: BatchReceiptMinutes) -> list[Flowable]:
    s = styles()
    kecamatan = f"Kecamatan {data.kecamatan_name}"
    kelurahan = f"Kelurahan {data.kelurahan_name}"
    opening = data.day_sentence.strip().rstrip(",.")
    reference = esc(data.letter_reference.strip()) or DOTS
    # "25 November 2026" is never broken over two lines.
    letter_date = esc(data.letter_date.strip()).replace(" ", "&nbsp;") or DOTS
    story: list[Flowable] = [
        KopSurat(data.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Nomor: {esc(data.number)}", s.number),
        Spacer(1, 12),
        Paragraph(f"{esc(opening)}, kami yang bertanda tangan di bawah ini:", s.body),
        Spacer(1, 6),
        party_table("1.", data.signatories[0], kecamatan, "PIHAK PERTAMA"),
        Spacer(1, 4),
        party_table("2.", data.signatories[1], kelurahan, "PIHAK KEDUA"),
        Spacer(1, 8),
    ]
    handed_over = (
        "<b>PIHAK PERTAMA</b> menyerahkan kepada <b>PIHAK KEDUA</b>, dan <b>PIHAK KEDUA</b> "
        "menerima dari <b>PIHAK PERTAMA</b>, KTP-el milik penduduk "
        f"{esc(kelurahan)} kiriman {esc(kecamatan)} dengan surat "
        f"pengantar Nomor {reference} tanggal {letter_date}"
    )
    if data.has_manifest:
        story.append(Paragraph(f"{handed_over}, dengan rincian sebagai berikut:", s.body))
    else:
        story += [
            Paragraph(f"{handed_over}.", s.body),
            Spacer(1, 6),
            Paragraph(
                f"Kiriman ini tidak disertai daftar kiriman dari {esc(kecamatan)}, sehingga "
                "KTP-el yang diterima dihitung oleh <b>PIHAK KEDUA</b> satu per satu pada saat "
                "penerimaan, dengan rincian sebagai berikut:",
                s.body,
            ),
        ]
    story += [Spacer(1, 4), _counts(data)]
    if data.set_aside_count:
        story += [Spacer(1, 6), Paragraph(_set_aside_sentence(data), s.body)]
    lists = [part for part in _lists(data) if part.lines]
    if data.has_manifest and not data.missing and not data.extra:
        story += [
            Spacer(1, 6),
            Paragraph("Seluruh KTP-el yang diterima sesuai dengan daftar kiriman.", s.body),
        ]
    attached = _lampiran(data, lists)
    closing_text = closing_with_lampiran(attached.page_count) if attached.page_count else CLOSING

    def closing(lead: Sequence[Flowable] = ()) -> KeepTogether:
        return closing_and_signatures(
            data.signatories, data.place_and_date, data.acknowledged_by, closing_text, lead
        )

    in_body = [part for part in lists if not in_lampiran(part.lines)]
    for part in lists:
        story += _card_list(part, closing if in_body and part is in_body[-1] else None)
    if not in_body:
        story += [Spacer(1, 8), closing()]
    story += audit_head_lines(data.audit_head)
    return story + attached.story


def write_batch_receipt_minutes(data: BatchReceiptMinutes, path: Path) -> Path:
    """Writes the berita acara to `path` (atomically) and returns `path`."""
    title = f"Berita Acara Serah Terima KTP-el Nomor {data.number}"

    return write_a4_paper(
        path,
        _story(data),
        title=title,
        author=f"Kelurahan {data.kelurahan_name}",
        subject=f"Penerimaan KTP-el dari Kecamatan {data.kecamatan_name}",
        footer_left=title,
    )
