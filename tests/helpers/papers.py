"""Papers as the tests build them: the Kaligawe kop, a receipt and a berita acara with real data."""

from __future__ import annotations

import datetime as dt
import math

from loket.core.handover.paper import ReceiptSlip, Strokes
from loket.core.indonesia.writing import count_in_words, day_sentence, long_date, roman_month
from loket.core.intake.paper import BatchReceiptMinutes
from loket.core.papers.paper import CardLine, Letterhead, Signatory

KALIGAWE = Letterhead(
    government="PEMERINTAH KOTA SEMARANG",
    kecamatan="KECAMATAN GAYAMSARI",
    kelurahan="KELURAHAN KALIGAWE",
    address="Jl. Kaligawe Raya No. 1, Semarang 50164",
)


OFFICER = Signatory("Petugas Loket,", "Kelurahan Kaligawe", "Dewi Lestari", "198903152015032004")


def signature_strokes() -> Strokes:
    """A signature as a 3:1 signing pad records it: a looped initial, waves, an underline."""
    loop = tuple(
        (0.12 + 0.07 * math.cos(t / 10 * math.tau), 0.45 + 0.25 * math.sin(t / 10 * math.tau))
        for t in range(11)
    )
    waves = tuple(
        (0.2 + 0.5 * i / 30, 0.55 - 0.12 * math.sin(i / 30 * 5 * math.tau) - 0.1 * i / 30)
        for i in range(31)
    )
    underline = ((0.08, 0.8), (0.5, 0.78), (0.85, 0.72))
    return (loop, waves, underline)


def owner_collects() -> ReceiptSlip:
    """FAJAR MAULANA collects his own card at the Rusunawa Kaligawe event."""
    return ReceiptSlip(
        letterhead=KALIGAWE,
        receipt_number="3374041002-2026-000123",
        issued_at="Jumat, 27 November 2026 pukul 09.30 WIB",
        owner_name="FAJAR MAULANA",
        owner_nik="3374042606528310",
        owner_address="Rusunawa Kaligawe Blok A Lt. 1 No. 5, RT 009/RW 001",
        collector_name="FAJAR MAULANA",
        collector_nik="3374042606528310",
        relation="Pemilik sendiri",
        collector_phone="",
        documents_checked=("Bukti perekaman (resi)",),
        old_card="KTP lama diserahkan untuk dimusnahkan",
        officer=OFFICER,
        collector=Signatory("Yang Menerima,", "", "FAJAR MAULANA", ""),
        place_and_date="Semarang, 27 November 2026",
    )


CLOSED_ON = dt.date(2026, 11, 27)
NUMBER = f"474/0001/BA-TERIMA/{roman_month(CLOSED_ON.month)}/2026"
MISSING = (
    CardLine("3374042606528310", "FAJAR MAULANA"),
    CardLine("3374096804070373", "Sumarni"),
    CardLine("3374046404760519", "DWI HANDAYANI"),
)


EXTRA = (
    CardLine("3374045708990002", "NUR’AINI & SITI ROHMAH"),
    CardLine("3374041203850007", "BUDI SANTOSO", "ketik manual"),
)


def kaligawe_minutes(
    missing: tuple[CardLine, ...] = MISSING,
    extra: tuple[CardLine, ...] = EXTRA,
    expected: int = 56,
    received: int = 53,
) -> BatchReceiptMinutes:
    return BatchReceiptMinutes(
        letterhead=Letterhead(
            government="PEMERINTAH KOTA SEMARANG",
            kecamatan="KECAMATAN GAYAMSARI",
            kelurahan="KELURAHAN KALIGAWE",
            address="Jl. Kaligawe Raya No. 1, Semarang 50164",
        ),
        number=NUMBER,
        place_and_date=f"Semarang, {long_date(CLOSED_ON)}",
        day_sentence=day_sentence(CLOSED_ON),
        letter_reference="470/1123/Gys/XI/2026",
        letter_date=long_date(dt.date(2026, 11, 25)),
        courier_name="Agus Setiawan",
        kecamatan_name="Gayamsari",
        kelurahan_name="Kaligawe",
        has_manifest=True,
        expected_text=count_in_words(expected),
        received_text=count_in_words(received),
        missing_text=count_in_words(len(missing)),
        extra_text=count_in_words(len(extra)),
        set_aside_text=count_in_words(0),
        total_text=count_in_words(received + len(extra)),
        missing=missing,
        extra=extra,
        signatories=(
            Signatory("Yang Menyerahkan", "Petugas Kecamatan Gayamsari", "Agus Setiawan", ""),
            Signatory(
                "Yang Menerima",
                "Petugas Loket Kelurahan Kaligawe",
                "Dewi Lestari",
                "198903152015032004",
            ),
        ),
        acknowledged_by=Signatory(
            "Mengetahui,", "Lurah Kaligawe", "Drs. Bambang Sutrisno, M.Si.", "196805121994031007"
        ),
    )
