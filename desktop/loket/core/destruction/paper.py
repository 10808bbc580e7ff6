"""The berita acara pemusnahan KTP-el lama as the documents layer draws it: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import AuditHead, Letterhead, Signatory


@dataclass(frozen=True, slots=True)
class OldCardLine:
    """One row of the list on the paper; every text final."""

    nik: str
    name: str
    address: str  # "Rusunawa Kaligawe Blok A Lt. 1 No. 5, RT 009/RW 001"
    handed_over_on: str  # "27-11-2026"
    receipt_number: str
    damaged: bool


@dataclass(frozen=True, slots=True)
class Witness:
    """A saksi of the destruction: each may be left empty, to be written by hand."""

    name: str = ""
    title: str = ""  # jabatan: "Kasi Pemerintahan", "Ketua RW 005"
    nip: str = ""  # "" for a witness who is not a civil servant


@dataclass(frozen=True, slots=True)
class DestructionMinutes:
    """Berita acara pemusnahan KTP-el lama: what the documents layer draws."""

    letterhead: Letterhead
    number: str  # "474/0001/BA-MUSNAH/XI/2026"
    place_and_date: str  # "Semarang, 30 November 2026"
    day_sentence: str  # "Pada hari ini Senin tanggal tiga puluh bulan November tahun ..."
    period_text: str  # "1 November 2026 sampai dengan 30 November 2026"
    place_text: str  # "Kantor Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"
    village_text: str  # "Kelurahan Kaligawe"
    surrendered_text: str  # "10 (sepuluh) keping"
    damaged_text: str
    total_text: str
    lines: tuple[OldCardLine, ...]
    executor: Signatory  # the officer who destroyed them
    acknowledged_by: Signatory  # Mengetahui, Lurah ...
    witnesses: tuple[Witness, ...]
    # "dibakar sampai habis ..., sesuai Surat Edaran Menteri Dalam Negeri ...": the office's way
    method_text: str = ""
    audit_head: AuditHead | None = None  # the audit trail's head when the paper was made
