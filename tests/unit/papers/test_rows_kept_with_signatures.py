"""The laporan harian keeps its last rows with the signatures: on the page they share when there
is room, on the next page together when there is not, never the signatures alone."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from loket.core.papers.paper import Signatory
from loket.core.reports.paper import DailyHandoverLine
from loket.documents.kit.layout import report_signature_parts, styles
from loket.documents.reports.daily_report import list_and_signatures

LURAH = Signatory(
    "Mengetahui,", "Lurah Kaligawe", "Drs. Bambang Sutrisno, M.Si.", "196805121994031007"
)
PETUGAS = Signatory("", "Petugas Loket Kelurahan Kaligawe", "Dewi Lestari", "198903152015032004")


def _line(number: int) -> DailyHandoverLine:
    return DailyHandoverLine(
        "10.00",
        f"3374041002-2026-{number:06d}",
        "3374042606500001",
        f"WARGA NOMOR {number}",
        f"WARGA NOMOR {number}",
        "Pemilik sendiri",
        "Dewi Lestari",
    )


def _pages(above: float, lines: int) -> list[str]:
    """The text of each page: `above` points taken before the list, then the list and signers."""
    story: list[Flowable] = [Spacer(1, above), Paragraph("C. Rincian penyerahan", styles().body)]
    signers = report_signature_parts(LURAH, PETUGAS, "Semarang, 27 November 2026")
    story += list_and_signatures([_line(n) for n in range(1, lines + 1)], signers)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return [page.extract_text() for page in PdfReader(out).pages]


def test_with_room_on_the_page_the_rows_and_signatures_stay_on_it() -> None:
    for lines in (1, 2, 3, 5):
        pages = _pages(200, lines)
        assert len(pages) == 1, lines  # a KeepTogether inside another once pushed them over
        assert f"WARGA NOMOR {lines}" in pages[0] and "Dewi Lestari" in pages[0]


def test_without_room_the_last_rows_go_over_with_the_signatures() -> None:
    pages = _pages(600, 5)
    assert len(pages) == 2
    assert "WARGA NOMOR 5" in pages[1] and "WARGA NOMOR 4" in pages[1]
    assert "Bambang Sutrisno" in pages[1] and "Bambang Sutrisno" not in pages[0]
