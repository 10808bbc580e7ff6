"""A batch received through the real window: scanner bursts, a kill -9 mid-batch, a restart."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from loket.core.backup.checking import verify_backup
from loket.core.backup.container import copies_in
from tests.e2e.desk import Desk, VirtualScreen

REFERENCE = "470/112/XI/2026"


def loket(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loket", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def prepare_office(data_dir: Path, manifest: Path) -> None:
    """What IT staff do with the command line before the desk opens."""
    assert (
        loket(
            data_dir,
            "setup",
            "--kelurahan",
            "33.74.04.1002",
            "--lurah",
            "Drs. Bambang Sutrisno, M.Si.",
            "--lurah-nip",
            "196805121994031007",
        ).returncode
        == 0
    )
    added = loket(
        data_dir,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="admin-rahasia\n",
    )
    assert added.returncode == 0, added.stderr
    added = loket(
        data_dir,
        "user",
        "add",
        "dewi",
        "--role",
        "operator",
        "--name",
        "Dewi Lestari",
        "--password-stdin",
        stdin="dewi-rahasia\n",
    )
    assert added.returncode == 0, added.stderr
    imported = loket(
        data_dir,
        "batch",
        "import",
        str(manifest),
        "--reference",
        REFERENCE,
        "--date",
        "2026-11-25",
        "--courier",
        "Rahmat Hidayat",
    )
    assert imported.returncode == 0, imported.stderr


def received_niks(data_dir: Path) -> set[str]:
    with sqlite3.connect(f"file:{data_dir / 'loket.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT nik FROM card WHERE state = 'IN_STOCK'").fetchall()
    return {nik for (nik,) in rows}


def acknowledged_niks(data_dir: Path) -> list[str]:
    log = data_dir / "logs" / "loket.log"
    if not log.exists():
        return []
    niks = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if "scan acknowledged: received" in line:
            niks.append(line.rsplit(" ", 1)[-1])
    return niks


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def open_desk(screen: VirtualScreen, data_dir: Path) -> Desk:
    desk = Desk(screen, data_dir)
    desk.start()
    desk.log_in("dewi", "dewi-rahasia")
    desk.wait_for_window("Kelurahan Kaligawe")
    return desk


def test_batch_survives_kill_9_and_carries_on_after_restart(
    screen: VirtualScreen, tmp_path: Path, samples: Path
) -> None:
    manifest = samples / "manifest_kaligawe_clean.csv"
    with manifest.open(encoding="utf-8") as f:
        niks = [row["NIK"] for row in csv.DictReader(f)]
    data_dir = tmp_path / "data"
    prepare_office(data_dir, manifest)

    desk = open_desk(screen, data_dir)
    try:
        desk.scan(niks[:20])
        wait_until(lambda: len(received_niks(data_dir)) == 20)
        typing = threading.Thread(target=desk.scan, args=(niks[20:40],), daemon=True)
        typing.start()
        wait_until(lambda: len(received_niks(data_dir)) >= 25)
        desk.kill()
        typing.join(timeout=60)
    finally:
        desk.stop()

    on_disk = received_niks(data_dir)
    acknowledged = acknowledged_niks(data_dir)
    assert set(acknowledged) <= on_disk, "a scan shown as received was lost"
    assert len(on_disk) >= 25
    # The screen may be a scan or two behind the disk at the kill: never ahead of it.
    assert len(acknowledged) == len(set(acknowledged)) >= 20
    with sqlite3.connect(data_dir / "loket.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    desk = open_desk(screen, data_dir)
    try:
        missing = [nik for nik in niks if nik not in on_disk]
        desk.scan(missing)
        wait_until(lambda: len(received_niks(data_dir)) == 56)
        desk.screenshot(tmp_path / "intake-after-restart.png")
    finally:
        desk.stop()
    with sqlite3.connect(data_dir / "loket.sqlite3") as db:
        batches = db.execute("SELECT reference, status FROM batch").fetchall()
        assert batches == [(REFERENCE, "OPEN")]
        assert (
            db.execute("SELECT count(*) FROM scan WHERE outcome = 'RECEIVED'").fetchone()[0] == 56
        )


def test_noisy_scanner_stream_gets_one_answer_per_scan(
    screen: VirtualScreen, tmp_path: Path, samples: Path
) -> None:
    data_dir = tmp_path / "data"
    prepare_office(data_dir, samples / "manifest_kaligawe_clean.csv")
    lines = (samples / "scans_with_noise.txt").read_bytes().decode("ascii").split("\r\n")
    codes = [line for line in lines if line]
    desk = open_desk(screen, data_dir)
    try:
        desk.scan(codes)
        wait_until(lambda: _count_scans(data_dir) == len(codes))
        time.sleep(1)
        desk.screenshot(tmp_path / "noisy.png")
        # The day's first start took its checked copy, behind the desk, while it was scanned.
        (copy,) = copies_in(data_dir / "backups")
        assert verify_backup(copy).good
    finally:
        desk.stop()
    with sqlite3.connect(data_dir / "loket.sqlite3") as db:
        outcomes = dict(db.execute("SELECT outcome, count(*) FROM scan GROUP BY outcome"))
    # 20 listed cards, 7 double reads, 4 unreadable (short, letters, day 32, zeros), and the
    # NIK typed with spaces, which is not on this list. The empty line is no scan at all.
    assert outcomes == {"RECEIVED": 20, "DUPLICATE": 7, "UNREADABLE": 4, "EXTRA": 1}


def _count_scans(data_dir: Path) -> int:
    with sqlite3.connect(f"file:{data_dir / 'loket.sqlite3'}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM scan").fetchone()[0])
