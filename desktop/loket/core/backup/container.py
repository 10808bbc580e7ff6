"""What a Loket backup is: one SQLite file, the office's database as it was, plus two tables of
its own: `loket_backup_meta` (what was copied, when, by which program, the counts and the
chain's head) and `loket_backup_document` (every paper under documents/, with its SHA-256).

A desk alone copies its own file and its documents/ folder. A desk on the shared server makes
the same file from the server: the schema made by this program's migrations, every table of
the office copied into it, and each paper the server keeps in `document_content` stored as a
desk alone stores its file (its path under documents/), with the id of its register row; a
path two desks' papers share is there once for each (the newest last, as a desk's folder
would hold it).

One file, so it can be carried on a USB disk and opened read-only to be checked, with no
unpacking. Only a file that passed its check gets a name `cadangan-*.sqlite3`; until then it
is `.cadangan-*.tmp`, and nothing ever reads a file by that name as a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

FORMAT = "loket-cadangan-1"
META_TABLE = "loket_backup_meta"
DOCUMENT_TABLE = "loket_backup_document"
OWN_TABLES = (META_TABLE, DOCUMENT_TABLE)
PREFIX = "cadangan-"
SUFFIX = ".sqlite3"
TEMPORARY_SUFFIX = ".tmp"
_NAME = re.compile(r"^cadangan-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
SQLITE_HEADER = b"SQLite format 3\x00"
#: The papers' table. `document_id`: the register row whose PDF it is (a server desk's copy);
#: NULL for a desk alone's file, which is known by its path.
DOCUMENT_COLUMNS = (
    "(path TEXT NOT NULL, content BLOB NOT NULL, sha256 TEXT NOT NULL, document_id INTEGER UNIQUE)"
)


def paper_path(relative_path: str, kind: str) -> str:
    """Where a registered paper is under documents/, as a backup names it: its own path when
    the data folder's documents/ holds it, else its name in its kind's folder (where
    `core.papers.content.local_path` puts a paper saved outside the data folder)."""
    posix, windows = PurePosixPath(relative_path), PureWindowsPath(relative_path)
    inside = not (posix.is_absolute() or windows.drive or windows.root or ".." in windows.parts)
    if inside and len(posix.parts) > 1 and posix.parts[0] == "documents":
        return PurePosixPath(*posix.parts[1:]).as_posix()
    return f"{kind}/{windows.name}"


def backup_name(moment: dt.datetime, attempt: int = 0) -> str:
    stamp = moment.astimezone(dt.UTC).strftime(_STAMP)
    return f"{PREFIX}{stamp}{f'-{attempt}' if attempt else ''}{SUFFIX}"


def taken_at(path: Path) -> dt.datetime | None:
    """When a copy was taken, read from its name; None for a file that is not one."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.match(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 0)


def copies_in(folder: Path) -> list[Path]:
    """The finished copies in a folder, newest first (never a temporary one)."""
    try:
        found = [p for p in folder.iterdir() if p.is_file() and taken_at(p) is not None]
    except OSError:
        return []
    return sorted(found, key=_order, reverse=True)


def temporary_name(final: Path) -> Path:
    return final.with_name(f".{final.name}{TEMPORARY_SUFFIX}")


def leftover_temporaries(folder: Path) -> list[Path]:
    """Copies a crash (or a kill) left half-written: never taken as good, removed next time."""
    try:
        return [
            p
            for p in folder.iterdir()
            if p.name.startswith(f".{PREFIX}") and p.name.endswith(TEMPORARY_SUFFIX)
        ]
    except OSError:
        return []


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """The copy opened so that nothing, not even a journal, can be written beside it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def only_for_this_account(path: Path) -> None:
    """Readable and writable by the account that runs the program only (POSIX permissions;
    on Windows the data folder's own permissions apply, see README)."""
    if os.name == "posix":
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def sync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """The rename itself on disk (POSIX; Windows has no handle on a folder to sync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def data_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows if name not in OWN_TABLES]


def count_rows(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
        for table in data_tables(connection)
    }


def chain_head_of(connection: sqlite3.Connection) -> tuple[int, str]:
    """(length, hash) of the copy's audit chain, as its newest audit row carries it."""
    row = connection.execute(
        "SELECT chain_seq, row_hash FROM audit_log WHERE row_hash IS NOT NULL "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return (0, "") if row is None else (int(row[0]), str(row[1]))
