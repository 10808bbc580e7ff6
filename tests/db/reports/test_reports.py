"""Laporan harian and rekap bulanan: stock from a hand-built history, the PDFs read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from loket.core.handover import confirming
from loket.core.handover.rules import HandoverRequest
from loket.core.indonesia.lokal_adapter import count_working_days
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.reports import daily, monthly, saving
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Batch, Card, Document, Handover
from loket.documents.reports.daily_report import write_daily_report
from loket.documents.reports.xlsx_export import export_daily_xlsx, export_monthly_xlsx
from loket.domain.errors import LoketError
from loket.domain.states import CardState, DocumentChecked, OldCardFate, Relation

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 27)  # a Friday
MOTHER = "3374045507780004"


def wib(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB).astimezone(dt.UTC)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


# ---------------------------------------------------------------- a hand-built history


class History:
    """Cards and handovers written straight into the tables, at chosen moments."""

    def __init__(self, database: Database, officer: StaffMember) -> None:
        self.database = database
        self.officer = officer
        self.sequence = 0
        with database.transaction() as session:
            batch = Batch(
                reference="470/101/XI/2026",
                letter_date=dt.date(2026, 11, 20),
                opened_at=wib(20, 8),
                opened_by_id=officer.id,
            )
            session.add(batch)
            session.flush()
            self.batch_id = batch.id

    def card(
        self,
        serial: int,
        received: dt.datetime,
        state: CardState = CardState.IN_STOCK,
        returned: dt.datetime | None = None,
        rw: str = "001",
    ) -> int:
        with self.database.transaction() as session:
            card = Card(
                nik=f"33740426065{serial:05d}",
                name=f"WARGA NOMOR {serial}",
                rt="009",
                rw=rw,
                batch_id=self.batch_id,
                state=state,
                received_at=received,
                created_at=received,
                created_by_id=self.officer.id,
                returned_at=returned,
            )
            session.add(card)
            session.flush()
            return card.id

    def hand_over(
        self, card_id: int, at: dt.datetime, voided_at: dt.datetime | None = None
    ) -> None:
        self.sequence += 1
        with self.database.transaction() as session:
            session.add(
                Handover(
                    card_id=card_id,
                    receipt_number=f"3374041002-2026-{self.sequence:06d}",
                    year=2026,
                    sequence=self.sequence,
                    relation=Relation.OWNER,
                    collector_name=f"WARGA NOMOR {card_id}",
                    collector_nik="",
                    old_card=OldCardFate.SURRENDERED,
                    handed_over_at=at,
                    officer_id=self.officer.id,
                    voided=voided_at is not None,
                    voided_at=voided_at,
                    voided_by_id=self.officer.id if voided_at else None,
                    void_reason="Salah kartu, tertukar dengan kakaknya" if voided_at else "",
                )
            )
            card = session.get_one(Card, card_id)
            if voided_at is None:
                card.state = CardState.HANDED_OVER


@pytest.fixture
def history(database: Database, kaligawe: OfficeInfo, operator: StaffMember) -> History:
    h = History(database, operator)
    c1 = h.card(1, wib(26, 10))
    h.hand_over(c1, wib(27, 8))  # out during the day
    c2 = h.card(2, wib(26, 10))
    h.hand_over(c2, wib(26, 15), voided_at=wib(27, 9))  # back in stock during the day
    c3 = h.card(3, wib(27, 7, 30), rw="002")
    h.hand_over(c3, wib(27, 10), voided_at=wib(27, 10, 30))  # voided the same day
    h.hand_over(c3, wib(27, 11))  # then handed over again
    h.card(4, wib(27, 0))  # received at the stroke of midnight, office time: counts today
    h.card(5, wib(26, 23, 59))  # the evening before: in the opening stock
    h.card(6, wib(20, 9), state=CardState.RETURNED, returned=wib(27, 14))
    h.card(7, wib(27, 9), state=CardState.SET_ASIDE)  # held for the kecamatan: in the stock
    h.card(8, wib(28, 0))  # tomorrow
    c9 = h.card(9, wib(26, 11))
    h.hand_over(c9, dt.datetime(2026, 11, 27, 23, 59, 59, tzinfo=WIB).astimezone(dt.UTC))
    c10 = h.card(10, wib(26, 11))
    h.hand_over(c10, wib(26, 16))  # yesterday
    c11 = h.card(11, wib(26, 11))
    h.hand_over(c11, wib(27, 12), voided_at=wib(28, 9))  # voided only the next morning
    return h


def test_stock_of_the_day_follows_the_hand_built_history(
    database: Database, history: History
) -> None:
    report = daily.daily_report(database, DAY)
    stock = report.stock
    # Card 7, set aside for the kecamatan, is received and held like any other until returned.
    assert (stock.start, stock.received, stock.handed_over) == (5, 3, 4)
    assert (stock.restored, stock.returned, stock.end) == (1, 1, 4)
    assert stock.set_aside_end == 1
    assert stock.end == (
        stock.start + stock.received + stock.restored - stock.handed_over - stock.returned
    )
    # The next day opens with what this one closed with.
    assert daily.daily_report(database, DAY + dt.timedelta(days=1)).stock.start == 4


def test_day_lists_every_handover_in_office_time_with_voided_ones_marked(
    database: Database, history: History
) -> None:
    report = daily.daily_report(database, DAY)
    assert [line.time for line in report.lines] == ["08.00", "10.00", "11.00", "12.00", "23.59"]
    voided = [line for line in report.lines if line.void_note]
    assert [line.time for line in voided] == ["10.00", "12.00"]
    assert voided[0].void_note == "DIBATALKAN: Salah kartu, tertukar dengan kakaknya"
    assert report.handed_over_text == "3 (tiga) keping"
    assert report.voided_text == "2 (dua) keping"
    (dewi,) = report.officers
    assert (dewi.officer, dewi.nip, dewi.handed_over, dewi.voided) == (
        "Dewi Lestari",
        "198903152015032004",
        3,
        2,
    )
    assert report.day == "Jumat, 27 November 2026"


def test_daily_pdf_with_voided_receipts_reads_back_with_totals_and_signatures(
    database: Database, data_dir: DataDir, history: History, operator: StaffMember
) -> None:
    path = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
    assert path == data_dir.documents("laporan-harian") / "laporan-harian-2026-11-27.pdf"
    text = "\n".join(pdf_pages(path))
    flat = " ".join(text.split())
    assert "LAPORAN HARIAN PENYERAHAN KTP-el" in text
    assert "Jumat, 27 November 2026" in flat
    assert "3 (tiga) keping" in flat and "2 (dua) keping" in flat
    assert "Persediaan pada awal hari 5 keping" in flat
    assert "Persediaan pada akhir hari 4 keping" in flat
    assert "1 keping disisihkan untuk dikembalikan ke kecamatan" in flat
    assert flat.count("DIBATALKAN") == 2
    assert "Salah kartu, tertukar dengan kakaknya" in flat
    assert "3374041002-2026-000001" in flat and "3374042606500001" in flat
    assert "Mengetahui," in flat and "Lurah Kaligawe" in flat
    assert "Drs. Bambang Sutrisno, M.Si." in flat and "NIP. 19680512 199403 1 007" in flat
    assert "Petugas Loket Kelurahan Kaligawe" in flat
    assert "Dewi Lestari" in flat and "NIP. 19890315 201503 2 004" in flat
    # Each void says who allowed it and when: the time alone on its own day, else the date.
    assert "Disetujui Dewi Lestari, NIP 19890315 201503 2 004, pukul 10.30" in flat
    assert "Disetujui Dewi Lestari, NIP 19890315 201503 2 004, Sabtu, 28 November 2026" in flat
    assert "tidak dihitung sebagai diserahkan" in flat
    pages = pdf_pages(path)
    # The last two rows did not fit above the signatures: they went with them to page 2, so
    # the signatures never stand alone.
    assert len(pages) == 2 and "WARGA NOMOR 9" in pages[1] and "Mengetahui," in pages[1]
    with database.transaction() as session:
        document = session.scalars(select(Document)).one()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "report.laporan-harian")
        ).one()
    assert (document.kind, document.number) == ("laporan-harian", "LH-2026-11-27")
    assert document.relative_path == "documents/laporan-harian/laporan-harian-2026-11-27.pdf"
    assert entry.staff_id == operator.id
    assert json.loads(entry.detail)["number"] == "LH-2026-11-27"


def test_empty_day_still_gives_a_report_that_says_so(
    database: Database, data_dir: DataDir, history: History, admin: StaffMember, tmp_path: Path
) -> None:
    out = tmp_path / "kosong.pdf"
    path = saving.save_daily_report(
        database, None, data_dir, dt.date(2026, 11, 29), write_daily_report, out=out
    )
    assert path == out
    flat = " ".join("\n".join(pdf_pages(path)).split())
    assert "Minggu, 29 November 2026" in flat
    assert "Tidak ada penyerahan KTP-el pada hari ini." in flat
    assert "0 (nol) keping" in flat
    # 4 at the end of the 27th, card 8 arrived and card 11 came back on the 28th.
    assert "Persediaan pada awal hari 6 keping" in flat
    assert "Lurah Kaligawe" in flat
    with database.transaction() as session:
        document = session.scalars(select(Document)).one()
    assert document.created_by_id == admin.id  # a scheduled job records the first admin


# ---------------------------------------------------------------- through the real use cases


@pytest.fixture
def busy_day(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> list[int]:
    """All 56 Rusunawa Kaligawe cards scanned in and handed over, moved onto DAY."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=DAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=DAY
    )
    for entry in report.entries:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=DAY)
    ids = []
    for card in batches.batch_cards(database, batch.id):
        request = HandoverRequest(
            card_id=card.id,
            relation=Relation.OWNER,
            old_card=OldCardFate.SURRENDERED,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            owner_name="WARGA KALIGAWE",
        )
        ids.append(confirming.confirm(database, operator, request, today=DAY).id)
    with database.transaction() as session:
        for minute, row in enumerate(session.scalars(select(Handover).order_by(Handover.id))):
            row.handed_over_at = wib(27, 8) + dt.timedelta(minutes=5 * minute)
        for card in session.scalars(select(Card)):
            card.received_at = wib(25, 9)
    return ids


