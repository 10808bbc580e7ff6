"""The berita acara serah terima as the documents layer draws it: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import AuditHead, CardLine, Letterhead, Signatory


@dataclass(frozen=True, slots=True)
class BatchReceiptMinutes:
    """Berita acara penerimaan KTP-el: what came from the kecamatan with one covering letter."""

    letterhead: Letterhead
    number: str  # "474/0001/BA-TERIMA/XI/2026"
    place_and_date: str  # "Semarang, 27 November 2026"
    day_sentence: str  # "Pada hari ini Jumat tanggal dua puluh tujuh bulan November tahun ..."
    letter_reference: str  # nomor surat pengantar
    letter_date: str  # "25 November 2026"
    courier_name: str
    kecamatan_name: str  # "Gayamsari"
    kelurahan_name: str  # "Kaligawe"
    has_manifest: bool
    expected_text: str  # "56 (lima puluh enam) keping"
    received_text: str
    missing_text: str
    extra_text: str  # not on the list, kept or set aside
    set_aside_text: str  # of the extra: set aside, held until a berita acara pengembalian
    missing: tuple[CardLine, ...]
    extra: tuple[CardLine, ...]  # kept or set aside, the note says which
    signatories: tuple[Signatory, Signatory]  # courier, receiving officer
    acknowledged_by: Signatory  # Mengetahui, Lurah ...
    # Every card received; listed on the minutes only when the batch came without a list,
    # so the paper itself records which cards changed hands.
    received: tuple[CardLine, ...] = ()
    date: str = ""  # "27 November 2026", the day the minutes are made (the lampiran's heading)
    total_text: str = ""  # every card that changed hands: received from the list plus extra
    typed_text: str = ""  # of those, typed by hand ("" when none)
    typed: tuple[CardLine, ...] = ()  # on the list, received, typed by hand
    typed_listed_text: str = ""  # how many `typed` holds, in words
    set_aside_count: int = 0
    audit_head: AuditHead | None = None  # the audit trail's head when the paper was made
