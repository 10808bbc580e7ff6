"""The berita acara pengembalian as the documents layer draws it: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import AuditHead, CardLine, Letterhead, Signatory
from loket.domain.states import ReturnReason


@dataclass(frozen=True, slots=True)
class ReasonCount:
    reason: str  # "Tidak diambil pemiliknya"
    count_text: str  # "12 (dua belas) keping"


@dataclass(frozen=True, slots=True)
class ReturnMinutes:
    """Berita acara pengembalian KTP-el: cards the kelurahan hands back to the kecamatan."""

    letterhead: Letterhead
    number: str  # "474/0001/BA-KEMBALI/XI/2026"
    place_and_date: str  # "Semarang, 29 November 2026"
    day_sentence: str  # "Pada hari ini Minggu tanggal dua puluh sembilan bulan November ..."
    reference: str  # the kelurahan's covering letter number, or ""
    kecamatan_name: str  # "Gayamsari"
    kelurahan_name: str  # "Kaligawe"
    village_word: str  # "Kelurahan" or "Desa"
    total_text: str  # "14 (empat belas) keping"
    reasons: tuple[ReasonCount, ...]  # only reasons that occur, in a fixed order
    lines: tuple[CardLine, ...]  # every card, the reason as its note
    signatories: tuple[Signatory, Signatory]  # kelurahan officer handing over, kecamatan receiver
    acknowledged_by: Signatory  # Mengetahui, Lurah ...
    audit_head: AuditHead | None = None  # the audit trail's head when the paper was made


# Official papers are in Indonesian only: these never go through the catalogue.
REASON_ON_PAPER = {
    ReturnReason.UNCLAIMED: "Tidak diambil pemiliknya",
    ReturnReason.DAMAGED: "Kartu rusak",
    ReturnReason.WRONG_KELURAHAN: "Bukan penduduk kelurahan ini",
    ReturnReason.OWNER_MOVED: "Pemilik pindah domisili",
    ReturnReason.OWNER_DECEASED: "Pemilik meninggal dunia",
}
