"""Time from confirming a handover to its receipt PDF on disk, for both slip formats, beside
the same slip drawn with bare reportlab canvas calls in the same run (issue 16).

    python bench/handover.py [--handovers 200] [--keep DIR]

Each handover goes through the desk's own use case, `confirming.confirm_and_save_slip` (what
Ctrl+Enter runs): the confirmation in one transaction (the handover row, the card's state, the
receipt number, the audit row), then the slip rendered with embedded fonts and a vector barcode,
written atomically, and filed in the document register in a second. The floor, measured right
after each handover on the same slip's texts, is `bare_slip.write_bare_slip`: the same texts in
the same embedded TTFs, the Code 128 as rectangles, both copies (two halves of an A4 sheet, or
two 80 mm pages), written with fsync and renamed as the program writes a paper; no database.
`--keep` copies the last handover's slip and its floor there, to look at.

    python bench/handover.py --postgres postgresql+psycopg://loket:loket@localhost/DB

The same on a PostgreSQL server, in schemas of its own in that database (bench/on_postgres.py),
through `confirm` and then `save_slip` (as a reprint or a recovery saves a slip: one more
transaction, to read what the slip needs), so that each is timed and replayed on its own, with
two more floors measured after each handover: every statement the handover sent (confirm and
slip) replayed by bare psycopg on one connection to a twin schema built alike, and a bare
INSERT + COMMIT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import on_postgres
from bare_slip import write_bare_slip
from loket.core.handover import confirming, receipts
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry, ManifestReport, ManifestRow, RowStatus
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
    """An office whose desk has just received `count` cards of a kecamatan list, with their
    owners' names and addresses as the list gives them (the same ones every run)."""
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
    shared.save_settings(database, admin, shared.OfficeSettings(slip_format=slip_format))
    cards = demo_cards(count, seed=count)
    entries = tuple(
        ManifestEntry(row, card.nik, card.name, card.rt, card.rw, card.address)
        for row, card in enumerate(cards, start=2)
    )
    listed = ManifestReport(
        "bench.csv",
        tuple(ManifestRow(e.row, e.nik, e.name, RowStatus.IMPORTABLE, "") for e in entries),
        entries,
        (),
    )
    batch = batches.open_batch(database, admin, "bench/1", dt.date.today(), "", listed)
    received = [scanning.receive_scan(database, admin, batch.id, card.nik).card for card in cards]
    return admin, [card.id for card in received if card is not None]


def _request(card_id: int) -> HandoverRequest:
    return HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        old_card=OldCardFate.SURRENDERED,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
    )


def bare_slip(database, data: DataDir, handover_id: int, slip_format: shared.SlipFormat) -> float:  # type: ignore[no-untyped-def]
    """The floor: the handover's slip (its texts read first, untimed) drawn plainly and saved."""
    slip = receipts.slip_for(database, handover_id)
    target = data.root / f"bare-{handover_id}.pdf"
    start = time.perf_counter()
    write_bare_slip(slip, target, slip_format.value)
    return time.perf_counter() - start


@dataclass
class Measured:
    whole: list[float] = field(default_factory=list)  # confirm + slip saved
    floor: list[float] = field(default_factory=list)  # the same slip, bare canvas
    last: tuple[Path, Path] | None = None  # the last slip and its floor, to look at


def measure_handovers(folder: Path, count: int, slip_format: shared.SlipFormat) -> Measured:
    data = DataDir(folder / slip_format.value)
    database = open_database(data)
    admin, card_ids = _set_up(database, count + 1, slip_format)
    warm_up = card_ids.pop(0)  # the process's first slip loads the fonts: not counted
    done = confirming.confirm_and_save_slip(database, admin, _request(warm_up), data, write_receipt)
    bare_slip(database, data, done.info.id, slip_format)
    measured = Measured()
    for card_id in card_ids:
        start = time.perf_counter()
        done = confirming.confirm_and_save_slip(
            database, admin, _request(card_id), data, write_receipt
        )
        measured.whole.append(time.perf_counter() - start)
        assert done.slip is not None, done.slip_error
        measured.floor.append(bare_slip(database, data, done.info.id, slip_format))
        measured.last = (done.slip, data.root / f"bare-{done.info.id}.pdf")
    database.dispose()
    return measured


@dataclass
class OnServer:
    confirm: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)  # confirm + slip saved
    replayed: list[float] = field(default_factory=list)  # confirm's statements
    replayed_whole: list[float] = field(default_factory=list)  # and the slip's
    bare: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)  # the same slip, bare canvas
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
        measured.floor.append(bare_slip(database, data, done.id, slip_format))
    measured.statements = statistics.median(replay.per_call[0::2])
    replay.close()
    bare.close()
    database.dispose()
    return measured


def ratio_line(whole: list[float], floor: list[float]) -> str:
    """The handover to its saved slip against the bare-canvas slip (issue 16's goal: 1.5x)."""
    median = statistics.median(whole) / statistics.median(floor)
    p99 = on_postgres.p99(whole) / on_postgres.p99(floor)
    return f"  {'ratio to the bare-canvas slip':40s} median {median:5.2f} x   p99 {p99:5.2f} x"


def main_on_server(url: str, count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        print(f"handover to saved slip on PostgreSQL: {count} handovers per format")
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
            print(on_postgres.line("the same slip, bare canvas", measured.floor))
            print(ratio_line(measured.whole, measured.floor))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL", help="a database the benchmark may fill")
    parser.add_argument("--keep", metavar="DIR", type=Path, help="keep the last slips there")
    args = parser.parse_args()
    if args.postgres:
        main_on_server(args.postgres, args.handovers)
        return
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        print(f"handover to saved slip: {args.handovers} handovers per format")
        for slip_format in shared.SlipFormat:
            measured = measure_handovers(folder, args.handovers, slip_format)
            print(f"  {slip_format.value}:")
            print(on_postgres.line("confirm + slip saved", measured.whole))
            print(on_postgres.line("the same slip, bare canvas", measured.floor))
            print(ratio_line(measured.whole, measured.floor))
            if args.keep and measured.last:
                args.keep.mkdir(parents=True, exist_ok=True)
                for path, name in zip(measured.last, ("slip", "bare"), strict=True):
                    shutil.copy(path, args.keep / f"{slip_format.value}-{name}.pdf")


if __name__ == "__main__":
    main()
