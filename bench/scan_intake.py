"""Per-scan cost at intake against the same SQL sent by plain sqlite3, in the same run.

    python bench/scan_intake.py [--cards 100000] [--scans 2000]

Builds a database holding `--cards` cards (handed over and in stock, as after years at a
desk), opens a batch whose list has `--scans` cards, and scans each one through the real use
case (`intake.receive_scan`: parse, classify, write card + scan + audit, commit with
synchronous=FULL).

The floor replays what the program really sent: every statement of each scan, caught as the
driver got it (bench/driver_statements.py: the scan's statements go straight to the driver's
cursor, db/plain.py), run with its parameters by plain `sqlite3` on a copy of the database
taken before the first scan (same pragmas, `BEGIN IMMEDIATE` ...
`COMMIT`), right after the real scan, so that both meet the same load. A second floor, one
INSERT and COMMIT on a bare table, says what a commit alone costs on this disk. Prints median
and p99 of each and the ratios.

    python bench/scan_intake.py --postgres postgresql+psycopg://loket:loket@localhost/DB

The same on a PostgreSQL server (loopback, or the office's server over its network): the
program's schema `bench_scan` and its twin `bench_scan_twin`, built alike, in that database
(bench/on_postgres.py); each scan's statements replayed right after it by bare psycopg on one
connection to the twin, then one bare INSERT + COMMIT on the same server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

import on_postgres
from driver_statements import DriverStatements
from loket.core.clock import utc_now
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry, ManifestReport, ManifestRow, RowStatus
from loket.core.office import identity
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.models import Batch, Card
from loket.db.open import open_database
from loket.domain.states import BatchStatus, CardState, Role


def _nik(rng: random.Random, serial: int) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return f"337404{day:02d}{born.month:02d}{born.year % 100:02d}{serial % 9999 + 1:04d}"


def _unique_niks(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    niks: list[str] = []
    serial = 0
    while len(niks) < count:
        serial += 1
        nik = _nik(rng, rng.randrange(0, 9999))
        if nik not in taken:
            taken.add(nik)
            niks.append(nik)
    return niks


def _fill_history(database, actor_id: int, niks: list[str]) -> None:  # type: ignore[no-untyped-def]
    now = utc_now()
    with database.transaction() as session:
        batch = Batch(
            reference="riwayat",
            letter_date=now.date(),
            courier_name="",
            has_manifest=False,
            manifest_filename="",
            status=BatchStatus.CLOSED,
            opened_at=now,
            opened_by_id=actor_id,
        )
        session.add(batch)
        session.flush()
        rows = [
            {
                "nik": nik,
                "name": f"WARGA {i}",
                "rt": "001",
                "rw": "001",
                "address": "",
                "batch_id": batch.id,
                "state": CardState.HANDED_OVER if i % 4 else CardState.IN_STOCK,
                "on_manifest": False,
                "created_at": now,
                "created_by_id": actor_id,
            }
            for i, nik in enumerate(niks)
        ]
        # In chunks a loaded server takes in well under the desk's tcp_user_timeout (10 s): a
        # PostgreSQL connection sending 10,000 rows at once to a busy server was cut by it.
        for start in range(0, len(rows), 2_000):
            session.execute(insert(Card), rows[start : start + 2_000])


PRAGMAS = (
    "PRAGMA busy_timeout = 15000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)


def _plain_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(pragma)
    return connection


def _copy(database_path: Path, target: Path) -> None:
    with sqlite3.connect(database_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    source.close()
    destination.close()


class Replay:
    """The statements each scan handed the driver, sent again by plain sqlite3 to a copy of the
    database."""

    def __init__(self, database, copy: Path) -> None:  # type: ignore[no-untyped-def]
        self.per_scan: list[int] = []
        self._connection = _plain_connection(copy)
        self._driver = DriverStatements(database.engine)

    def replay(self) -> float:
        """The statements caught since the last call, in one transaction; its seconds."""
        statements = [
            (sql, rows)
            for sql, rows in self._driver.take()
            if sql.strip().upper() != "BEGIN IMMEDIATE"  # sent below, as the program does
        ]
        self.per_scan.append(len(statements))
        execute = self._connection.execute
        start = time.perf_counter()
        execute("BEGIN IMMEDIATE")
        for statement, rows in statements:
            for parameters in rows:
                execute(statement, parameters).fetchall()
        execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self._connection.close()


def _set_up(database, cards: int, scans: int) -> tuple[StaffMember, int, list[str]]:  # type: ignore[no-untyped-def]
    """An office of `cards` cards and an open batch of `scans` listed ones (the same every run)."""
    rng = random.Random(7)
    identity.set_up_office(database, "33.74.04.1002")
    actor = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN)
    taken: set[str] = set()
    _fill_history(database, actor.id, _unique_niks(rng, cards, taken))
    listed = _unique_niks(rng, scans, taken)
    report = listed_report("bench.csv", listed)
    batch = batches.open_batch(database, actor, "bench/1", dt.date.today(), "", report)
    return actor, batch.id, listed


def listed_report(filename: str, niks: list[str]) -> ManifestReport:
    """A kecamatan list of these cards, every row importable."""
    entries = tuple(
        ManifestEntry(i + 2, nik, f"WARGA {i}", "001", "002", "") for i, nik in enumerate(niks)
    )
    return ManifestReport(
        filename,
        tuple(ManifestRow(e.row, e.nik, e.name, RowStatus.IMPORTABLE, "") for e in entries),
        entries,
        (),
    )


def measure_scans(folder: Path, cards: int, scans: int) -> tuple[list[float], list[float], Replay]:
    data = DataDir(folder / "loket")
    database = open_database(data)
    actor, batch_id, listed = _set_up(database, cards, scans)
    _copy(data.database, folder / "replay.sqlite3")
    replay = Replay(database, folder / "replay.sqlite3")
    timings, replayed = [], []
    for nik in listed:
        start = time.perf_counter()
        scanning.receive_scan(database, actor, batch_id, nik)
        timings.append(time.perf_counter() - start)
        replayed.append(replay.replay())
    replay.close()
    database.dispose()
    return timings, replayed, replay


def measure_scans_on_server(
    url: str, cards: int, scans: int
) -> tuple[list[float], list[float], list[float], on_postgres.Replay]:
    database = on_postgres.new_office(url, "bench_scan")
    twin = on_postgres.new_office(url, "bench_scan_twin")
    actor, batch_id, listed = _set_up(database, cards, scans)
    _set_up(twin, cards, scans)
    twin.dispose()
    replay = on_postgres.Replay(database, url, "bench_scan_twin")
    bare = on_postgres.BareCommit(url)
    timings, replayed, floor = [], [], []
    for nik in listed:
        replay.catch()
        start = time.perf_counter()
        scanning.receive_scan(database, actor, batch_id, nik)
        timings.append(time.perf_counter() - start)
        replayed.append(replay.replay())
        floor.append(bare.once())
    replay.close()
    bare.close()
    database.dispose()
    return timings, replayed, floor, replay


def main_on_server(url: str, cards: int, scans: int) -> None:
    measured, replayed, floor, replay = measure_scans_on_server(url, cards, scans)
    statements = statistics.median(replay.per_call)
    print(f"scan intake on PostgreSQL: {scans} scans into a database of {cards:,} cards")
    print(on_postgres.line("per scan", measured))
    same = f"same SQL, bare psycopg ({statements:.0f} statements)"
    print(on_postgres.line(same, replayed, measured))
    print(on_postgres.line("bare insert + commit", floor, measured))


def measure_floor(folder: Path, count: int) -> list[float]:
    connection = _plain_connection(folder / "floor.sqlite3")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, nik TEXT, at TEXT)")
    timings = []
    for i in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t (nik, at) VALUES (?, ?)", (f"{i:016d}", "now"))
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - start)
    connection.close()
    return timings


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=2_000)
    parser.add_argument("--postgres", metavar="URL", help="a database the benchmark may fill")
    args = parser.parse_args()
    if args.postgres:
        main_on_server(args.postgres, args.cards, args.scans)
        return
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        floor = measure_floor(folder, args.scans)
        scans, replayed, replay = measure_scans(folder, args.cards, args.scans)
    statements = statistics.median(replay.per_scan)
    print(f"scan intake: {args.scans} scans into a database of {args.cards:,} cards")
    _print_line("per scan", scans)
    _print_line(f"same SQL, sqlite3 ({statements:.0f} statements)", replayed, scans)
    _print_line("bare insert + commit", floor, scans)


def _print_line(name: str, values: list[float], measured: list[float] | None = None) -> None:
    median, p99 = statistics.median(values), _p99(values)
    line = f"  {name:34s} median {median * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"
    if measured is not None:
        ratio_median = statistics.median(measured) / median
        line += f"   scan: {ratio_median:4.1f} x, p99 {_p99(measured) / p99:4.1f} x"
    print(line)


if __name__ == "__main__":
    main()
