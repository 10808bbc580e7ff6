"""Time from confirming a handover to its receipt PDF on disk, for both slip formats, beside a
bare one-page reportlab document made in the same run.

    python bench/handover.py [--handovers 200]

Each handover goes through the real use cases: `handover.confirm` (one transaction: the
handover row, the card's state, the receipt number, the audit row) then `handover.save_slip`
(the slip rendered with embedded fonts and a vector barcode, written atomically, filed in the
document register). The floor is a reportlab canvas with one line of text, saved to disk.

    python bench/handover.py --postgres postgresql+psycopg://loket:loket@localhost/DB

The same on a PostgreSQL server, in schemas of its own in that database (bench/on_postgres.py),
with two more floors measured after each handover: every statement the handover sent
(confirm and slip) replayed by bare psycopg on one connection to a twin schema built alike,
and a bare INSERT + COMMIT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

import on_postgres
from loket.core.handover import confirming, receipts
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.office import identity
from loket.core.settings import shared
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.demo import demo_cards
from loket.documents.handover.receipt import write_receipt
from loket.domain.states import DocumentChecked, OldCardFate, Relation, Role


def _set_up(database, count: int, slip_format: shared.SlipFormat) -> tuple[StaffMember, list[int]]:  # type: ignore[no-untyped-def]
    """An office whose desk has just received `count` cards (the same ones every run)."""
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
    shared.save_settings(database, admin, shared.OfficeSettings(slip_format=slip_format))
    batch = batches.open_batch(database, admin, "bench/1", dt.date.today())
    received = [
        scanning.receive_scan(database, admin, batch.id, card.nik).card
        for card in demo_cards(count, seed=count)
    ]
    return admin, [card.id for card in received if card is not None]


def _request(card_id: int) -> HandoverRequest:
    return HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        old_card=OldCardFate.SURRENDERED,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        owner_name="WARGA KALIGAWE",
    )


def measure_handovers(folder: Path, count: int, slip_format: shared.SlipFormat) -> list[float]:
    data = DataDir(folder / slip_format.value)
    database = open_database(data)
    admin, card_ids = _set_up(database, count, slip_format)
    timings = []
    for card_id in card_ids:
        start = time.perf_counter()
        done = confirming.confirm(database, admin, _request(card_id))
        receipts.save_slip(database, admin, done.id, data, write_receipt)
        timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


@dataclass
class OnServer:
    confirm: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)  # confirm + slip saved
    replayed: list[float] = field(default_factory=list)  # confirm's statements
    replayed_whole: list[float] = field(default_factory=list)  # and the slip's
    bare: list[float] = field(default_factory=list)
    statements: float = 0.0  # sent by each confirm (median)


def measure_on_server(
    url: str, folder: Path, count: int, slip_format: shared.SlipFormat
) -> OnServer:
    schema = f"bench_handover_{slip_format.value}"
    database = on_postgres.new_office(url, schema)
    twin = on_postgres.new_office(url, f"{schema}_twin")
    admin, card_ids = _set_up(database, count, slip_format)
    _set_up(twin, count, slip_format)
    twin.dispose()
    data = DataDir(folder / f"server-{slip_format.value}")
    data.create()
    replay = on_postgres.Replay(database, url, f"{schema}_twin")
    bare = on_postgres.BareCommit(url)
    measured = OnServer()
    for card_id in card_ids:
        replay.catch()
        start = time.perf_counter()
        done = confirming.confirm(database, admin, _request(card_id))
        confirmed = time.perf_counter()
        measured.confirm.append(confirmed - start)
        replayed = replay.replay()
        replay.catch()
        slip_start = time.perf_counter()
        receipts.save_slip(database, admin, done.id, data, write_receipt)
        measured.whole.append(confirmed - start + time.perf_counter() - slip_start)
        measured.replayed.append(replayed)
        measured.replayed_whole.append(replayed + replay.replay())
        measured.bare.append(bare.once())
    measured.statements = statistics.median(replay.per_call[0::2])
    replay.close()
    bare.close()
    database.dispose()
    return measured


def main_on_server(url: str, count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        floor = measure_floor(folder, count)
        print(f"handover to saved slip on PostgreSQL: {count} handovers per format")
        print(on_postgres.line("bare reportlab page", floor))
        for slip_format in shared.SlipFormat:
            measured = measure_on_server(url, folder, count, slip_format)
            print(f"  {slip_format.value}:")
            same = f"confirm's SQL, bare psycopg ({measured.statements:.0f} statements)"
            print(on_postgres.line("confirm (one transaction)", measured.confirm))
            print(on_postgres.line(same, measured.replayed, measured.confirm))
            print(on_postgres.line("bare insert + commit", measured.bare, measured.confirm))
            print(on_postgres.line("confirm + slip saved", measured.whole))
            whole = "confirm's and slip's SQL, bare psycopg"
            print(on_postgres.line(whole, measured.replayed_whole, measured.whole))


def measure_floor(folder: Path, count: int) -> list[float]:
    timings = []
    for index in range(count):
        start = time.perf_counter()
        canvas = Canvas(str(folder / f"floor-{index}.pdf"))
        canvas.drawString(72, 720, f"Tanda terima {index}")
        canvas.showPage()
        canvas.save()
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL", help="a database the benchmark may fill")
    args = parser.parse_args()
    if args.postgres:
        main_on_server(args.postgres, args.handovers)
        return
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        floor = statistics.median(measure_floor(folder, args.handovers))
        print(f"handover to saved slip: {args.handovers} handovers per format")
        print(f"  bare reportlab page        median {floor * 1000:7.2f} ms")
        for slip_format in shared.SlipFormat:
            timings = measure_handovers(folder, args.handovers, slip_format)
            median = statistics.median(timings)
            p99 = statistics.quantiles(timings, n=100)[98]
            print(
                f"  {slip_format.value:<10} confirm+PDF  median {median * 1000:7.2f} ms"
                f"   p99 {p99 * 1000:7.2f} ms   ratio {median / floor:5.1f} x"
            )


if __name__ == "__main__":
    main()
