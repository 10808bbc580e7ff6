"""Three desks scanning into one PostgreSQL office at once: each scan's cost, and how long the
desks wait on each other's locks, against one desk scanning alone in the same run.

    python bench/desks_at_once.py --postgres postgresql+psycopg://loket:loket@localhost/DB
        [--cards 100000] [--desks 3] [--scans 150] [--pace 0.3 0.5] [--flat-out 300]

One office (schema `bench_desks` of that database, bench/on_postgres.py) of `--cards` cards
handed over and in stock, and one batch per run with a kecamatan list of every card the run's
desks will scan. Each desk is a process of its own with its own connection, as a desk PC is
(its data folder plays no part in a scan: the server is the office), and scans its share of
the list through the real use case (`intake.receive_scan`), all desks into the same batch as
at a busy loket, one scan every 300-500 ms (a person at a scanner); then the same flat out, no
pause between scans (a stress test: far beyond what a person can scan). A third run gives each
desk a batch of its own: what is left is the office-wide lock of the audit chain.

A desk waits on another at two locks: the batch's row (`SELECT ... FOR UPDATE`, so that a scan
and the close of the batch never interleave) and the audit chain's head (every audited commit
of the office takes it). Each desk times its statements that take a lock (`FOR UPDATE`):
beyond what they take with one desk alone, that is the time spent waiting for another desk.
A sampler also reads `pg_stat_activity` every 10 ms for the desks' backends waiting on a lock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import event

import on_postgres
from loket.core.intake import batches, scanning
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.domain.states import Role
from scan_intake import _fill_history, _unique_niks, listed_report

SCHEMA = "bench_desks"


@dataclass(frozen=True)
class DeskWork:
    url: str
    desk: int
    actor: StaffMember
    batch_id: int
    niks: tuple[str, ...]
    pace: tuple[float, float] | None  # seconds from one scan's start to the next; None: flat out
    start_at: float  # time.time() at which every desk begins


@dataclass
class DeskResult:
    desk: int
    scans: list[float] = field(default_factory=list)  # seconds per scan
    locking: list[float] = field(default_factory=list)  # seconds in FOR UPDATE statements
    wall: float = 0.0


def run_desk(work: DeskWork) -> DeskResult:
    """One desk's process: its own engine and connection, its share of the list."""
    database = on_postgres.in_schema(work.url, SCHEMA)
    in_lock = [0.0]
    began: dict[int, float] = {}

    @event.listens_for(database.engine, "before_cursor_execute")
    def _before(_c: Any, cursor: Any, statement: str, *_rest: Any) -> None:
        if "FOR UPDATE" in statement:
            began[id(cursor)] = time.perf_counter()

    @event.listens_for(database.engine, "after_cursor_execute")
    def _after(_c: Any, cursor: Any, *_rest: Any) -> None:
        start = began.pop(id(cursor), None)
        if start is not None:
            in_lock[0] += time.perf_counter() - start

    with database.transaction() as session:  # connected and warm before the start
        session.connection().exec_driver_sql("SELECT 1")
    rng = random.Random(work.desk)
    result = DeskResult(work.desk)
    time.sleep(max(0.0, work.start_at - time.time()))
    began_run = next_start = time.perf_counter()
    for nik in work.niks:
        if work.pace is not None:
            time.sleep(max(0.0, next_start - time.perf_counter()))
            next_start += rng.uniform(*work.pace)
        in_lock[0] = 0.0
        start = time.perf_counter()
        scanning.receive_scan(database, work.actor, work.batch_id, nik)
        result.scans.append(time.perf_counter() - start)
        result.locking.append(in_lock[0])
    result.wall = time.perf_counter() - began_run
    database.dispose()
    return result


