"""Pulling the plug at random moments of intake and handover, 100 times over, on one data folder.

Each run starts the desk where the last one was cut off, does some work (a scanner burst, or a
handover confirmed with Ctrl+Enter), and is killed with SIGKILL at a random moment: while the
burst is typed or its scans are still queued, during a handover's confirm, or just as the
receipt PDF is being written. After every kill the data folder is audited (see `audit`).

40 runs drive the real program (`loket --data-dir`) on Xvfb with xdotool; the other 60 use
tests/e2e/crash_driver.py, a process without a window that calls the very use cases the desk's
worker thread calls (receive_scan; confirm_and_save_slip), in the same order, and logs each
answer as the window does. Why: a run through the window costs 3.5 s here (2.2 s of it the
program's start: Python, Qt, the login), so 100 of them take about 6 minutes on 2 cores, over
the 5-minute budget; a driver run costs 1 s. The split measured 214 s in all. The kills in the
driver land in the same transactions and PDF writes; only the window's own part (scanner keys,
the queue of scans, the answer shown) is covered by the window runs alone.

LOKET_CRASH_SEED replays a run (the seed is printed and named in every failure);
LOKET_CRASH_RUNS and LOKET_CRASH_WINDOW_RUNS change how many runs there are and how many of
them go through the window.
"""

from __future__ import annotations

import collections
import os
import random
import select
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.desk import Desk, VirtualScreen
from tests.e2e.records import (
    OPERATOR,
    acknowledged,
    database,
    kaligawe_cards,
    set_up_office,
    unreadable_pdf,
    wait_until,
    write_manifest,
)

REPO = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("LOKET_CRASH_RUNS", "100"))
WINDOW_RUNS = min(RUNS, int(os.environ.get("LOKET_CRASH_WINDOW_RUNS", "40")))
REFERENCE = "470/121/Kec.Gys/XI/2026"
MANIFEST_CARDS = 1500
NO_PRINTER = {"CUPS_SERVER": "/nonexistent/cups.sock"}  # this desk has no printer attached
SCANNER_MS_PER_CHAR = 2.4  # xdotool at --delay 2, measured
DRIVER_MS_PER_SCAN = 15  # receive_scan with its commit (synchronous=FULL), measured


@dataclass
class Floor:
    """The desk's cards as the operator knows them across crashes."""

    rng: random.Random
    fresh: collections.deque[str]  # on the list, never scanned yet
    carry: list[str] = field(default_factory=list)  # scanned but not answered: scanned again
    answers_before: int = 0  # answers logged before the run
    checked_pdfs: dict[Path, tuple[float, int]] = field(default_factory=dict)
    seen: collections.Counter[str] = field(default_factory=collections.Counter)

    def next_burst(self) -> list[str]:
        """What was cut off, then the next cards from the box; now and then a double read."""
        burst = self.carry + [
            self.fresh.popleft() for _ in range(min(self.rng.randint(3, 25), len(self.fresh)))
        ]
        if burst and self.rng.random() < 0.3:
            at = self.rng.randrange(len(burst))
            burst.insert(at, burst[at])
        self.carry = burst
        return burst


def _in_stock(data: Path) -> list[str]:
    with database(data) as db:
        return [nik for (nik,) in db.execute("SELECT nik FROM card WHERE state = 'IN_STOCK'")]


def _receipt_temps(data: Path) -> set[str]:
    folder = data / "documents" / "receipts"
    if not folder.is_dir():
        return set()
    with os.scandir(folder) as entries:
        return {entry.name for entry in entries if entry.name.endswith(".tmp")}


def _kill_when_receipt_is_written(
    kill: Callable[[], None], alive: Callable[[], bool], data: Path, floor: Floor, timeout: float
) -> str:
    """Pulls the plug a moment after a receipt's temporary file appears (or at the timeout)."""
    left = _receipt_temps(data)  # by earlier kills
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        if _receipt_temps(data) - left:
            time.sleep(floor.rng.uniform(0, 0.03))
            kill()
            return "mid-receipt"
        time.sleep(0.001)
    kill()
    return "receipt-timeout"


