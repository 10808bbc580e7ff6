"""What every berita acara shares: the parties' table, plain tables, the closing and signatures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from loket.core.papers.paper import CardLine, Signatory
from loket.documents.kit.fonts import SERIF
from loket.documents.kit.layout import (
    BODY_WIDTH,
    DOTS,
    ContinuedRows,
    card_table,
    esc,
    format_nip,
    signature_pair,
    signature_single,
    styles,
)

CLOSING = (
    "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
)


def closing_with_lampiran(pages: int) -> str:
    """The closing sentence of a berita acara that has a lampiran of `pages` pages."""
    return (
        f"Demikian berita acara ini beserta lampirannya sebanyak {pages} halaman, yang merupakan "
        "bagian tidak terpisahkan dari berita acara ini, dibuat dengan sebenarnya untuk "
        "dipergunakan sebagaimana mestinya."
    )


def plain_table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                # Empty cells are drawn too; without this they would pull in unembedded Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def party_table(number: str, signatory: Signatory, on_behalf_of: str, called: str) -> Table:
    body = styles().body_left
    name = esc(signatory.name.strip()) or DOTS
    fields = [("Nama", name)]
    if signatory.nip.strip():
        fields.append(("NIP", esc(format_nip(signatory.nip))))
    fields.append(("Jabatan", esc(signatory.title.strip()) or DOTS))
    rows: list[list[Any]] = []
    for index, (label, value) in enumerate(fields):
        rows.append(
            [number if index == 0 else "", Paragraph(label, body), ":", Paragraph(value, body)]
        )
    closing = f"bertindak atas nama {esc(on_behalf_of)}, selanjutnya disebut <b>{called}</b>."
    rows.append(["", Paragraph(closing, styles().body), "", ""])
    table = plain_table(
        [[Paragraph(c, body) if isinstance(c, str) and c else c for c in row] for row in rows],
        [0.7 * cm, 2.3 * cm, 0.4 * cm, BODY_WIDTH - 3.4 * cm],
    )
    table.setStyle(TableStyle([("SPAN", (1, len(rows) - 1), (3, len(rows) - 1))]))
    return table


#: The last rows of a list that stay on the page of the closing sentence and the signatures.
KEPT_ROWS = 3


def list_ending_with_closing(
    lines: Sequence[CardLine], heading: Sequence[Flowable], closing: Callable[..., KeepTogether]
) -> list[Flowable]:
    """A card list and then the closing, its last rows on the closing's page: a page never holds
    only the closing sentence and the signatures. `closing(lead=...)` makes the closing block."""
    with_rt_rw = any(line.rt_rw for line in lines)
    if len(lines) <= KEPT_ROWS:
        return [closing(lead=[*heading, card_table(lines, with_rt_rw=with_rt_rw)])]
    head, tail = lines[:-KEPT_ROWS], lines[-KEPT_ROWS:]
    first = len(head) + 1
    last = ContinuedRows(
        card_table(tail, first_number=first, with_rt_rw=with_rt_rw),
        card_table(tail, header=False, first_number=first, with_rt_rw=with_rt_rw),
    )
    return [*heading, card_table(head, with_rt_rw=with_rt_rw), closing(lead=[last])]


def closing_and_signatures(
    parties: tuple[Signatory, Signatory],
    place_and_date: str,
    acknowledged_by: Signatory,
    closing: str = CLOSING,
    lead: Sequence[Flowable] = (),
) -> KeepTogether:
    """The closing sentence, both parties' signatures and the lurah's, kept on one page (with
    `lead`, the last rows of the list before them)."""
    s = styles()
    return KeepTogether(
        [
            *lead,
            *([Spacer(1, 8)] if lead else []),
            Paragraph(closing, s.body),
            Spacer(1, 6),
            signature_pair(
                parties[0],
                parties[1],
                left_party="PIHAK PERTAMA",
                right_party="PIHAK KEDUA",
                place_and_date=place_and_date,
            ),
            Spacer(1, 6),
            signature_single(acknowledged_by),
        ]
    )
