"""One day with every kind of card, and every paper of that day telling the same story.

Friday 27 November 2026 at Kaligawe: a batch of 56 listed cards arrives with 53 of them, one
typed in by hand, and two cards not on the list (one kept, one set aside for the kecamatan);
cards are handed over to their owner, to a mother, with the old card lost; one handover is
voided; a delivery run takes a RW's cards out. The set-aside card goes back on 1 December.
The berita acara, the laporan harian, the rekap, the stock page and the call list must count
the same cards, read back from the PDFs, and the laporan of the 27th printed after the return
must still say what it said that evening.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core import clock
from loket.core.delivery import runs
from loket.core.handover import confirming, voiding
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import closing, scanning
from loket.core.office.identity import OfficeInfo
from loket.core.reports import saving
from loket.core.returns import closing as return_closing
from loket.core.returns import filling
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.core.stock import call_list, queries
from loket.core.stock.queries import StockFilter
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card
from loket.documents.delivery.run_sheet import write_run_sheet
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.documents.reports.daily_report import write_daily_report
from loket.documents.reports.monthly_recap import write_monthly_recap
from loket.documents.returns.berita_acara_pengembalian import write_return_minutes
from loket.documents.stock.call_list import write_call_list
from loket.domain.states import (
    HELD_STATES,
    CardState,
    DocumentChecked,
    OldCardFate,
    Relation,
    ReturnReason,
    Role,
)
from tests.helpers.cards import kaligawe_list_batch

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 27)  # a Friday
KEPT = "3374044107900002"  # not on the list, kept
ASIDE = "3374046804070001"  # not on the list, set aside for the kecamatan


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = dt.datetime(2026, 11, 27, 8, 0, tzinfo=WIB)
        monkeypatch.setattr(clock, "_system_clock", lambda: self.now.astimezone(dt.UTC))

    def at(self, day: dt.date, hour: int, minute: int = 0) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def figure_after(text: str, label: str) -> int:
    """The first count printed after `label` ("Diterima dari kecamatan 55 keping" -> 55)."""
    found = re.search(re.escape(label) + r"\D*?([\d.]+) (?:\(|keping)", text)
    assert found, f"{label!r} not on the paper: {text[:3000]}"
    return int(found.group(1).replace(".", ""))


def card_id(database: Database, nik: str) -> int:
    with database.transaction() as session:
        return (
            session.scalars(select(Card.id).where(Card.nik == nik).order_by(Card.id.desc())).first()
            or 0
        )


def hand_over(database: Database, actor: StaffMember, nik: str, **form: object) -> int:
    request = HandoverRequest(
        card_id=card_id(database, nik),
        relation=form.pop("relation", Relation.OWNER),  # type: ignore[arg-type]
        old_card=form.pop("old_card", OldCardFate.SURRENDERED),  # type: ignore[arg-type]
        documents=form.pop("documents", frozenset({DocumentChecked.RECORDING_SLIP})),  # type: ignore[arg-type]
        **form,  # type: ignore[arg-type]
    )
    return confirming.confirm(database, actor, request, today=DAY).id


@pytest.fixture
def the_day(
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    admin: StaffMember,
    samples: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, object]:
    time = Clock(monkeypatch)
    supervisor = accounts.add_staff(
        database,
        admin,
        "agus",
        "rahasia-agus",
        Role.SUPERVISOR,
        "Agus Santoso, S.H.",
        "197501012000031002",
    )
    batch, report = kaligawe_list_batch(database, operator, samples, DAY, received=52)
    scanning.receive_scan(database, operator, batch.id, report.entries[52].nik, typed=True)
    scanning.receive_scan(database, operator, batch.id, KEPT, today=DAY)
    aside = scanning.receive_scan(database, operator, batch.id, ASIDE, today=DAY)
    assert aside.card is not None
    scanning.set_aside(database, operator, aside.card.id)
    time.at(DAY, 9)
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )

    entries = report.entries
    time.at(DAY, 10)
    hand_over(database, operator, entries[0].nik)
    hand_over(
        database,
        operator,
        entries[1].nik,
        relation=Relation.PARENT,
        collector_name="SUMARNI",
        collector_nik="3374045507780004",
        documents=frozenset(
            {
                DocumentChecked.POWER_OF_ATTORNEY,
                DocumentChecked.REPRESENTATIVE_ID,
                DocumentChecked.FAMILY_CARD,
            }
        ),
    )
    voided = hand_over(
        database,
        operator,
        entries[4].nik,
        old_card=OldCardFate.LOST,
        police_letter_number="B/123/XI/2026/Reskrim",
    )
    time.at(DAY, 10, 30)
    voiding.void(database, operator, "agus", "rahasia-agus", voided, "Salah kartu, tertukar")
    time.at(DAY, 11)
    run = runs.create_run(
        database, operator, "6", "Slamet Riyadi", data=data_dir, write=write_run_sheet
    )
    time.at(DAY, 16)
    evening = saving.save_daily_report(
        database, operator, data_dir, DAY, write_daily_report, out=data_dir.root / "lh-27.pdf"
    )
    held = queries.count_cards(database, StockFilter(states=frozenset(HELD_STATES)))
    waiting = queries.count_cards(database, StockFilter(states=frozenset({CardState.IN_STOCK})))
    time.at(dt.date(2026, 11, 30), 8)  # Monday: every card of Friday has waited a day
    called = call_list.make_call_list(
        database, data_dir, operator, 0, write_call_list, today=dt.date(2026, 11, 30)
    )

    time.at(dt.date(2026, 12, 1), 9)
    opened = filling.open_return(database, operator, "474/60/XII/2026", "Rahmat Hidayat")
    filling.add_card(database, operator, opened.id, ASIDE, ReturnReason.WRONG_KELURAHAN)
    returned = return_closing.close_return(
        database, operator, opened.id, data_dir, write_return_minutes
    )
    time.at(dt.date(2026, 12, 2), 9)
    later = saving.save_daily_report(
        database, operator, data_dir, DAY, write_daily_report, out=data_dir.root / "lh-27b.pdf"
    )
    recap = saving.save_monthly_recap(database, operator, data_dir, 2026, 11, write_monthly_recap)
    return {
        "berita_acara": text_of(closed.pdf_path),
        "evening": text_of(evening),
        "later": text_of(later),
        "recap": text_of(recap),
        "call_list": text_of(called.path),
        "called": called,
        "held": held,
        "waiting": waiting,
        "run": run,
        "returned": text_of(returned.pdf_path),
        "supervisor": supervisor,
    }


AUDIT_HEAD = re.compile(
    r"(?P<rows>\d+) baris, ujung rantai [0-9a-f]+ \(diperiksa dengan: loket audit verify "
    r"--paper \d+:[0-9a-f]+\)"
)


def test_every_paper_of_the_day_counts_the_same_cards(the_day: dict[str, object]) -> None:
    minutes = str(the_day["berita_acara"])
    evening, later = str(the_day["evening"]), str(the_day["later"])
    recap = str(the_day["recap"])
    called = the_day["called"]
    assert isinstance(called, call_list.CallList)
    run = the_day["run"]
    assert isinstance(run, runs.CreatedRun)

    # The berita acara: 53 from the list + 2 extra (1 set aside) = 55 that changed hands.
    assert figure_after(minutes, "Diterima sesuai daftar kiriman") == 53
    assert figure_after(minutes, "Tidak diterima (kurang)") == 3
    assert figure_after(minutes, "Tambahan (tidak tercantum dalam daftar)") == 2
    assert figure_after(minutes, "Jumlah yang diserahterimakan (b + d)") == 55
    assert figure_after(minutes, "di antaranya disisihkan untuk kecamatan") == 1
    assert figure_after(minutes, "di antaranya NIK diketik manual") == 1
    assert "disimpan oleh PIHAK KEDUA sampai dikembalikan" in minutes
    assert "Tidak ada (kurang)" not in minutes

    # The laporan harian: the same 55 received; 2 handed over, the void explained.
    for report in (evening, later):
        assert figure_after(report, "Diterima dari kecamatan") == 55
        assert figure_after(report, "Diserahkan kepada penduduk") == 2
        assert figure_after(report, "Persediaan pada akhir hari") == 53
        assert "1 keping disisihkan untuk dikembalikan ke kecamatan" in report
        assert "Disetujui Agus Santoso, S.H., NIP 19750101 200003 1 002" in report
        assert "tidak dihitung sebagai diserahkan" in report
    # The return of 1 December changes nothing about 27 November; only the audit trail's head
    # under the signatures is newer (the record has grown since the evening).
    heads = [AUDIT_HEAD.search(report) for report in (evening, later)]
    assert heads[0] and heads[1] and int(heads[1]["rows"]) > int(heads[0]["rows"])
    assert AUDIT_HEAD.sub("", later) == AUDIT_HEAD.sub("", evening)

    # The stock page that evening: its "Di kantor" count is the laporan's stock.
    assert the_day["held"] == 53
    # The call list: every card waiting for its owner, neither the set-aside one nor those out.
    out = run.summary.counts.total
    assert out > 0
    assert called.count == the_day["waiting"] == 53 - 1 - out
    call_text = str(the_day["call_list"])
    assert f"Jumlah: {called.count} (" in call_text
    assert f"{ASIDE[:4]}xxxxxxxx{ASIDE[-4:]}" not in call_text
    assert "Senin–Kamis pukul 08.00–15.00" in call_text and "Lurah Kaligawe" in call_text
    assert "sampai 30 Desember 2026; sesudah itu dikembalikan ke Kecamatan" in call_text
    assert re.search(r"Nomor: 474/0001/PANGGILAN/XI/2026", call_text)

    # The rekap of November, printed in December: the 27th, and the month's end, agree.
    assert re.search(r"Jumat, 27 November 2026 55 2 1", recap), recap[:4000]
    assert figure_after(recap, "Diterima dari kecamatan") == 55
    assert figure_after(recap, "Persediaan pada akhir bulan") == 53
    assert "Disisihkan untuk kecamatan - 1" in recap
    assert re.search(r"Jumlah 2 53", recap)
    # The card set aside leaves under its own berita acara, counted once more there.
    assert figure_after(str(the_day["returned"]), "Jumlah") == 1
