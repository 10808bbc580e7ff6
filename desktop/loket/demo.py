"""`loket demo`: a throw-away data folder with a realistic office, staff and a batch half received.

Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang — where 56 cards were handed over at
Rusunawa Kaligawe in January 2018. Names and NIKs are invented but pass every NIK rule.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry, ManifestReport, ManifestRow, RowStatus
from loket.core.office import identity
from loket.core.staff import accounts
from loket.core.storage import open_database
from loket.datadir import DataDir, resolve_data_dir
from loket.domain.states import DocumentChecked, OldCardFate, Relation, Role
from loket.i18n import _

DEMO_USERS = (
    ("admin", "admin123", Role.ADMIN, "Sri Wahyuni, S.Sos.", "197604222006042011"),
    ("supervisor", "supervisor123", Role.SUPERVISOR, "Agus Santoso, S.H.", "198001152009011003"),
    ("petugas", "petugas123", Role.OPERATOR, "Dewi Lestari", "198903152015032004"),
)
_FIRST = (
    "Siti",
    "Sri",
    "Dewi",
    "Endang",
    "Wahyuni",
    "Rina",
    "Tri",
    "Eko",
    "Budi",
    "Agus",
    "Slamet",
    "Joko",
    "Bambang",
    "Heru",
    "Rizki",
    "Ahmad",
    "Nur",
    "Ayu",
    "Lestari",
    "Fajar",
    "Yuliana",
)
_LAST = (
    "Aminah",
    "Handayani",
    "Susanti",
    "Saputra",
    "Wulandari",
    "Purnomo",
    "Riyadi",
    "Setiawan",
    "Kurniawan",
    "Permatasari",
    "Maulana",
    "Santoso",
    "Hartono",
    "Fauziah",
    "Nugroho",
)
_STREETS = (
    "Rusunawa Kaligawe Blok A Lt. {n} No. {m}",
    "Rusunawa Kaligawe Blok B Lt. {n} No. {m}",
    "Jl. Kaligawe Raya No. {m}",
    "Jl. Sedayu Indah No. {m}",
    "Gg. Kaligawe Tengah {m}",
)
DEMO_CARDS = 56
DEMO_RECEIVED = 28
DEMO_HANDED_OVER = 2


@dataclass(frozen=True)
class DemoCard:
    nik: str
    name: str
    rt: str
    rw: str
    address: str


def demo_cards(count: int = DEMO_CARDS, seed: int = 2018) -> list[DemoCard]:
    rng = random.Random(seed)
    cards: list[DemoCard] = []
    seen: set[str] = set()
    while len(cards) < count:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 57))
        female = rng.random() < 0.5
        day = born.day + (40 if female else 0)
        nik = f"337404{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
        if nik in seen:
            continue
        seen.add(nik)
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}".upper()
        street = rng.choice(_STREETS).format(n=rng.randrange(1, 5), m=rng.randrange(1, 120))
        cards.append(
            DemoCard(nik, name, f"{rng.randrange(1, 11):03d}", f"{rng.randrange(1, 7):03d}", street)
        )
    return cards


def _demo_manifest(cards: list[DemoCard]) -> ManifestReport:
    entries = tuple(
        ManifestEntry(row=i + 2, nik=c.nik, name=c.name, rt=c.rt, rw=c.rw, address=c.address)
        for i, c in enumerate(cards)
    )
    rows = tuple(
        ManifestRow(row=e.row, value=e.nik, name=e.name, status=RowStatus.IMPORTABLE, reason="")
        for e in entries
    )
    return ManifestReport(
        filename="daftar-kiriman-gayamsari.csv", rows=rows, entries=entries, warnings=()
    )


def make_demo_data_dir(explicit: str | None = None) -> DataDir:
    root = resolve_data_dir(explicit) if explicit else Path(tempfile.mkdtemp(prefix="loket-demo-"))
    data = DataDir(root)
    database = open_database(data)
    try:
        if identity.get_office(database) is None:
            _fill(database, data)
    finally:
        database.dispose()
    return data


def _fill(database, data: DataDir) -> None:  # type: ignore[no-untyped-def]
    identity.set_up_office(
        database,
        "33.74.04.1002",
        address="Jl. Kaligawe Raya No. 2, Semarang",
        lurah_name="Drs. Bambang Sutrisno, M.Si.",
        lurah_nip="196805121994031007",
    )
    members = {}
    for username, password, role, name, nip in DEMO_USERS:
        admin = members.get("admin")
        members[username] = accounts.add_staff(database, admin, username, password, role, name, nip)
    cards = demo_cards()
    listed, extra = cards[:-2], cards[-2:]
    today = dt.date.today()
    batch = batches.open_batch(
        database,
        members["petugas"],
        "470/112/Kec.Gys/XI/2026",
        today - dt.timedelta(days=2),
        "Rahmat Hidayat",
        _demo_manifest(listed),
        today=today,
    )
    for card in listed[:DEMO_RECEIVED]:
        scanning.receive_scan(database, members["petugas"], batch.id, card.nik)
    _hand_over_some(database, data, members["petugas"], listed[:DEMO_HANDED_OVER])
    _write_barcode_sheet(data, listed, extra)


def _hand_over_some(database, data: DataDir, officer, cards: list[DemoCard]) -> None:  # type: ignore[no-untyped-def]
    """A few residents already came: one owner, and a mother for her married child."""
    from loket.core.handover import confirming, receipts
    from loket.documents.handover.receipt import write_receipt

    batch_cards = {
        c.nik: c.id for c in batches.batch_cards(database, batches.open_batches(database)[0].id)
    }
    owner, mother = cards
    requests = (
        HandoverRequest(
            card_id=batch_cards[owner.nik],
            relation=Relation.OWNER,
            old_card=OldCardFate.SURRENDERED,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        ),
        HandoverRequest(
            card_id=batch_cards[mother.nik],
            relation=Relation.PARENT,
            old_card=OldCardFate.NONE,
            documents=frozenset(
                {
                    DocumentChecked.RECORDING_SLIP,
                    DocumentChecked.POWER_OF_ATTORNEY,
                    DocumentChecked.REPRESENTATIVE_ID,
                }
            ),
            collector_name="SITI AMINAH",
            collector_nik="3374045507680004",
            collector_phone="0812-2845-1177",
        ),
    )
    for request in requests:
        done = confirming.confirm(database, officer, request)
        receipts.save_slip(database, officer, done.id, data, write_receipt)


def _write_barcode_sheet(data: DataDir, listed: list[DemoCard], extra: list[DemoCard]) -> None:
    from loket.documents.labels.barcode_sheet import write_barcode_sheet

    folder = data.documents("demo")
    folder.mkdir(parents=True, exist_ok=True)
    items = [(c.nik, c.name) for c in listed] + [
        (c.nik, _("{name} (tidak ada di daftar)").format(name=c.name)) for c in extra
    ]
    write_barcode_sheet(
        _("Kartu contoh — Kelurahan Kaligawe"),
        _(
            "Pindai barcode ini dengan pemindai di layar Penerimaan kiriman. {received} kartu "
            "pertama sudah diterima; dua kartu terakhir tidak ada di daftar."
        ).format(received=DEMO_RECEIVED),
        items,
        folder / "barcode-kartu-demo.pdf",
    )
