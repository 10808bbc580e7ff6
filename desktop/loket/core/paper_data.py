"""Plain data handed to `loket.documents` to draw a paper. No rules here, only values.

Every text is already in its final Indonesian form (dates written out, counts
in words) so the documents layer only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Kop surat: "PEMERINTAH KOTA SEMARANG / KECAMATAN GAYAMSARI / KELURAHAN KALIGAWE"."""

    government: str  # "PEMERINTAH KOTA SEMARANG"
    kecamatan: str  # "KECAMATAN GAYAMSARI"
    kelurahan: str  # "KELURAHAN KALIGAWE"
    address: str  # "Jl. Kaligawe Raya No. 1, Semarang 50164"
    logo_path: str = ""  # the office's logo (PNG/JPEG) drawn at the left, or "" for none


@dataclass(frozen=True, slots=True)
class Signatory:
    role: str  # "Yang Menyerahkan", "Yang Menerima", "Mengetahui,"
    title: str  # "Petugas Kecamatan Gayamsari", "Lurah Kaligawe"
    name: str  # may be "" when unknown: a blank line is drawn to write on
    nip: str  # may be ""


@dataclass(frozen=True, slots=True)
class CardLine:
    nik: str
    name: str
    note: str = ""  # "ketik manual", "disisihkan"


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
    extra_text: str
    set_aside_text: str
    missing: tuple[CardLine, ...]
    extra: tuple[CardLine, ...]
    signatories: tuple[Signatory, Signatory]  # courier, receiving officer
    acknowledged_by: Signatory  # Mengetahui, Lurah ...
    # Every card received; listed on the minutes only when the batch came without a list,
    # so the paper itself records which cards changed hands.
    received: tuple[CardLine, ...] = ()


#: A signature drawn on screen: strokes of points, each (x, y) from 0 to 1, y downwards.
Strokes = tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True, slots=True)
class ReceiptSlip:
    """Tanda terima KTP-el: given to whoever collects a card, and kept in the archive."""

    letterhead: Letterhead
    receipt_number: str  # "3374041002-2026-000123"
    issued_at: str  # "Jumat, 27 November 2026 pukul 09.30 WIB"
    owner_name: str
    owner_nik: str
    owner_address: str  # "Rusunawa Kaligawe Blok A Lt. 1 No. 5, RT 009/RW 001"
    collector_name: str  # the owner's own name when the owner collects
    collector_nik: str
    relation: str  # "Pemilik sendiri", "Orang tua (surat kuasa)", ...
    collector_phone: str
    documents_checked: tuple[str, ...]  # "Bukti perekaman (resi)", "Kartu Keluarga", ...
    old_card: str  # "KTP lama diserahkan untuk dimusnahkan", "Hilang: surat kehilangan No. ..."
    officer: Signatory
    collector: Signatory
    place_and_date: str
    signature: Strokes = ()  # the collector's signature drawn on screen, if any
    copy_label: str = ""  # "SALINAN" on a reprint
    void_text: str = ""  # "DIBATALKAN 28 November 2026: <reason>" on a voided receipt


@dataclass(frozen=True, slots=True)
class DailyHandoverLine:
    """One handover of the day as the laporan harian lists it."""

    time: str  # "09.30"
    receipt_number: str
    nik: str
    name: str
    collector_name: str
    relation: str  # "Pemilik sendiri", "Orang tua"
    officer: str
    void_note: str = ""  # "DIBATALKAN: <reason>" for a voided handover, else ""


@dataclass(frozen=True, slots=True)
class OfficerTotal:
    officer: str
    nip: str
    handed_over: int  # handovers of the day that still stand
    voided: int


@dataclass(frozen=True, slots=True)
class StockMovement:
    """Stock over a period; `end == start + received + restored - handed_over - returned`."""

    start: int
    received: int
    handed_over: int  # handed over in the period and not voided by its end
    restored: int  # back in stock: earlier handovers voided in the period
    returned: int  # returned to the kecamatan
    end: int


@dataclass(frozen=True, slots=True)
class DailyReport:
    """Laporan harian: every handover of one office day, totals, stock and signatures."""

    letterhead: Letterhead
    day: str  # "Jumat, 27 November 2026"
    iso_day: str  # "2026-11-27"
    kelurahan_name: str
    zone: str  # "WIB"
    lines: tuple[DailyHandoverLine, ...]
    officers: tuple[OfficerTotal, ...]
    stock: StockMovement
    handed_over_text: str  # "56 (lima puluh enam) keping"
    voided_text: str
    place_and_date: str
    officer: Signatory  # Petugas: who prints the report
    acknowledged_by: Signatory  # Mengetahui, Lurah ...


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str  # "Senin, 2 November 2026"
    iso_day: str
    received: int
    handed_over: int
    voided: int


@dataclass(frozen=True, slots=True)
class RwCount:
    rw: str  # "001", or "-" when the card has none
    handed_over: int
    waiting: int  # in stock at the end of the month


@dataclass(frozen=True, slots=True)
class WaitingCard:
    nik: str
    name: str
    rt_rw: str  # "RT 009/RW 001"
    received_on: str  # "2 Oktober 2026"
    days_waiting: int  # calendar days to the end of the month


@dataclass(frozen=True, slots=True)
class MonthlyRecap:
    """Rekap bulanan: counts per day and per RW, the speed of handing over, long waits."""

    letterhead: Letterhead
    month: str  # "November 2026"
    iso_month: str  # "2026-11"
    kelurahan_name: str
    days: tuple[DayCount, ...]
    rws: tuple[RwCount, ...]
    stock: StockMovement
    handed_over_text: str  # "1.250 (seribu dua ratus lima puluh) keping"
    voided_text: str
    average_working_days: str  # "3,4 hari kerja", or "-" with no handover
    measured_handovers: int  # handovers whose arrival date is known
    waiting_days_limit: int  # 30
    waiting: tuple[WaitingCard, ...]
    place_and_date: str
    officer: Signatory
    acknowledged_by: Signatory


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
