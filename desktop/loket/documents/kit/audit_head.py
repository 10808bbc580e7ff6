"""The audit trail's head printed under a paper's signatures: the number of rows and the start
of the newest row's hash, so that the signed paper witnesses the record as it stood."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from loket.core.papers.paper import AuditHead
from loket.documents.kit.fonts import SERIF


def audit_head_lines(head: AuditHead | None) -> list[Flowable]:
    """Nothing when the paper was made without a head (an office before the chain)."""
    if head is None:
        return []
    style = ParagraphStyle(
        "audit_head", fontName=SERIF, fontSize=8, leading=10, alignment=TA_CENTER
    )
    rows = f"{head.rows:,}".replace(",", ".")
    text = (
        f"Jejak audit saat berkas ini dibuat: {rows} baris, ujung rantai {head.short_hash} "
        f"(diperiksa dengan: loket audit verify --paper {head.rows}:{head.short_hash})"
    )
    return [Spacer(1, 8), Paragraph(text, style)]
