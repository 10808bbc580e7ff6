"""Taking a copy: SQLite's online backup of the live database (a consistent snapshot while
the desk keeps scanning: in WAL mode a reader never stops a writer), the papers added, written
under a temporary name, checked read-only, and only then renamed to a backup's name."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from loket import __version__
from loket.core.backup.checking import BackupCheck, Depth, verify_backup
from loket.core.backup.container import (
    DOCUMENT_TABLE,
    FORMAT,
    META_TABLE,
    backup_name,
    chain_head_of,
    copies_in,
    count_rows,
    leftover_temporaries,
    only_for_this_account,
    sync_file,
    sync_folder,
    temporary_name,
)
from loket.core.backup.rotation import Retention, rotate
from loket.core.clock import utc_now
from loket.datadir import DataDir, describe_folder_problem
from loket.db.engine import Database
from loket.domain.errors import LoketError
from loket.i18n import _

log = logging.getLogger(__name__)


class BackupFailed(LoketError):
    """No copy was made (or it did not pass its check): the previous copies are untouched."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    check: BackupCheck  # of the copy in the main folder
    second_copy: Path | None  # the same copy in the second folder, when there is one
    warnings: tuple[str, ...]  # a second folder missing or full: said, not an error

    @property
    def path(self) -> Path:
        return self.check.path


def sqlite_file(database: Database) -> Path:
    url = database.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupFailed(
            _(
                "Basis data ini ada di server ({where}). Cadangan dari program ini baru untuk "
                "basis data di PC ini; minta admin server membuat cadangan basis data bersama."
            ).format(where=database.location)
        )
    return Path(url.database)


def take_backup(
    database: Database,
    data: DataDir,
    *,
    folder: Path | None = None,
    second_folder: Path | None = None,
    retention: Retention | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> BackupResult:
    """A checked copy in `folder` (the data folder's backups/ by default), the same copy in
    `second_folder` if given, then old copies rotated out of both (`retention`; None: none
    removed). BackupFailed when no good copy could be made; the old copies stay as they were."""
    source = sqlite_file(database)
    target = folder or data.backups
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(_cannot_write(target, error)) from error
    for leftover in leftover_temporaries(target):
        with contextlib.suppress(OSError):
            leftover.unlink()
    moment = utc_now()
    final = _free_name(target, moment)
    temporary = temporary_name(final)
    try:
        _write_copy(source, data, temporary, moment)
    except sqlite3.DatabaseError as error:
        _remove(temporary)
        raise BackupFailed(
            _("Basis data {path} tidak bisa disalin ({error}). Tidak ada cadangan dibuat.").format(
                path=source, error=error
            )
        ) from error
    except OSError as error:
        _remove(temporary)
        raise BackupFailed(_cannot_write(target, error)) from error
    check = verify_backup(temporary, Depth.PAGES)
    if not check.good:
        _remove(temporary)
        raise BackupFailed(
            _("Salinan tidak lolos pemeriksaan, jadi tidak dipakai: {reason}").format(
                reason=check.reason
            )
        )
    os.replace(temporary, final)
    sync_folder(target)
    check = dataclasses.replace(check, path=final)
    warnings: list[str] = []
    second = _copy_to_second(final, second_folder, warnings) if second_folder else None
    if retention is not None:
        rotate(target, retention, zone, final)
        if second is not None and second_folder is not None:
            rotate(second_folder, retention, zone, second)
    log.info("backup %s made (%s cards, chain %s)", final, check.cards, check.chain_length)
    return BackupResult(check, second, tuple(warnings))


def _free_name(folder: Path, moment: dt.datetime) -> Path:
    for attempt in range(100):
        final = folder / backup_name(moment, attempt)
        if not final.exists() and not temporary_name(final).exists():
            return final
    raise BackupFailed(_("Terlalu banyak cadangan dalam satu detik; coba lagi."))


def _write_copy(source: Path, data: DataDir, temporary: Path, moment: dt.datetime) -> None:
    if not source.is_file():
        raise sqlite3.DatabaseError(_("berkas basis data tidak ada"))
    live = sqlite3.connect(source, timeout=15)
    copy = sqlite3.connect(temporary, isolation_level=None)
    try:
        live.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode = DELETE")  # readable on a read-only disk
        copy.execute("BEGIN")
        copy.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        copy.execute(
            f"CREATE TABLE {DOCUMENT_TABLE} "
            "(path TEXT PRIMARY KEY, content BLOB NOT NULL, sha256 TEXT NOT NULL)"
        )
        documents = _add_documents(copy, data.root / "documents")
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        length, head = chain_head_of(copy)
        meta = {
            "format": FORMAT,
            "program_version": __version__,
            "schema_revision": revision[0] if revision else "",
            "taken_at": moment.isoformat(),
            "counts": json.dumps(count_rows(copy), sort_keys=True),
            "chain_length": str(length),
            "chain_head": head,
            "documents": str(documents),
        }
        copy.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)", meta.items())
        copy.execute("COMMIT")
    finally:
        copy.close()
        live.close()
    only_for_this_account(temporary)
    sync_file(temporary)


def _add_documents(copy: sqlite3.Connection, root: Path) -> int:
    count = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        copy.execute(
            f"INSERT INTO {DOCUMENT_TABLE} VALUES (?, ?, ?)",
            (path.relative_to(root).as_posix(), content, hashlib.sha256(content).hexdigest()),
        )
        count += 1
    return count


def _copy_to_second(final: Path, folder: Path, warnings: list[str]) -> Path | None:
    """The same file in the second folder (a USB disk, a network drive): a warning if missing."""
    if not folder.is_dir():
        warnings.append(
            _(
                "Folder cadangan kedua {folder} tidak ada (flashdisk atau drive jaringan tidak "
                "terpasang?). Cadangan hanya dibuat di {main}."
            ).format(folder=folder, main=final.parent)
        )
        return None
    second = folder / final.name
    temporary = temporary_name(second)
    try:
        shutil.copyfile(final, temporary)
        only_for_this_account(temporary)
        sync_file(temporary)
        check = verify_backup(temporary, Depth.PAGES)
        if not check.good:
            raise OSError(check.reason)
        os.replace(temporary, second)
        sync_folder(folder)
    except OSError as error:
        _remove(temporary)
        warnings.append(
            _("Cadangan tidak bisa disalin ke folder kedua {folder}: {reason}.").format(
                folder=folder, reason=describe_folder_problem(error)
            )
        )
        return None
    return second


def newest_copy(folder: Path) -> Path | None:
    copies = copies_in(folder)
    return copies[0] if copies else None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _cannot_write(folder: Path, error: OSError) -> str:
    return _(
        "Cadangan tidak bisa ditulis di {folder}: {reason}. Tidak ada cadangan dibuat; "
        "cadangan lama tetap ada."
    ).format(folder=folder, reason=describe_folder_problem(error))