class LockSampler:
    """Every 10 ms: which of this database's backends wait on a lock, and in which statement."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._stop = threading.Event()
        self.samples = 0
        self.waiting: Counter[str] = Counter()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with psycopg.connect(on_postgres.psycopg_url(self._url), autocommit=True) as connection:
            while not self._stop.wait(0.01):
                rows = connection.execute(
                    "SELECT wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60)"
                    " FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                for wait_event, query in rows:
                    self.waiting[f"{wait_event}: {query}"] += 1


def set_up(
    url: str, cards: int, desks: int, runs: list[int]
) -> tuple[list[StaffMember], list[int], list[list[str]]]:
    """The office, one staff member per desk, and one listed batch per run of `runs[i]` cards."""
    from loket.core.office import identity

    database = on_postgres.new_office(url, SCHEMA)
    identity.set_up_office(database, "33.74.04.1002")
    admin = accounts.add_staff(database, None, "admin", "bench-password", Role.ADMIN)
    staff = [
        accounts.add_staff(database, admin, f"loket{i}", "bench-password", Role.OPERATOR)
        for i in range(1, desks + 1)
    ]
    rng = random.Random(11)
    taken: set[str] = set()
    _fill_history(database, admin.id, _unique_niks(rng, cards, taken))
    batch_ids, lists = [], []
    for number, count in enumerate(runs, start=1):
        listed = _unique_niks(rng, count, taken)
        report = listed_report(f"run{number}.csv", listed)
        batch = batches.open_batch(database, admin, f"bench/{number}", dt.date.today(), "", report)
        batch_ids.append(batch.id)
        lists.append(listed)
    database.dispose()
    return staff, batch_ids, lists


def run_at_once(
    url: str,
    staff: list[StaffMember],
    batch: int | list[int],
    listed: list[str] | list[list[str]],
    pace: tuple[float, float] | None,
) -> tuple[list[DeskResult], LockSampler]:
    """Every desk of `staff` scanning at once: one batch shared (its list dealt out in turn),
    or a batch and list each."""
    desks = len(staff)
    start_at = time.time() + 3.0  # every process started, imported and connected by then
    if isinstance(batch, int):
        shares = [(batch, listed[i::desks]) for i in range(desks)]
    else:
        shares = list(zip(batch, listed, strict=True))
    work = [
        DeskWork(url, i + 1, staff[i], batch_id, tuple(niks), pace, start_at)  # type: ignore[arg-type]
        for i, (batch_id, niks) in enumerate(shares)
    ]
    context = multiprocessing.get_context("spawn")
    with LockSampler(url) as sampler, context.Pool(desks) as pool:
        results = pool.map(run_desk, work)
    return results, sampler


def _ms(value: float) -> str:
    return f"{value * 1000:7.2f}"


def _spread(values: list[float]) -> str:
    return (
        f"median {_ms(statistics.median(values))} ms  p99 {_ms(on_postgres.p99(values))}"
        f"  max {_ms(max(values))} ms"
    )


def report(
    title: str, results: list[DeskResult], sampler: LockSampler, solo: DeskResult | None
) -> None:
    """Each desk's scans; with `solo` (one desk alone, same pace), what the others cost them."""
    scans = [s for r in results for s in r.scans]
    locking = [s for r in results for s in r.locking]
    wall = max(r.wall for r in results)
    print(f"{title}: {len(scans)} scans in {wall:.1f} s ({len(scans) / wall:.0f} scans/s)")
    if len(results) > 1:
        for r in results:
            print(f"  desk {r.desk}: scan {_spread(r.scans)}")
    print(f"  every scan:                 {_spread(scans)}")
    print(f"  in its FOR UPDATE statements: {_spread(locking)}")
    if solo is not None:
        alone = statistics.median(solo.locking)
        waits = [max(0.0, s - alone) for s in locking]
        scan_alone = statistics.median(solo.scans)
        print(
            f"  waited on another desk (beyond one desk's {_ms(alone).strip()} ms):"
            f" {_spread(waits)}"
        )
        longer = sum(1 for w in waits if w > scan_alone)
        print(
            f"  scans that waited longer than one desk's median scan"
            f" ({_ms(scan_alone).strip()} ms): {longer} of {len(waits)};"
            f" longest wait {max(waits) / scan_alone:.1f} such scans;"
            f" scan median {statistics.median(scans) / scan_alone:.2f} x one desk's"
        )
    waited = sum(sampler.waiting.values())
    print(
        f"  pg_stat_activity every 10 ms: a desk waiting on a lock in {waited} of"
        f" {sampler.samples} samples (about {waited * 10 / max(1, len(scans)):.2f} ms per scan)"
    )
    for what, count in sampler.waiting.most_common(3):
        print(f"    {count:5d} x {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", required=True)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--desks", type=int, default=3)
    parser.add_argument("--scans", type=int, default=150, help="per desk, at scanner pace")
    parser.add_argument("--pace", type=float, nargs=2, default=(0.3, 0.5), metavar=("MIN", "MAX"))
    parser.add_argument("--flat-out", type=int, default=300, help="scans per desk, no pause")
    args = parser.parse_args()
    url, desks = args.postgres, args.desks
    pace = (args.pace[0], args.pace[1])
    runs = [args.scans, args.scans * desks, *[args.scans] * desks]
    runs += [args.flat_out, args.flat_out * desks]
    staff, batch_ids, lists = set_up(url, args.cards, desks, runs)
    print(f"an office of {args.cards:,} cards on {url.rsplit('@', 1)[-1]}")
    paced = f"one scan every {pace[0]}-{pace[1]} s"
    solo, sampler = run_at_once(url, staff[:1], batch_ids[0], lists[0], pace)
    report(f"one desk alone, {paced}", solo, sampler, None)
    together, sampler = run_at_once(url, staff, batch_ids[1], lists[1], pace)
    report(f"{desks} desks at once, one batch, each {paced}", together, sampler, solo[0])
    apart = batch_ids[2 : 2 + desks], lists[2 : 2 + desks]
    own, sampler = run_at_once(url, staff, apart[0], apart[1], pace)
    report(f"{desks} desks at once, a batch each, each {paced}", own, sampler, solo[0])
    solo_fast, sampler = run_at_once(url, staff[:1], batch_ids[-2], lists[-2], None)
    report("one desk alone, flat out", solo_fast, sampler, None)
    fast, sampler = run_at_once(url, staff, batch_ids[-1], lists[-1], None)
    report(f"{desks} desks at once, one batch, flat out", fast, sampler, solo_fast[0])


if __name__ == "__main__":
    main()
