"""Berita acara pemusnahan KTP-el lama: which old cards, which days, the paper read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core.destruction import old_cards
from loket.core.destruction.old_cards import period_bounds
from loket.core.destruction.paper import DestructionMinutes, Witness
from loket.core.destruction.words import overlap_note
from loket.core.handover import confirming, voiding
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.settings.shared import DestructionMethod, load_settings, save_settings
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, Counter, Document, Handover
from loket.documents.destruction.berita_acara_pemusnahan import write_destruction_minutes
from loket.domain.errors import LoketError
from loket.domain.states import DocumentChecked, OldCardFate, Relation

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
AFTER = dt.date(2026, 12, 3)  # "today" when the paper is made


def wib(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=WIB).astimezone(dt.UTC)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


class Desk:
    """Cards of the Rusunawa Kaligawe batch received, then handed over at chosen moments."""

    def __init__(
        self, database: Database, operator: StaffMember, entries: tuple[ManifestEntry, ...]
    ) -> None:
        self.database = database
        self.operator = operator
        self.entries = entries

    def card_id(self, nik: str) -> int:
        with self.database.transaction() as session:
            return session.scalars(select(Card.id).where(Card.nik == nik)).one()

    def hand_over(self, index: int, fate: OldCardFate, at: dt.datetime) -> int:
        info = confirming.confirm(
            self.database,
            self.operator,
            HandoverRequest(
                card_id=self.card_id(self.entries[index].nik),
                relation=Relation.OWNER,
                documents=frozenset({DocumentChecked.RECORDING_SLIP}),
                old_card=fate,
                police_letter_number="B/123/XI/2026/Sek. Gayamsari"
                if fate is OldCardFate.LOST
                else "",
            ),
            today=dt.date(2026, 11, 2),
        )
        with self.database.transaction() as session:
            session.get_one(Handover, info.id).handed_over_at = at  # the moment of the story
        return info.id


@pytest.fixture
def desk(database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path) -> Desk:
    today = dt.date(2026, 10, 20)
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=today)
    batch = batches.open_batch(
        database, operator, "470/112/X/2026", dt.date(2026, 10, 19), "", report, today=today
    )
    for entry in report.entries[:20]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=today)
    return Desk(database, operator, report.entries)


def make(desk: Desk, data_dir: DataDir, start: dt.date, end: dt.date, **kwargs):
    return old_cards.create_destruction(
        desk.database,
        desk.operator,
        start,
        end,
        data_dir,
        write_destruction_minutes,
        today=AFTER,
        **kwargs,
    )


def test_only_old_cards_handed_in_at_live_handovers_are_listed(
    desk: Desk, admin: StaffMember
) -> None:
    desk.hand_over(0, OldCardFate.SURRENDERED, wib(11, 2, 9))
    desk.hand_over(1, OldCardFate.DAMAGED, wib(11, 3, 10))
    desk.hand_over(2, OldCardFate.LOST, wib(11, 3, 11))
    desk.hand_over(3, OldCardFate.NONE, wib(11, 4, 8))
    voided = desk.hand_over(4, OldCardFate.SURRENDERED, wib(11, 5, 9))
    voiding.void(
        desk.database, desk.operator, "admin", "rahasia-admin", voided, "Salah kartu, tertukar"
    )
    desk.hand_over(5, OldCardFate.SURRENDERED, wib(11, 6, 14))
    preview = old_cards.preview_destruction(desk.database, *NOVEMBER, today=AFTER)
    assert [card.nik for card in preview.cards] == [desk.entries[i].nik for i in (0, 1, 5)]
    assert preview.count(OldCardFate.SURRENDERED) == 2
    assert preview.count(OldCardFate.DAMAGED) == 1 and preview.total == 3
    first = preview.cards[0]
    assert (first.name, first.rt, first.rw) == ("FAJAR MAULANA", "009", "001")
    assert first.address == "Rusunawa Kaligawe Blok A Lt. 1 No. 5"
    assert preview.earlier == ()


def test_the_period_runs_from_midnight_to_midnight_on_the_office_clock(desk: Desk) -> None:
    desk.hand_over(0, OldCardFate.SURRENDERED, wib(10, 31, 23, 59, 59))  # October: out
    desk.hand_over(1, OldCardFate.SURRENDERED, wib(11, 1, 0, 0, 0))  # first instant: in
    desk.hand_over(2, OldCardFate.DAMAGED, wib(11, 30, 23, 59, 59))  # last second: in
    desk.hand_over(3, OldCardFate.SURRENDERED, wib(12, 1, 0, 0, 0))  # December: out
    preview = old_cards.preview_destruction(desk.database, *NOVEMBER, today=AFTER)
    assert [card.nik for card in preview.cards] == [desk.entries[i].nik for i in (1, 2)]
    # 23:59:59 WIB on 30 November is still 30 November, though in UTC it is 16:59:59.
    assert preview.cards[1].handed_over_at == dt.datetime(2026, 11, 30, 16, 59, 59, tzinfo=dt.UTC)
    one_day = old_cards.preview_destruction(
        desk.database, dt.date(2026, 12, 1), dt.date(2026, 12, 1), today=AFTER
    )
    assert [card.nik for card in one_day.cards] == [desk.entries[3].nik]
    lower, upper = period_bounds(*NOVEMBER, WITA)
    assert lower == dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)
    assert upper == dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)


def test_the_berita_acara_lists_every_name_and_address_with_counts_in_words(
    desk: Desk, data_dir: DataDir, kaligawe: OfficeInfo
) -> None:
    fates = [OldCardFate.SURRENDERED] * 9 + [OldCardFate.DAMAGED] * 3 + [OldCardFate.LOST]
    for index, fate in enumerate(fates):
        desk.hand_over(index, fate, wib(11, 2 + index, 9, 30))
    witnesses = (
        Witness("Agus Salim", "Ketua RW 005"),
        Witness("Sri Rahayu", "Kasi Pemerintahan", "197003041995032001"),
    )
    done = make(desk, data_dir, *NOVEMBER, witnesses=witnesses)
    year = dt.datetime.now(dt.UTC).year
    assert done.number.startswith("474/0001/BA-MUSNAH/") and done.number.endswith(str(year))
    assert done.pdf_path.parent == data_dir.documents("berita-acara-pemusnahan")
    text = pdf_text(done.pdf_path)
    assert "BERITA ACARA PEMUSNAHAN KTP-el LAMA" in text and done.number in text
    assert "Pada hari ini" in text and "telah dilaksanakan pemusnahan KTP-el lama" in text
    assert "1 November 2026 sampai dengan 30 November 2026" in text
    assert "Kantor Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang" in text
    assert "9 (sembilan) keping" in text and "3 (tiga) keping" in text
    assert "12 (dua belas) keping" in text
    for entry in desk.entries[:12]:
        assert entry.nik in text and entry.name.upper() in text
        assert f"{entry.address}, RT {entry.rt}/RW {entry.rw}" in text
    assert desk.entries[12].nik not in text  # lost: nothing to destroy
    with desk.database.transaction() as session:
        receipts = session.scalars(select(Handover.receipt_number).order_by(Handover.id)).all()
    assert all(number in text for number in receipts[:12])
    assert "02-11-2026" in text and "13-11-2026" in text
    assert "(KTP lama rusak)" in text
    assert "Lurah Kaligawe" in text and "Drs. Bambang Sutrisno, M.Si." in text
    assert "Dewi Lestari" in text and "Yang Melaksanakan Pemusnahan" in text
    assert "Saksi-saksi" in text and "Agus Salim" in text and "Jabatan: Ketua RW 005" in text
    assert "Jabatan: Kasi Pemerintahan NIP. 19700304 199503 2 001" in text
    # Burning, as the Ministry's circular of 2018 orders, unless the office chose otherwise.
    assert "dibakar sampai habis" in text and "470.13/11176/SJ Tahun 2018" in text
    assert "memotong" not in text and "dalam kurun waktu 1 November 2026" in text
    with desk.database.transaction() as session:
        document = session.scalars(select(Document)).one()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == old_cards.AUDIT_ACTION)
        ).one()
    assert document.kind == "berita-acara-pemusnahan" and document.number == done.number
    assert data_dir.root / document.relative_path == done.pdf_path
    assert entry.entity == old_cards.AUDIT_ENTITY and entry.staff_id == desk.operator.id
    detail = json.loads(entry.detail)
    assert (detail["start"], detail["end"], detail["cards"]) == ("2026-11-01", "2026-11-30", 12)
    assert detail["surrendered"] == 9 and detail["damaged"] == 3
    assert detail["witnesses"] == ["Agus Salim", "Sri Rahayu"]
    assert detail["method"] == "burning"


def test_the_method_of_destruction_is_the_offices_setting(
    desk: Desk, data_dir: DataDir, kaligawe: OfficeInfo, admin: StaffMember
) -> None:
    settings = load_settings(desk.database)
    save_settings(
        desk.database,
        admin,
        dataclasses.replace(settings, destruction_method=DestructionMethod.CUTTING),
    )
    desk.hand_over(0, OldCardFate.SURRENDERED, wib(11, 2, 9))
    text = pdf_text(make(desk, data_dir, *NOVEMBER).pdf_path)
    assert "digunting menjadi beberapa bagian" in text and "dibakar" not in text


def test_a_witness_nip_that_cannot_be_right_is_refused(desk: Desk, data_dir: DataDir) -> None:
    desk.hand_over(0, OldCardFate.SURRENDERED, wib(11, 2, 9))
    with pytest.raises(LoketError, match="NIP saksi Agus Salim harus 18 angka"):
        make(desk, data_dir, *NOVEMBER, witnesses=(Witness("Agus Salim", "Ketua RW", "1234"),))


def test_an_empty_period_is_refused_and_takes_no_number(desk: Desk, data_dir: DataDir) -> None:
    desk.hand_over(0, OldCardFate.LOST, wib(11, 2, 9))
    desk.hand_over(1, OldCardFate.NONE, wib(11, 2, 10))
    with pytest.raises(LoketError, match="Tidak ada KTP lama yang diserahkan pada 1 November"):
        make(desk, data_dir, *NOVEMBER)
    with desk.database.transaction() as session:
        assert session.scalars(select(Document)).all() == []
        series = select(Counter).where(Counter.series == old_cards.NUMBER_SERIES)
        assert session.scalars(series).all() == []
    assert not data_dir.documents("berita-acara-pemusnahan").exists() or not any(
        data_dir.documents("berita-acara-pemusnahan").iterdir()
    )


def test_the_same_days_twice_are_allowed_and_the_earlier_number_is_named(
    desk: Desk, data_dir: DataDir
) -> None:
    desk.hand_over(0, OldCardFate.SURRENDERED, wib(11, 10, 9))
    desk.hand_over(1, OldCardFate.SURRENDERED, wib(11, 20, 9))
    first = make(desk, data_dir, *NOVEMBER)
    assert first.preview.earlier == ()
    again = old_cards.preview_destruction(
        desk.database, dt.date(2026, 11, 15), dt.date(2026, 11, 30), today=AFTER
    )
    (earlier,) = again.earlier
    assert earlier.number == first.number and earlier.cards == 2
    note = overlap_note(again.earlier)
    assert first.number in note and "1 November 2026 s.d. 30 November 2026" in note
    second = make(desk, data_dir, dt.date(2026, 11, 15), dt.date(2026, 11, 30))
    assert second.number.startswith("474/0002/") and second.preview.earlier == again.earlier
    december = old_cards.preview_destruction(
        desk.database, dt.date(2026, 12, 1), dt.date(2026, 12, 2), today=AFTER
    )
    assert december.earlier == () and overlap_note(december.earlier) == ""


def test_a_period_backwards_in_the_future_or_over_a_year_is_refused(desk: Desk) -> None:
    preview = old_cards.preview_destruction
    with pytest.raises(LoketError, match="Tukar kedua tanggalnya"):
        preview(desk.database, dt.date(2026, 11, 30), dt.date(2026, 11, 1), today=AFTER)
    with pytest.raises(LoketError, match="belum lewat"):
        preview(desk.database, dt.date(2026, 12, 1), dt.date(2026, 12, 31), today=AFTER)
    with pytest.raises(LoketError, match="paling lama satu tahun"):
        preview(desk.database, dt.date(2025, 1, 1), dt.date(2026, 11, 30), today=AFTER)


def test_a_failed_pdf_keeps_nothing_and_gives_the_number_back(
    desk: Desk, data_dir: DataDir
) -> None:
    desk.hand_over(0, OldCardFate.DAMAGED, wib(11, 2, 9))

    def broken_printer(minutes: DestructionMinutes, path: Path) -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(LoketError, match=r"tidak bisa disimpan.*disk penuh"):
        old_cards.create_destruction(
            desk.database, desk.operator, *NOVEMBER, data_dir, broken_printer, today=AFTER
        )
    with desk.database.transaction() as session:
        assert session.scalars(select(Document)).all() == []
        assert (
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == old_cards.AUDIT_ACTION)
            ).all()
            == []
        )
    assert make(desk, data_dir, *NOVEMBER).number.startswith("474/0001/")
