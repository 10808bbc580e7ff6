"""Taking a copy: SQLite's online backup of the live database (a consistent snapshot while
the desk keeps scanning: in WAL mode a reader never stops a writer), the papers added, written
under a temporary name, checked read-only, and only then renamed to a backup's name.

On a desk of the shared server the copy is the same kind of file, made from the server: every
table read in one REPEATABLE READ transaction (one moment, while the desks keep scanning) and
written into a new SQLite file by the same code that moves an office to a server
(core/database/copying.py); no pg_dump needed on the desk."""

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

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError

from loket import __version__
from loket.core.backup.checking import BackupCheck, Depth, verify_backup
from loket.core.backup.container import (
    DOCUMENT_COLUMNS,
    DOCUMENT_TABLE,
    FORMAT,
    META_TABLE,
    backup_name,
    chain_head_of,
    copies_in,
    count_rows,
    leftover_temporaries,
    only_for_this_account,
    paper_path,
    sync_file,
    sync_folder,
    temporary_name,
)
from loket.core.backup.rotation import Retention, rotate
from loket.core.clock import utc_now
from loket.core.database import copying
from loket.datadir import DataDir, describe_folder_problem
from loket.db.engine import Database, make_engine
from loket.db.models import Document, DocumentContent
from loket.domain.errors import LoketError
from loket.i18n import _

log = logging.getLogger(__name__)

#: Papers read from the server at a time (a slip is ~40 KB).
_PAPERS_AT_ONCE = 100


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
    removed). BackupFailed when no good copy could be made; the old copies stay as they were.

    Of a desk alone, its file and its papers; of a desk on the shared server, the whole
    office as the server holds it at one moment (`_copy_from_server`)."""
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
        _write_copy(database, data, temporary, moment)
    except (sqlite3.DatabaseError, DBAPIError) as error:
        _remove(temporary)
        raise BackupFailed(
            _("Basis data {path} tidak bisa disalin ({error}). Tidak ada cadangan dibuat.").format(
                path=database.location, error=getattr(error, "orig", None) or error
            )
        ) from error
    except (copying.CopyDiffers, copying.UnknownTables) as error:
        _remove(temporary)
        raise BackupFailed(
            _(
                "Salinan dari server tidak sama dengan isi server ({what}), jadi tidak dipakai. "
                "Tidak ada cadangan dibuat; coba lagi, dan hubungi admin bila terulang."
            ).format(what=error)
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


def _write_copy(database: Database, data: DataDir, temporary: Path, moment: dt.datetime) -> None:
    if database.on_server:
        documents = _copy_from_server(database, temporary)
    else:
        documents = _copy_file(database, data, temporary)
    copy = sqlite3.connect(temporary, isolation_level=None)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")  # readable on a read-only disk
        copy.execute("BEGIN")
        copy.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
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
    only_for_this_account(temporary)
    sync_file(temporary)


def _copy_file(database: Database, data: DataDir, temporary: Path) -> int:
    """SQLite's online backup of the desk's file, its documents/ folder added: the papers."""
    url = database.engine.url
    source = Path(url.database or "")
    if not url.database or not source.is_file():
        raise sqlite3.DatabaseError(_("berkas basis data tidak ada"))
    live = sqlite3.connect(source, timeout=15)
    copy = sqlite3.connect(temporary, isolation_level=None)
    try:
        live.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("BEGIN")
        copy.execute(f"CREATE TABLE {DOCUMENT_TABLE} {DOCUMENT_COLUMNS}")
        documents = _add_documents(copy, data.root / "documents")
        copy.execute("COMMIT")
    finally:
        copy.close()
        live.close()
    return documents


def _copy_from_server(database: Database, temporary: Path) -> int:
    """The office on the server copied into a new SQLite file with this program's schema, in
    one REPEATABLE READ transaction there: one moment of the office, while the desks go on
    writing (a reader never waits for a writer, nor a writer for it). The papers the server
    keeps are stored as a desk alone's files are. Returns how many."""
    target = make_engine(f"sqlite:///{temporary}")
    try:
        with (
            database.engine.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            ) as server,
            server.begin(),
            target.begin() as writing,
        ):
            # A long copy of a large office: the desk's limit on one statement does not apply.
            server.exec_driver_sql("SET LOCAL statement_timeout = 0")
            copied = copying.copy_tables(server, writing, skip=frozenset({copying.PAPERS}))
            writing.exec_driver_sql(f"CREATE TABLE {DOCUMENT_TABLE} {DOCUMENT_COLUMNS}")
            documents = _add_server_papers(server, writing)
            copying.compare(server, writing, copied, {})
            kept = server.execute(select(func.count()).select_from(DocumentContent)).scalar_one()
            if documents != kept:
                raise copying.CopyDiffers(copying.PAPERS, f"{kept} / {documents}")
    finally:
        target.dispose()
    return documents


def _add_server_papers(server: Connection, writing: Connection) -> int:
    """Each paper the server keeps, under its path in documents/, in id order (so that of two
    papers at one path the newer is written last, as it is in a desk's folder)."""
    papers = (
        select(Document.id, Document.kind, Document.relative_path, DocumentContent.content)
        .join(DocumentContent, DocumentContent.document_id == Document.id)
        .order_by(Document.id)
    )
    count = 0
    for chunk in server.execution_options(yield_per=_PAPERS_AT_ONCE).execute(papers).partitions():
        writing.exec_driver_sql(
            f"INSERT INTO {DOCUMENT_TABLE} (path, content, sha256, document_id) "
            "VALUES (?, ?, ?, ?)",
            [
                (
                    paper_path(row.relative_path, row.kind),
                    bytes(row.content),
                    hashlib.sha256(row.content).hexdigest(),
                    row.id,
                )
                for row in chunk
            ],
        )
        count += len(chunk)
    return count


def _add_documents(copy: sqlite3.Connection, root: Path) -> int:
    count = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        copy.execute(
            f"INSERT INTO {DOCUMENT_TABLE} (path, content, sha256) VALUES (?, ?, ?)",
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
