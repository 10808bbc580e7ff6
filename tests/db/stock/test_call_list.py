"""Daftar panggilan: waiting counted in working days (Christmas, cuti bersama and weekends not
counted), grouped RW by RT, each RW on its own page, the NIK masked, an empty list refused."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select

from loket.core.indonesia.lokal_adapter import count_working_days
from loket.core.intake import batches, scanning
from loket.core.office.identity import OfficeInfo
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import nik_leaving_office as mask_nik
from loket.core.settings.shared import OfficeSettings, RepresentativePolicy, save_settings
from loket.core.staff.members import StaffMember
from loket.core.stock import call_list
from loket.core.stock.call_list import NothingToCall
from loket.core.stock.paper import CallListPaper
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Batch, Card, Document
from loket.documents.stock.call_list import write_call_list
from loket.domain.errors import LoketError
from loket.domain.states import BatchStatus, CardState

WIB = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 12, 29)  # a Tuesday after Christmas (Friday 25) and cuti bersama (24)
WEDNESDAY_BEFORE_CHRISTMAS = dt.date(2026, 12, 23)

# nik | name | rw | rt | address | state | received (the office's date; "-" never)
TABLE = """
3374042606528310|FAJAR MAULANA        |005|003|Rusunawa Blok A No. 26 |IN_STOCK   |2026-12-18
3374096804070373|Sumarni              |005|003|Rusunawa Blok A No. 5  |IN_STOCK   |2026-12-23
3374046404760519|DWI HANDAYANI        |005|001|Gg. Kaligawe Tengah 114|IN_STOCK   |2026-12-01
3374046208602363|SITI AMINAH          |001|007|Jl. Kaligawe Raya No. 3|IN_STOCK   |2026-12-02
3374044107900002|HJ. YULIANA HANDAYANI|001|007|Jl. Kaligawe Raya No. 3|IN_STOCK   |2026-11-30
3374044107900003|RAHMAT HIDAYAT       |001|007|Jl. Kaligawe Raya No. 9|HANDED_OVER|2026-11-02
3374044107900004|TRI WIBOWO           |002|004|Jl. Sedayu Indah No. 10|IN_STOCK   |2026-12-29
3374044107900005|EKO WULANDARI        |002|004|Jl. Sedayu Indah No. 12|IN_STOCK   |2026-12-28
3374044107900006|PONIMAN              |   |   |                       |IN_STOCK   |2026-12-01
3374044107900007|TUKIYEM              |005|003|Rusunawa Blok B No. 1  |EXPECTED   |-
"""


def _row(line: str) -> tuple[str, str, str, str, str, CardState, dt.date | None]:
    nik, name, rw, rt, address, state, day = (part.strip() for part in line.split("|"))
    received = None if day == "-" else dt.date.fromisoformat(day)
    return nik, name, rw, rt, address, CardState[state], received


CARDS = [_row(line) for line in TABLE.strip().splitlines()]


@pytest.fixture
def stocked(database: Database, kaligawe: OfficeInfo, operator: StaffMember) -> None:
    now = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
    with database.transaction() as session:
        batch = Batch(
            reference="470/112/XI/2026",
            letter_date=now.date(),
            status=BatchStatus.OPEN,
            opened_at=now,
            opened_by_id=operator.id,
        )
        session.add(batch)
        session.flush()
        rows = [
            {
                "nik": nik,
                "name": name,
                "rw": rw,
                "rt": rt,
                "address": address,
                "batch_id": batch.id,
                "state": state,
                "received_at": dt.datetime.combine(day, dt.time(9), tzinfo=WIB) if day else None,
                "created_at": now,
                "created_by_id": operator.id,
            }
            for nik, name, rw, rt, address, state, day in CARDS
        ]
        session.execute(insert(Card), rows)


class Capture:
    """Writes the real PDF and keeps what was handed to the documents layer."""

    def __init__(self) -> None:
        self.papers: list[CallListPaper] = []

    def __call__(self, paper: CallListPaper, path: Path) -> Path:
        self.papers.append(paper)
        return write_call_list(paper, path)


def make(
    database: Database, data_dir: DataDir, operator: StaffMember, days: int, **kw: str
) -> tuple[call_list.CallList, CallListPaper]:
    capture = Capture()
    result = call_list.make_call_list(
        database, data_dir, operator, days, capture, today=TODAY, **kw
    )
    [paper] = capture.papers
    return result, paper


def names(paper: CallListPaper) -> list[str]:
    return [line.name for rw in paper.groups for rt in rw.rts for line in rt.lines]


@pytest.mark.usefixtures("stocked")
def test_christmas_cuti_bersama_and_the_weekend_are_not_counted(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    # 24 Dec cuti bersama, 25 Dec Natal, 26-27 weekend: only Monday 28 and Tuesday 29 count.
    assert count_working_days(WEDNESDAY_BEFORE_CHRISTMAS, TODAY) == 2
    weekdays = sum(
        1 for n in range(1, 7) if (WEDNESDAY_BEFORE_CHRISTMAS + dt.timedelta(n)).weekday() < 5
    )
    assert weekdays == 4  # what a list ignoring holidays would have said
    _result, paper = make(database, data_dir, operator, 2)
    assert "SUMARNI" not in names(paper)
    assert "FAJAR MAULANA" in names(paper)  # received Friday 18: 5 working days
    _result, paper = make(database, data_dir, operator, 1)
    [sumarni] = [
        ln for rw in paper.groups for rt in rw.rts for ln in rt.lines if ln.name == "SUMARNI"
    ]
    assert (sumarni.waited_days, sumarni.received) == (2, "23-12-2026")
    assert "Hari libur nasional dan cuti bersama tidak dihitung" in paper.criteria


@pytest.mark.usefixtures("stocked")
def test_grouped_by_rw_then_rt_ordered_by_address_then_name(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    result, paper = make(database, data_dir, operator, 0)
    assert [rw.heading for rw in paper.groups] == [
        "RW 001 — 2 kartu di 1 RT",
        "RW 002 — 1 kartu di 1 RT",
        "RW 005 — 3 kartu di 2 RT",
        "RW belum tercatat — 1 kartu di 1 RT",  # not recorded: last, not first
    ]
    assert [rt.heading for rw in paper.groups for rt in rw.rts] == [
        "RW 001 / RT 007 — 2 kartu",
        "RW 002 / RT 004 — 1 kartu",
        "RW 005 / RT 001 — 1 kartu",
        "RW 005 / RT 003 — 2 kartu",
        "RW belum tercatat / RT belum tercatat — 1 kartu",
    ]
    # One address: by name. Blok A No. 5 before No. 26: numbers compared as numbers.
    assert names(paper) == [
        "HJ. YULIANA HANDAYANI",
        "SITI AMINAH",
        "EKO WULANDARI",  # received Monday: 1 working day; Tuesday's card is not listed
        "DWI HANDAYANI",
        "SUMARNI",  # the list's "Sumarni" as her card prints it
        "FAJAR MAULANA",
        "PONIMAN",
    ]
    assert (result.count, result.rw_count, result.rt_count) == (7, 4, 5)
    assert call_list.call_list_result_text(result) == "7 kartu di 4 RW (5 RT)"


@pytest.mark.usefixtures("stocked")
def test_one_rw_only_when_asked(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    result, paper = make(database, data_dir, operator, 0, rw="5")
    assert [rw.rw for rw in paper.groups] == ["005"]
    assert result.count == 3
    assert "di RW 005" in paper.criteria
    assert result.path.name.startswith("daftar-panggilan-20261229-rw005-")


@pytest.mark.usefixtures("stocked")
def test_nothing_waiting_that_long_is_said_plainly_and_no_paper_is_made(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    with pytest.raises(NothingToCall) as refused:
        make(database, data_dir, operator, 30)
    assert refused.value.message == (
        "Tidak ada kartu yang menunggu lebih dari 30 hari kerja. Daftar panggilan tidak dibuat."
    )
    with pytest.raises(NothingToCall, match="di RW 009"):
        make(database, data_dir, operator, 0, rw="9")
    folder = data_dir.documents(PaperKind.CALL_LIST)
    assert not folder.exists() or list(folder.iterdir()) == []
    with database.transaction() as session:
        assert session.scalars(select(Document)).all() == []


def test_an_empty_office_gets_the_same_clear_answer(
    database: Database, data_dir: DataDir, kaligawe: OfficeInfo, operator: StaffMember
) -> None:
    with pytest.raises(NothingToCall, match="Tidak ada kartu yang menunggu lebih dari 5"):
        call_list.make_call_list(database, data_dir, operator, 5, write_call_list, today=TODAY)


def test_days_out_of_range_are_refused(
    database: Database, data_dir: DataDir, kaligawe: OfficeInfo, operator: StaffMember
) -> None:
    with pytest.raises(LoketError, match="antara 0 dan 365"):
        call_list.make_call_list(database, data_dir, operator, -1, write_call_list, today=TODAY)


def test_the_nik_is_masked_keeping_region_and_serial() -> None:
    assert mask_nik("3374096804070373") == "3374xxxxxxxx0373"
    assert mask_nik("123") == "xxx"


@pytest.mark.usefixtures("stocked")
def test_the_pdf_has_each_rw_on_its_own_page_names_masked_niks_and_how_to_collect(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    result, _paper = make(database, data_dir, operator, 0)
    assert result.path.parent == data_dir.documents("daftar-panggilan")
    reader = PdfReader(result.path)
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    assert len(pages) == 4
    headings = ["RW 001 — 2 kartu", "RW 002 — 1 kartu", "RW 005 — 3 kartu", "RW belum tercatat"]
    for page, heading in zip(pages, headings, strict=True):
        assert heading in page
        assert "DAFTAR PANGGILAN PENGAMBILAN KTP-el" in page
        assert "KELURAHAN KALIGAWE" in page  # each RW's part carries the letterhead
    text = "\n".join(pages)
    assert "RW 005 / RT 003 — 2 kartu" in text
    for nik, name, _rw, _rt, _address, state, day in CARDS:
        listed = state is CardState.IN_STOCK and day is not None and day < TODAY
        assert (name.upper() in text) is listed
        assert nik not in text  # never the whole NIK on a paper that leaves the office
        assert (mask_nik(nik) in text) is listed
    assert "23-12-2026" in text and "Semarang, 29 Desember 2026" in text
    assert text.count("bukti perekaman (resi/suket) atau KK") == 5  # under each RT's part
    # The office's authority, its hours, until when cards wait, the number and the total.
    assert text.count("Lurah Kaligawe") == 4  # signed under each RW's part
    assert "Senin–Kamis pukul 08.00–15.00, Jumat pukul 08.00–11.00" in text
    assert "disimpan di kelurahan sampai 28 Januari 2027; sesudah itu dikembalikan" in text
    assert text.count("Nomor: 474/0001/PANGGILAN/XII/2026") == 4
    assert "Jumlah: 7 (tujuh) KTP-el di 4 RW." in text
    assert "anggota keluarga dengan surat kuasa" in text
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari 4" in page


@pytest.mark.usefixtures("stocked")
def test_the_office_policy_decides_what_the_list_says_about_representatives(
    database: Database, data_dir: DataDir, operator: StaffMember, admin: StaffMember
) -> None:
    save_settings(database, admin, OfficeSettings(RepresentativePolicy.NONE))
    _result, paper = make(database, data_dir, operator, 0)
    assert "Harus diambil sendiri oleh pemilik kartu." in paper.how_to_collect


@pytest.mark.usefixtures("stocked")
def test_the_list_is_registered_and_audited(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    result, _paper = make(database, data_dir, operator, 3, rw="005")
    with database.transaction() as session:
        [document] = session.scalars(select(Document)).all()
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "call_list.print")
        ).all()
        assert document.kind == "daftar-panggilan"
        assert document.number == "474/0001/PANGGILAN/XII/2026"
        assert document.title == (
            "Daftar panggilan pengambilan KTP-el RW 005, menunggu lebih dari 3 hari kerja, "
            "29 Desember 2026"
        )
        assert data_dir.root / document.relative_path == result.path
        detail = json.loads(entry.detail)
    assert detail == {
        "days": 3,
        "rw": "005",
        "rt": "",
        "cards": 2,
        "document": result.path.name,
        "number": "474/0001/PANGGILAN/XII/2026",
    }


def test_cards_received_through_intake_are_listed_with_their_real_dates(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> None:
    from loket.core.manifest.reader import read_manifest

    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    scanning.receive_scan(database, operator, batch.id, "3374042606528310")
    today = dt.datetime.now(WIB).date() + dt.timedelta(days=30)  # even past Lebaran: > 5
    result = call_list.make_call_list(database, data_dir, operator, 5, write_call_list, today=today)
    assert result.count == 1
    text = PdfReader(result.path).pages[0].extract_text()
    assert "FAJAR MAULANA" in text and "RW 001 / RT 009 — 1 kartu" in text
