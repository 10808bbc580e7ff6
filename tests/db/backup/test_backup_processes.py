"""The command line and other processes: a backup while a desk scans, a backup killed with
kill -9, a restore refused without --yes off a terminal, `loket audit verify` after sqlite3."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loket.core.backup.checking import verify_backup
from loket.core.backup.container import copies_in, leftover_temporaries
from loket.core.backup.taking import take_backup
from loket.core.intake import batches
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database

pytestmark = pytest.mark.sqlite_only
REPO = Path(__file__).resolve().parents[3]
BULK_CARDS = 150_000


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join((str(REPO / "desktop"), str(REPO)))}


def loket(data: DataDir, *args: str, stdin: int | None = subprocess.DEVNULL) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "loket", "--data-dir", str(data.root), *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def big_office(
    database: Database, data_dir: DataDir, kaligawe: OfficeInfo, operator: StaffMember
) -> int:
    """An office with many cards already handed over (written in bulk), and an open batch to
    scan into: its id."""
    batch = batches.open_batch(
        database, operator, "470/201/XII/2026", dt.date(2026, 12, 1), "", None
    )
    with sqlite3.connect(data_dir.database) as live:
        live.executemany(
            "INSERT INTO card (nik, name, name_key, rt, rw, address, batch_id, state, "
            "on_manifest, created_at, created_by_id) VALUES (?, 'WARGA KALIGAWE', "
            "' warga kaligawe ', '001', '005', 'Jl. Kaligawe Raya', ?, 'RETURNED', 0, "
            "'2026-01-05 02:00:00.000000', ?)",
            ((f"99{n:014d}", batch.id, operator.id) for n in range(BULK_CARDS)),
        )
    return batch.id


def test_backups_taken_while_a_second_process_scans_all_verify_and_no_scan_is_lost(
    database: Database, data_dir: DataDir, big_office: int
) -> None:
    scans, interval = 40, 0.1
    scanner = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.scan_process",
            str(data_dir.root),
            str(big_office),
            str(scans),
            str(interval),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
        cwd=REPO,
    )
    copies = []
    while scanner.poll() is None:
        copies.append(take_backup(database, data_dir).path)
    output, _ = scanner.communicate()
    assert scanner.returncode == 0
    took = json.loads(output)
    assert len(copies) >= 2
    for copy in copies:
        check = verify_backup(copy)
        assert check.good, check.reason
    # A scan waited for no copy: each took less than the pause before the next card (the
    # process's first scan also pays for its first statements and imports: not counted).
    assert len(took) == scans and max(took[1:]) < interval * 5, took
    with database.engine.connect() as connection:
        received = connection.exec_driver_sql(
            "SELECT COUNT(*) FROM card WHERE batch_id = ? AND state = 'IN_STOCK'", (big_office,)
        ).scalar_one()
    assert received == scans
    assert verify_backup(take_backup(database, data_dir).path).cards == BULK_CARDS + scans


def test_a_backup_killed_midway_leaves_the_previous_copy_good_and_no_half_copy_as_good(
    database: Database, data_dir: DataDir, big_office: int
) -> None:
    database.dispose()

    def start_backup() -> subprocess.Popen[bytes]:
        """`loket backup` in a process of its own; returns once its copy is being written."""
        earlier = set(leftover_temporaries(data_dir.backups))  # from the kill before
        backup = subprocess.Popen(
            [sys.executable, "-m", "loket", "--data-dir", str(data_dir.root), "backup"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
        deadline = time.monotonic() + 120
        while backup.poll() is None and not set(leftover_temporaries(data_dir.backups)) - earlier:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        return backup

    code, out = loket(data_dir, "backup")
    assert code == 0, out
    first = Path(out.strip().splitlines()[-1])
    size = first.stat().st_size
    killed_midway = 0
    # Killed as its copy appears, once half of it is written, and once nearly all of it is
    # (it is being finished and checked then): by the copy's own progress, however fast or
    # loaded the machine is.
    for share in (0.0, 0.5, 0.95):
        earlier = set(leftover_temporaries(data_dir.backups))
        backup = start_backup()
        deadline = time.monotonic() + 120
        while backup.poll() is None and _written(data_dir, earlier) < share * size:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        backup.send_signal(signal.SIGKILL)
        backup.wait()
        killed_midway += bool(set(leftover_temporaries(data_dir.backups)) - earlier)
        kept = copies_in(data_dir.backups)
        # The previous good copy stays, unless the new one was checked and in place before the
        # kill: then it took the old one's place (rotation keeps the newest of the day).
        assert kept and (first in kept or kept[0].name > first.name), kept
        first = kept[0]
        for copy in kept:
            assert verify_backup(copy).good, copy
    assert killed_midway >= 2  # the copy was being written when it was killed
    code, out = loket(data_dir, "backup", "list")
    assert code == 0 and ".tmp" not in out and first.name in out
    code, out = loket(data_dir, "backup")
    assert code == 0, out
    assert leftover_temporaries(data_dir.backups) == []


def _written(data_dir: DataDir, earlier: set[Path]) -> int:
    """How much of the new copy is on disk yet (0 before its temporary file appears)."""
    sizes = []
    for temporary in set(leftover_temporaries(data_dir.backups)) - earlier:
        with contextlib.suppress(OSError):
            sizes.append(temporary.stat().st_size)
    return max(sizes, default=0)


def test_restore_off_a_terminal_is_refused_without_yes_and_changes_nothing(
    database: Database, data_dir: DataDir, big_office: int
) -> None:
    copy = take_backup(database, data_dir).path
    database.dispose()
    before = data_dir.database.read_bytes()
    code, out = loket(data_dir, "restore", str(copy))
    assert code == 1 and "--yes" in out
    assert data_dir.database.read_bytes() == before
    code, out = loket(data_dir, "restore", str(copy), "--yes")
    assert code == 0 and "Jejak audit utuh" in out, out


def test_audit_verify_names_the_row_changed_with_sqlite3(
    database: Database, data_dir: DataDir, big_office: int
) -> None:
    database.dispose()
    code, out = loket(data_dir, "audit", "verify")
    assert code == 0 and "Jejak audit utuh" in out, out
    with sqlite3.connect(data_dir.database) as live:
        target = live.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
        live.execute("UPDATE audit_log SET detail = '{}' WHERE id = ?", (target,))
    code, out = loket(data_dir, "audit", "verify")
    assert code == 1 and f"Baris audit nomor {target} diubah" in out, out


def test_a_backup_of_a_damaged_file_is_refused_and_the_old_copies_stay(
    database: Database, data_dir: DataDir, big_office: int
) -> None:
    good = take_backup(database, data_dir).path
    database.dispose()
    with open(data_dir.database, "r+b") as handle:
        handle.seek(8192)
        handle.write(b"\xff" * 4096 * 4)
    code, out = loket(data_dir, "backup")
    assert code != 0, out
    assert copies_in(data_dir.backups) == [good] and verify_backup(good).good