# ---------------------------------------------------------------- runs through the window


def _pull_plug(desk: Desk) -> None:
    """kill -9, after checking the program had not already stopped by itself."""
    assert desk.process is not None
    if desk.process.poll() is not None:
        desk.check_alive()  # raises, saying how it stopped and what it printed
    desk.kill()


def _window_run(screen: VirtualScreen, data: Path, floor: Floor, kind: str) -> str:
    desk = Desk(screen, data, env=NO_PRINTER)
    desk.start()
    typing: subprocess.Popen[str] | None = None
    try:
        desk.log_in(OPERATOR[0], OPERATOR[1], delay_ms=15)
        desk.wait_for_window("Kelurahan Kaligawe")
        if kind == "intake":
            burst = floor.next_burst()
            typing = desk.start_scanning(burst)
            length = sum(len(code) + 1 for code in burst) * SCANNER_MS_PER_CHAR / 1000
            time.sleep(floor.rng.uniform(0, length * 1.5))
            _pull_plug(desk)
            return "intake"
        stock = _in_stock(data)
        if not stock:
            _pull_plug(desk)
            return "no-stock"
        desk.key("F3")
        desk.scan([floor.rng.choice(stock)])
        time.sleep(0.8)  # the answer and the form on screen
        desk.key("alt+b")
        desk.key("ctrl+Return")
        if kind == "confirm":
            time.sleep(floor.rng.uniform(0, 0.6))
            _pull_plug(desk)
            return "confirm"

        def alive() -> bool:
            return desk.process is not None and desk.process.poll() is None

        return _kill_when_receipt_is_written(lambda: _pull_plug(desk), alive, data, floor, 3.0)
    finally:
        desk.kill()
        floor.seen["X server refused a start"] += desk.refused_starts
        if typing is not None and typing.poll() is None:
            typing.kill()  # the keys left go nowhere: the window is gone
        if typing is not None:
            typing.wait(timeout=10)


# ---------------------------------------------------------------- runs of the headless driver


def _driver(data: Path, *args: str, stdin: str = "") -> subprocess.Popen[str]:
    with (data.parent / "driver-errors.log").open("a") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.crash_driver", str(data), *args],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(stdin)
    process.stdin.close()
    ready, _w, _x = select.select([process.stdout], [], [], 60)
    assert ready and process.stdout.readline().strip() == "ready"
    return process


def _driver_run(data: Path, floor: Floor, kind: str) -> str:
    if kind == "intake":
        burst = floor.next_burst()
        process = _driver(data, "intake", stdin="".join(f"{code}\n" for code in burst))
        time.sleep(floor.rng.uniform(0, len(burst) * DRIVER_MS_PER_SCAN / 1000 * 1.5))
        _stop_driver(process)
        return "intake"
    stock = _in_stock(data)
    if not stock:
        return "no-stock"
    process = _driver(data, "handover", floor.rng.choice(stock))

    if kind == "confirm":
        time.sleep(floor.rng.uniform(0, 0.4))
        _stop_driver(process)
        return "confirm"
    return _kill_when_receipt_is_written(
        lambda: _stop_driver(process), lambda: process.poll() is None, data, floor, 3.0
    )


def _stop_driver(process: subprocess.Popen[str]) -> None:
    """kill -9, unless the work was all done (exit 0); a driver that failed fails the test."""
    code = process.poll()
    assert code in (None, 0), f"the driver failed ({code}); see driver-errors.log"
    process.kill()
    process.wait(timeout=10)
    assert process.stdout is not None
    process.stdout.close()


# ---------------------------------------------------------------- the audit after every kill


