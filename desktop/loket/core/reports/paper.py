"""The laporan harian and the rekap bulanan as the documents layer draws them: every text final."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.papers.paper import AuditHead, Letterhead, Signatory


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
    void_approval: str = ""  # "Disetujui <supervisor>, NIP ..., <day> pukul 10.30 WIB"
    desk: str = ""  # "Loket 2" on a day when several desks worked, else ""


@dataclass(frozen=True, slots=True)
class OfficerTotal:
    officer: str
    nip: str
    handed_over: int  # handovers of the day that still stand
    voided: int


@dataclass(frozen=True, slots=True)
class DeskTotal:
    """What one officer did at one desk in the day: cards scanned in, handovers, voids."""

    desk: str  # "Loket 2"; "-" for work from before desks had names
    officer: str
    received: int  # cards received at intake (scanned or typed in)
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
    set_aside_end: int = 0  # of `end`: set aside at intake, waiting to go back to the kecamatan


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
    audit_head: AuditHead | None = None  # the audit trail's head when the paper was made
    # Per desk and officer, in desk order; empty on a day when at most one desk (by name) worked:
    # a single-desk office's report stays as it always was.
    desks: tuple[DeskTotal, ...] = ()


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
    days_waiting: int  # working days to the end of the month (or to today)


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
    waiting_days_limit: int  # 20 working days
    waiting: tuple[WaitingCard, ...]
    place_and_date: str
    officer: Signatory
    acknowledged_by: Signatory
    set_aside_held: int = 0  # held at the end, set aside for the kecamatan: not in any RW row
