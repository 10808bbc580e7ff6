"""An office that has worked for a while: cards in, handed over, voided, returned, on paper.

Built through the real use cases, as a desk would have built it, for tests that move or compare
whole offices (`loket database move-to`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loket.core.handover import confirming, receipts, voiding
from loket.core.handover.handovers import HandoverInfo
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office import identity
from loket.core.returns import closing, filling
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.demo import demo_cards
from loket.documents.handover.receipt import write_receipt
from loket.documents.reports.daily_report import write_daily_report
from loket.documents.returns.berita_acara_pengembalian import write_return_minutes
from loket.domain.states import DocumentChecked, OldCardFate, Relation, ReturnReason, Role

TODAY = dt.date(2026, 11, 27)


@dataclass(frozen=True)
class BusyOffice:
    operator: StaffMember
    supervisor: StaffMember
    receipts: tuple[str, ...]  # every receipt number given, voided ones too
    voided: tuple[str, ...]
    return_number: str  # the berita acara pengembalian's
    papers: tuple[Path, ...]


def to_its_owner(database: Database, operator: StaffMember, card_id: int) -> HandoverInfo:
    """The card handed to its owner, who shows the recording slip and hands in the old card."""
    return confirming.confirm(
        database,
        operator,
        HandoverRequest(
            card_id=card_id,
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        ),
    )


def build_busy_office(database: Database, data: DataDir, samples: Path) -> BusyOffice:
    """Kaligawe: 40 of the 56 cards of a list scanned in, 12 handed over (2 of them voided),
    5 returned to the kecamatan with their berita acara, and the day's laporan harian."""
    identity.set_up_office(database, "33.74.04.1002", lurah_name="Drs. Bambang Sutrisno, M.Si.")
    admin = accounts.add_staff(database, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni")
    operator = accounts.add_staff(
        database, admin, "dewi", "rahasia-dewi", Role.OPERATOR, "Dewi Lestari"
    )
    supervisor = accounts.add_staff(
        database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso, S.H."
    )
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:40]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    cards = batches.batch_cards(database, batch.id)
    in_stock = [card for card in cards if card.nik in {e.nik for e in report.entries[:40]}]
    given = [to_its_owner(database, operator, card.id) for card in in_stock[:12]]
    voided = [
        voiding.void(database, operator, "agus", "rahasia-agus", handover.id, "Salah orang")
        for handover in given[:2]
    ]
    opened = filling.open_return(database, operator, "474/55/XI/2026", "Slamet Riyadi")
    for card in in_stock[20:25]:
        filling.add_card(database, operator, opened.id, card.nik, ReturnReason.UNCLAIMED)
    closed = closing.close_return(database, operator, opened.id, data, write_return_minutes)
    from loket.core.reports import saving

    daily = saving.save_daily_report(
        database, operator, data, dt.datetime.now(dt.UTC).date(), write_daily_report
    )
    return BusyOffice(
        operator,
        supervisor,
        tuple(h.receipt_number for h in given),
        tuple(h.receipt_number for h in voided),
        closed.number,
        (closed.pdf_path, daily),
    )


def build_large_office(
    database: Database, data: DataDir, samples: Path, cards: int = 3000
) -> BusyOffice:
    """The busy office after a large delivery: a second batch of `cards` cards, nine in ten
    scanned in, one in ten of those handed over (every 25th with its slip saved), one in fifty
    of the handovers voided, and twenty cards returned with their berita acara."""
    busy = build_busy_office(database, data, samples)
    operator = busy.operator
    listed = demo_cards(cards, seed=2018 + cards)
    manifest = data.root / "daftar-kiriman-besar.csv"
    with manifest.open("w", encoding="utf-8") as out:
        out.write("NO,NIK,NAMA,RT,RW,ALAMAT\n")
        for number, card in enumerate(listed, start=1):
            out.write(f"{number},{card.nik},{card.name},{card.rt},{card.rw},{card.address}\n")
    report = read_manifest(manifest, today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/140/XI/2026", dt.date(2026, 11, 26), "", report, today=TODAY
    )
    received = [entry.nik for entry in report.entries[: len(report.entries) * 9 // 10]]
    for nik in received:
        scanning.receive_scan(database, operator, batch.id, nik, today=TODAY)
    in_stock = [card for card in batches.batch_cards(database, batch.id) if card.nik in received]
    given, papers = [], list(busy.papers)
    for number, card in enumerate(in_stock[: len(in_stock) // 10]):
        handover = to_its_owner(database, operator, card.id)
        given.append(handover)
        if number % 25 == 0:
            papers.append(receipts.save_slip(database, operator, handover.id, data, write_receipt))
    voided = [
        voiding.void(database, operator, "agus", "rahasia-agus", handover.id, "Salah orang")
        for handover in given[::50]
    ]
    opened = filling.open_return(database, operator, "474/61/XI/2026", "Slamet Riyadi")
    for card in in_stock[-20:]:
        filling.add_card(database, operator, opened.id, card.nik, ReturnReason.UNCLAIMED)
    closed = closing.close_return(database, operator, opened.id, data, write_return_minutes)
    return BusyOffice(
        operator,
        busy.supervisor,
        busy.receipts + tuple(h.receipt_number for h in given),
        busy.voided + tuple(h.receipt_number for h in voided),
        closed.number,
        (*papers, closed.pdf_path),
    )