def audit(data: Path, floor: Floor, seed: int, run: int) -> None:
    """What must hold however the program was stopped."""
    where = f"run {run}, LOKET_CRASH_SEED={seed}"
    with database(data, read_only=False) as db:  # opening it recovers the WAL, as a start does
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
        assert db.execute("PRAGMA foreign_key_check").fetchall() == [], where
        cards = {
            nik: (card_id, state, received_at)
            for card_id, nik, state, received_at in db.execute(
                "SELECT id, nik, state, received_at FROM card"
            )
        }
        received_scans = collections.Counter(
            card_id
            for (card_id,) in db.execute("SELECT card_id FROM scan WHERE outcome = 'RECEIVED'")
        )
        batches = db.execute("SELECT id, reference, status FROM batch").fetchall()
        scan_batches = {b for (b,) in db.execute("SELECT DISTINCT batch_id FROM scan")}
        handovers = db.execute(
            "SELECT id, card_id, receipt_number, sequence, voided FROM handover"
        ).fetchall()
        confirm_audits = {  # the card's id
            entity_id
            for (entity_id,) in db.execute(
                "SELECT entity_id FROM audit_log WHERE action = 'handover.confirm'"
            )
        }
        counter = db.execute("SELECT value FROM counter WHERE series = 'receipt'").fetchall()
        documents = db.execute("SELECT kind, number, relative_path FROM document").fetchall()

    # The same batch, still open, and every scan went into it.
    ((batch_id, reference, status),) = batches
    assert (reference, status) == (REFERENCE, "OPEN"), where
    assert scan_batches <= {batch_id}, where

    # Every scan the desk answered "received" is on disk, exactly once, with its card.
    said = acknowledged(data)
    held = {"IN_STOCK", "HANDED_OVER"}
    lost = [nik for nik in said.scanned("received") if cards[nik][1] not in held]
    assert not lost, f"acknowledged scans lost: {lost} ({where})"
    by_id = {card_id: (nik, state, at) for nik, (card_id, state, at) in cards.items()}
    for card_id, (nik, state, at) in by_id.items():
        once = received_scans[card_id] == 1 and at is not None
        assert once == (state in held), f"card {nik} {state}: half-written intake ({where})"
    answered = {nik for _kind, nik in said.scans[floor.answers_before :]}
    floor.carry = list(dict.fromkeys(nik for nik in floor.carry if nik not in answered))
    floor.answers_before = len(said.scans)

    # Handovers: one live handover per card at most, the card's state saying the same; numbers
    # without gaps (a cut-off confirm takes its number back); each with its audit row.
    live = collections.Counter(card_id for _h, card_id, _r, _s, voided in handovers if not voided)
    assert all(n == 1 for n in live.values()), f"a card handed over twice ({where})"
    handed = {card_id for card_id, (_n, state, _a) in by_id.items() if state == "HANDED_OVER"}
    assert handed == set(live), f"card state and handovers disagree ({where})"
    numbers = sorted(s for _h, _c, _r, s, _v in handovers)
    assert numbers == list(range(1, len(handovers) + 1)), f"receipt numbers {numbers} ({where})"
    assert counter == ([(len(handovers),)] if handovers else []), where
    assert {c for _h, c, *_rest in handovers} <= confirm_audits, f"handover without audit ({where})"
    receipts = {receipt: card_id for _h, card_id, receipt, _s, _v in handovers}
    slips = {number for kind, number, _p in documents if kind == "receipts"}
    for card_id, receipt in said.handovers:
        assert receipts.get(receipt) == card_id, f"handover {receipt} lost ({where})"
        assert receipt in slips, f"acknowledged handover {receipt} without its slip ({where})"

    # Papers: every one the register lists is there and whole; no PDF anywhere is half-written;
    # temporary files (a write cut off) are never registered and never end in .pdf.
    folder = data / "documents"
    registered = {(data / path).resolve() for _k, _n, path in documents}
    pdfs = {pdf.resolve() for pdf in folder.rglob("*.pdf")}
    assert registered <= pdfs, f"registered papers missing: {registered - pdfs} ({where})"
    for pdf in pdfs:
        stamp = (pdf.stat().st_mtime, pdf.stat().st_size)
        if floor.checked_pdfs.get(pdf) != stamp:  # each version of a file is read once
            problem = unreadable_pdf(pdf)
            assert problem == "", f"half-written {pdf.name}: {problem} ({where})"
            floor.checked_pdfs[pdf] = stamp
    for temp in folder.rglob("*.tmp"):
        assert temp.name.startswith(".") and temp.resolve() not in registered, where
    # How far the kills got, for the summary: work on disk that the desk never confirmed.
    floor.seen["temp files left"] = len(list(folder.rglob("*.tmp")))
    floor.seen["handovers on disk, not confirmed on screen"] = len(handovers) - len(said.handovers)
    floor.seen["of them without a slip yet"] = len(receipts.keys() - slips)
    floor.seen["cards received, not confirmed on screen"] = len(
        {nik for nik, (_i, state, _a) in cards.items() if state in held}
        - set(said.scanned("received"))
    )


