"""Cards as the tests put them in an office: residents of Kaligawe, received by scanning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from loket.core.indonesia.nik import parse_nik
from loket.core.intake import batches, scanning
from loket.core.intake.batches import BatchInfo
from loket.core.manifest.model import ManifestReport
from loket.core.manifest.reader import read_manifest
from loket.core.staff.members import StaffMember
from loket.db.engine import Database

_FIRST = ("SITI", "SRI", "DEWI", "ENDANG", "EKO", "BUDI", "AGUS", "SLAMET", "JOKO", "HERU")
_LAST = ("AMINAH", "HANDAYANI", "SUSANTI", "SAPUTRA", "WULANDARI", "PURNOMO", "RIYADI", "NUGROHO")
RT_OF = ("001", "002", "003")


def kaligawe_cards(count: int = 40) -> list[tuple[str, str, str, str, str]]:
    """(nik, name, rt, rw, address): residents of RW 005 spread over three RT, NIKs valid."""
    cards = []
    for i in range(count):
        born = dt.date(1961, 1, 1) + dt.timedelta(days=397 * i)
        day = born.day + (40 if i % 2 else 0)  # every other resident a woman
        nik = f"337404{day:02d}{born.month:02d}{born.year % 100:02d}{1000 + i:04d}"
        name = f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 3) % len(_LAST)]}"
        block = "ABC"[i % 3]
        address = f"Rusunawa Kaligawe Blok {block} Lt. {1 + i % 4} No. {1 + (i * 7) % 30}"
        cards.append((nik, name, RT_OF[i % 3], "005", address))
    return cards


def receive(
    database: Database, actor: StaffMember, cards: list[tuple[str, str, str, str, str]]
) -> dict[str, int]:
    """A batch without a list, every card scanned in and its name and address typed: NIK -> id."""
    batch = batches.open_batch(
        database, actor, "470/131/XII/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", None
    )
    ids = {}
    for nik, name, rt, rw, address in cards:
        assert parse_nik(nik).nik is not None, nik
        card = scanning.receive_scan(database, actor, batch.id, nik).card
        assert card is not None
        scanning.update_card_details(database, actor, card.id, name, rt, rw, address)
        ids[nik] = card.id
    return ids


CARDS = kaligawe_cards()


def kaligawe_list_batch(
    database: Database, actor: StaffMember, samples: Path, today: dt.date, received: int = 0
) -> tuple[BatchInfo, ManifestReport]:
    """The batch of 56 cards on manifest_kaligawe_clean.csv, its first `received` scanned in."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=today)
    batch = batches.open_batch(
        database,
        actor,
        "470/112/XI/2026",
        dt.date(2026, 11, 25),
        "Rahmat Hidayat",
        report,
        today=today,
    )
    for entry in report.entries[:received]:
        scanning.receive_scan(database, actor, batch.id, entry.nik, today=today)
    return batch, report