def test_busy_day_runs_over_several_pages_with_the_header_on_each(
    database: Database, data_dir: DataDir, busy_day: list[int], operator: StaffMember
) -> None:
    path = saving.save_daily_report(database, operator, data_dir, DAY, write_daily_report)
    pages = pdf_pages(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    table_pages = [page for page in pages if "Rusunawa" in page or "Pemilik sendiri" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Nama Pemilik" in page and "No. Tanda Terima" in page
    flat = " ".join("\n".join(pages).split())
    assert "56 (lima puluh enam) keping" in flat
    assert "Persediaan pada awal hari 56 keping" in flat
    assert "Persediaan pada akhir hari 0 keping" in flat
    assert "Lurah Kaligawe" in pages[-1]


def test_working_days_skip_weekends_and_holidays() -> None:
    assert count_working_days(DAY, DAY) == 0
    assert count_working_days(dt.date(2026, 11, 20), DAY) == 5  # Friday to Friday
    # 24 December is cuti bersama, 25 December Christmas.
    assert count_working_days(dt.date(2026, 12, 23), dt.date(2026, 12, 28)) == 1
    assert count_working_days(DAY, dt.date(2026, 11, 20)) == 0


# ---------------------------------------------------------------- rekap bulanan

END_OF_NOVEMBER = wib(1, 0, month=12)


def test_monthly_recap_counts_days_rws_speed_and_long_waits(
    database: Database, history: History
) -> None:
    history.card(12, wib(1, 9, month=10))  # still waiting at the end of November
    recap = monthly.monthly_recap(database, 2026, 11, now=END_OF_NOVEMBER)
    assert recap.month == "November 2026" and len(recap.days) == 30
    by_day = {d.iso_day: (d.received, d.handed_over, d.voided) for d in recap.days}
    assert by_day["2026-11-20"] == (1, 0, 0)
    assert by_day["2026-11-26"] == (6, 1, 1)
    assert by_day["2026-11-27"] == (3, 3, 2)
    assert by_day["2026-11-28"] == (1, 0, 0)
    # The card set aside waits for its return, not in any RW: counted apart, the total the same.
    assert [(r.rw, r.handed_over, r.waiting) for r in recap.rws] == [("001", 3, 6), ("002", 1, 0)]
    assert recap.set_aside_held == 1
    assert recap.stock.start == 1 and recap.stock.received == 11 and recap.stock.end == 7
    assert recap.average_working_days == "0,5 hari kerja" and recap.measured_handovers == 4
    (late,) = recap.waiting
    assert (late.nik, late.received_on, late.days_waiting) == (
        "3374042606500012",
        "1 Oktober 2026",
        42,  # working days, as the stock page and the call list count
    )
    assert recap.handed_over_text == "4 (empat) keping"


def test_monthly_pdf_reads_back_with_every_section_and_the_signatures(
    database: Database,
    data_dir: DataDir,
    history: History,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    from loket.documents.reports.monthly_recap import write_monthly_recap

    history.card(12, wib(1, 9, month=10))
    monkeypatch.setattr(monthly, "utc_now", lambda: END_OF_NOVEMBER)
    path = saving.save_monthly_recap(database, operator, data_dir, 2026, 11, write_monthly_recap)
    assert path == data_dir.documents("rekap-bulanan") / "rekap-bulanan-2026-11.pdf"
    pages = pdf_pages(path)
    flat = " ".join("\n".join(pages).split())
    assert "REKAP BULANAN PENYERAHAN KTP-el" in flat and "Bulan: November 2026" in flat
    assert "4 (empat) keping" in flat
    assert "0,5 hari kerja" in flat
    assert "Jumat, 27 November 2026 3 3 2" in flat
    assert "RW 001 3 6" in flat and "RW 002 1 0" in flat
    assert "Disisihkan untuk kecamatan - 1 Jumlah 4 7" in flat
    assert "lebih dari 20 hari kerja" in flat and "B. Lama KTP-el menunggu" in flat
    assert "3374042606500012" in flat and "1 Oktober 2026 42" in flat
    assert "Semarang, 30 November 2026" in flat
    assert "Lurah Kaligawe" in flat and "Dewi Lestari" in flat
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    with database.transaction() as session:
        document = session.scalars(select(Document)).one()
    assert (document.kind, document.number) == ("rekap-bulanan", "RB-2026-11")


# --- the same tables as XLSX ---------------------------------------------------------------


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_daily_xlsx_has_every_handover_totals_and_stock(
    database: Database, history: History, tmp_path: Path
) -> None:
    report = daily.daily_report(database, DAY)
    path = export_daily_xlsx(report, tmp_path / "laporan-harian-2026-11-27.xlsx")
    handovers = rows(path, "Penyerahan")
    header = handovers.index(
        (
            "No",
            "Pukul",
            "Nomor tanda terima",
            "NIK",
            "Nama",
            "Diambil oleh",
            "Hubungan",
            "Petugas",
            "Keterangan",
        )
    )
    body = handovers[header + 1 :]
    assert len(body) == len(report.lines) == 5
    assert [row[3] for row in body] == [line.nik for line in report.lines]
    assert all(isinstance(row[3], str) and len(row[3]) == 16 for row in body)
    assert sum(1 for row in body if row[8]) == 2  # the voided ones say so
    assert rows(path, "Per petugas")[-1] == ("Dewi Lestari", "198903152015032004", 3, 2)
    assert rows(path, "Stok")[-1] == ("Stok akhir", 4)
    assert not list(tmp_path.glob("*.tmp"))


def test_monthly_xlsx_has_days_rws_long_waits_and_stock(
    database: Database, history: History, tmp_path: Path
) -> None:
    history.card(12, wib(1, 9, month=10))
    recap = monthly.monthly_recap(database, 2026, 11, now=END_OF_NOVEMBER)
    path = export_monthly_xlsx(recap, tmp_path / "rekap-bulanan-2026-11.xlsx")
    days = [row for row in rows(path, "Per hari") if row and str(row[0]).startswith("2026-11-")]
    assert len(days) == 30 and ("2026-11-27", 3, 3, 2) in days
    assert ("001", 3, 6) in rows(path, "Per RW")
    assert rows(path, "Menunggu lama")[-1][0] == "3374042606500012"


def test_an_unwritable_folder_is_a_clear_refusal(
    database: Database, history: History, tmp_path: Path
) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("ini berkas, bukan folder", encoding="utf-8")
    with pytest.raises(LoketError, match="tidak bisa ditulis"):
        export_daily_xlsx(daily.daily_report(database, DAY), blocker / "laporan.xlsx")