def test_pulling_the_plug_100_times(screen: VirtualScreen, tmp_path: Path) -> None:
    seed = int(os.environ.get("LOKET_CRASH_SEED") or random.SystemRandom().randrange(1, 10**6))
    print(f"LOKET_CRASH_SEED={seed}  runs={RUNS} (window {WINDOW_RUNS})")
    rng = random.Random(seed)
    cards = kaligawe_cards(MANIFEST_CARDS, seed=seed)
    data = tmp_path / "data"
    set_up_office(data, write_manifest(tmp_path / "daftar.csv", cards), REFERENCE, "2026-11-25")
    floor = Floor(rng, collections.deque(card.nik for card in cards))

    # Intake twice as often as handover; a third of the handovers cut during the receipt write.
    kinds = ["intake", "intake", "intake", "intake", "confirm", "receipt"]
    plan = [("window", rng.choice(kinds)) for _ in range(WINDOW_RUNS)]
    plan += [("driver", rng.choice(kinds)) for _ in range(RUNS - WINDOW_RUNS)]
    rng.shuffle(plan)
    plan[0] = (plan[0][0], "intake")  # cards in stock before the first handover

    timings: dict[str, list[float]] = collections.defaultdict(list)
    began = time.monotonic()
    for run, (how, kind) in enumerate(plan, 1):
        started = time.monotonic()
        if how == "window":
            outcome = _window_run(screen, data, floor, kind)
        else:
            outcome = _driver_run(data, floor, kind)
        floor.seen[f"{how} {outcome}"] += 1
        timings[how].append(time.monotonic() - started)
        audited = time.monotonic()
        audit(data, floor, seed, run)
        timings["audit"].append(time.monotonic() - audited)

    # One more start, not cut off: the desk carries on with the same batch.
    desk = Desk(screen, data, env=NO_PRINTER)
    desk.start()
    try:
        desk.log_in(OPERATOR[0], OPERATOR[1])
        desk.wait_for_window("Kelurahan Kaligawe")
        before = len(acknowledged(data).scans)
        last = floor.carry + [floor.fresh.popleft() for _ in range(3)]
        desk.scan(last)
        wait_until(lambda: len(acknowledged(data).scans) == before + len(last), 60, "answers")
    finally:
        desk.stop()
    answers = acknowledged(data).scans[before:]
    assert [nik for _kind, nik in answers] == last
    assert {kind for kind, _nik in answers} <= {"received", "duplicate"}
    audit(data, floor, seed, len(plan) + 1)
    # Slips cut off by a kill were written at that start (before the scans were answered).
    assert floor.seen["of them without a slip yet"] == 0, dict(floor.seen)

    total = time.monotonic() - began
    means = {how: f"{sum(t) / len(t):.2f}s x {len(t)}" for how, t in timings.items()}
    print(f"{len(plan)} kills in {total:.0f}s; per run {means}; {dict(floor.seen)}")
