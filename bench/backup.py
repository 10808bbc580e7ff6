"""A backup of a large office against a bare file copy of the same database, and the audit
chain verified over as many rows.

    .venv/bin/python bench/backup.py --cards 1000000 --handovers 100000 --audit 1000000

The office is written in bulk (SQL, not use cases): cards in stock or handed over, handovers,
and an audit trail chained and sealed exactly as the program writes it (core/audit_chain.py).
The floor, measured in the same run on the same disk: `shutil.copyfile` of the database file
and an fsync, the least any copy can cost. A backup does more: SQLite's online backup, the
papers added, fsync, then the copy opened read-only and checked (quick_check of every page,
row counts, the chain's head), then renamed. The chain's floor: every audit row read with
sqlite3 and its text hashed with SHA-256, nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from loket.core.audit_chain import GENESIS, handover_seal, link_hash
from loket.core.audit_verify import verify_chain
from loket.core.backup.taking import take_backup
from loket.datadir import DataDir
from loket.db.open import open_database

START = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def _fill(data: DataDir, cards: int, handovers: int, audit_rows: int) -> None:
    open_database(data).dispose()
    live = sqlite3.connect(data.database)
    live.execute("PRAGMA journal_mode = WAL")
    live.execute(
        "INSERT INTO staff (id, username, full_name, nip, role, password_hash, active, "
        "failed_logins, created_at) VALUES (1, 'dewi', 'Dewi Lestari', '', 'OPERATOR', 'x', 1, "
        "0, '2026-01-01 00:00:00.000000')"
    )
    live.execute(
        "INSERT INTO batch (id, reference, letter_date, courier_name, has_manifest, "
        "manifest_filename, status, opened_at, opened_by_id) VALUES (1, '470/1/I/2026', "
        "'2026-01-05', '', 1, '', 'CLOSED', '2026-01-05 01:00:00.000000', 1)"
    )
    stamp = START.strftime(_SQLITE_TIME)
    live.executemany(
        "INSERT INTO card (id, nik, name, name_key, rt, rw, address, batch_id, state, "
        "on_manifest, received_at, created_at, created_by_id) VALUES (?, ?, ?, ?, '003', '005', "
        "'Rusunawa Kaligawe Blok A', 1, ?, 1, ?, ?, 1)",
        (
            (
                n,
                f"3374{n:012d}",
                f"WARGA NOMOR {n}",
                f" warga nomor {n} ",
                "HANDED_OVER" if n <= handovers else "IN_STOCK",
                stamp,
                stamp,
            )
            for n in range(1, cards + 1)
        ),
    )
    rows = []
    for n in range(1, handovers + 1):
        at = START + dt.timedelta(seconds=30 * n)
        rows.append(
            {
                "id": n,
                "card_id": n,
                "receipt_number": f"3374041002-2026-{n:06d}",
                "year": 2026,
                "sequence": n,
                "relation": "OWNER",
                "collector_name": f"WARGA NOMOR {n}",
                "collector_nik": f"3374{n:012d}",
                "collector_phone": "",
                "documents": "RECORDING_SLIP",
                "old_card": "SURRENDERED",
                "police_letter_number": "",
                "signature": None,
                "handed_over_at": at,
                "officer_id": 1,
                "voided": False,
                "voided_at": None,
                "voided_by_id": None,
                "void_recorded_by_id": None,
                "void_reason": "",
            }
        )
    names = list(rows[0]) if rows else []
    live.executemany(  # by name: columns added since (the desk's, migration 0007) take defaults
        f"INSERT INTO handover ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})",
        ({**r, "handed_over_at": r["handed_over_at"].strftime(_SQLITE_TIME)} for r in rows),
    )
    seals = {n: handover_seal(r) for n, r in enumerate(rows, start=1)}
    head = GENESIS
    batch = []
    for n in range(1, audit_rows + 1):
        at = START + dt.timedelta(seconds=3 * n)
        handover = n // 10 if n % 10 == 0 and n // 10 <= handovers else None
        seal = seals[handover] if handover else None
        action = "handover.confirm" if handover else "card.received"
        detail = f'{{"handover_id": {handover}}}' if handover else f'{{"nik": "3374{n:012d}"}}'
        own = link_hash(n, head, at, 1, action, "card", n, detail, seal)
        batch.append((n, at.strftime(_SQLITE_TIME), action, n, detail, n, head, own, seal))
        head = own
        if len(batch) == 50_000:
            _audit(live, batch)
    _audit(live, batch)
    live.execute(
        "UPDATE audit_chain SET length = ?, head_hash = ? WHERE id = 1", (audit_rows, head)
    )
    live.commit()
    live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.close()


def _audit(live: sqlite3.Connection, batch: list[tuple[object, ...]]) -> None:
    live.executemany(
        "INSERT INTO audit_log (id, at, staff_id, action, entity, entity_id, detail, chain_seq, "
        "prev_hash, row_hash, seal) VALUES (?, ?, 1, ?, 'card', ?, ?, ?, ?, ?, ?)",
        batch,
    )
    batch.clear()


def _file_copy(source: Path, folder: Path) -> float:
    target = folder / "salinan-berkas.sqlite3"
    started = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    took = time.perf_counter() - started
    target.unlink()
    return took


def _hash_every_row(database: Path) -> float:
    """The floor of a walk: each audit row read with sqlite3 and its text hashed, nothing more."""
    started = time.perf_counter()
    with sqlite3.connect(database) as raw:
        for row in raw.execute("SELECT * FROM audit_log ORDER BY id"):
            hashlib.sha256(repr(row).encode()).hexdigest()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--handovers", type=int, default=100_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-backup-") as folder:
        data = DataDir(Path(folder) / "data")
        started = time.perf_counter()
        _fill(data, args.cards, args.handovers, args.audit)
        print(f"office written in {time.perf_counter() - started:.0f} s")
        database = open_database(data)
        size = data.database.stat().st_size
        floors, backups, copy_size = [], [], 0
        for _round in range(args.rounds):
            floors.append(_file_copy(data.database, data.root))
            started = time.perf_counter()
            result = take_backup(database, data)
            backups.append(time.perf_counter() - started)
            copy_size = result.path.stat().st_size
            result.path.unlink()
        started = time.perf_counter()
        report = verify_chain(database)
        chain = time.perf_counter() - started
        database.dispose()
        assert report.intact, report.problems
        chain_floor = _hash_every_row(data.database)
    floor, backup = min(floors), min(backups)
    print(f"database {size / 1e6:.0f} MB, backup file {copy_size / 1e6:.0f} MB")
    print(f"bare file copy + fsync: best {floor:.2f} s of {args.rounds}")
    print(f"loket backup (copy, check, rename): best {backup:.2f} s ({backup / floor:.1f}x)")
    print(
        f"audit chain verified: {report.rows:,} rows in {chain:.1f} s; bare SHA-256 of every "
        f"row read with sqlite3: {chain_floor:.1f} s ({chain / chain_floor:.1f}x)"
    )


if __name__ == "__main__":
    main()
