"""Putting a copy back: checked first, the current state moved aside (never deleted), the
database written under a temporary name and renamed into place, the papers put back.

On a desk of the shared server a copy is loaded only into an empty database (the IT person
made a new one, or dropped and made it again): there is nothing to move aside there, and an
office already on it would be mixed with the copy's. The copy is first written out as a
database of its own and brought to this program's schema, then every table copied into the
server in one transaction by the code that moves an office there (core/database/copying.py),
the counts compared, the papers put into `document_content`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError

from loket.core.backup.checking import BackupCheck, verify_backup
from loket.core.backup.container import (
    DOCUMENT_TABLE,
    OWN_TABLES,
    paper_path,
    read_only,
    sync_file,
    sync_folder,
)
from loket.core.clock import utc_now
from loket.core.database import copying
from loket.core.staff import login
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir, ServerAddress, describe_folder_problem
from loket.db import migrate, server
from loket.db.engine import Database
from loket.db.models import AuditChain, Document
from loket.db.open import open_database
from loket.domain.errors import LoketError, NotAllowed
from loket.domain.states import Role
from loket.i18n import _

ASIDE_PREFIX = "sebelum-pemulihan-"
#: The lock file a desk window holds in its data folder (ui/shell/single_instance.py).
DESK_LOCK_FILE = "loket-desk.lock"


def _in_use() -> str:
    return _(
        "Basis data sedang dipakai (program Loket KTP-el masih terbuka di PC ini?). "
        "Tutup program dulu, lalu pulihkan lagi. Tidak ada yang diubah."
    )


class RestoreRefused(LoketError):
    """Nothing was changed: the office is as it was."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    check: BackupCheck  # the copy now in use
    aside: Path | None  # where the state from before went; None on a server (it was empty)
    #: On a server: registered papers the copy holds no PDF of, "number (path)".
    papers_missing: tuple[str, ...] = ()


def restore_backup(data: DataDir, file: Path) -> RestoreResult:
    """The office as of `file`. No program may have the database open meanwhile."""
    check = verify_backup(file)
    if not check.good:
        raise RestoreRefused(check.reason + " " + _("Tidak ada yang diubah."))
    if data.server is not None:
        return _restore_into_server(data, file, check)
    _refuse_if_desk_open(data.root / DESK_LOCK_FILE)
    _refuse_if_in_use(data.database)
    temporary = _written_out(data, file)
    aside = _move_current_aside(data)
    os.replace(temporary, data.database)
    sync_folder(data.root)
    _put_documents_back(file, data.root / "documents", aside)
    return RestoreResult(check, aside)


def _written_out(data: DataDir, file: Path) -> Path:
    """The copy's office as a database of its own, beside the data folder's."""
    temporary = data.root / ".loket-pemulihan.tmp"
    try:
        _write_database(file, temporary)
    except (OSError, sqlite3.DatabaseError) as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise RestoreRefused(
            _(
                "Cadangan tidak bisa dipulihkan ke {folder}: {reason}. Tidak ada yang diubah."
            ).format(
                folder=data.root,
                reason=describe_folder_problem(error) if isinstance(error, OSError) else error,
            )
        ) from error
    return temporary


def _restore_into_server(data: DataDir, file: Path, check: BackupCheck) -> RestoreResult:
    address = data.server
    assert address is not None
    database = open_database(data)  # an empty database gets this program's schema
    temporary = _written_out(data, file)
    office = Database(f"sqlite:///{temporary}")
    try:
        migrate.upgrade(office)  # a copy from an older program brought to this schema
        with office.engine.begin() as reading, database.engine.begin() as writing:
            writing.exec_driver_sql("SET LOCAL statement_timeout = 0")
            migrate.upgrade_in(writing)
            _refuse_unless_empty(writing, address)
            copied = copying.copy_tables(reading, writing)
            missing: list[str] = []
            kept = copying.keep_papers(writing, _papers_of(file, reading, missing))
            copying.compare(reading, writing, copied, {copying.PAPERS: kept})
    except (copying.CopyDiffers, copying.UnknownTables) as error:
        raise RestoreRefused(
            _(
                "Setelah disalin, isi server tidak sama dengan isi cadangan ({what}), jadi "
                "pemulihan dibatalkan: basis data server tetap kosong. Hubungi admin dengan "
                "pesan ini."
            ).format(what=error)
        ) from error
    except DBAPIError as error:
        problem, detail = server.connection_problem(error)
        raise server.ServerUnusable(problem, address, detail) from error
    finally:
        office.dispose()
        database.dispose()
        with contextlib.suppress(OSError):
            temporary.unlink()
    return RestoreResult(check, None, tuple(missing))


def _refuse_unless_empty(writing: Connection, address: ServerAddress) -> None:
    """Every table of the server's database locked against the other desks' writes until the
    copy is committed, and the database refused if any of them already holds the office."""
    names = [table.name for table in copying.tables()]
    writing.exec_driver_sql(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE")
    held = []
    for table in copying.tables():
        count = select(func.count()).select_from(table)
        if table.name == AuditChain.__tablename__:
            count = count.where(AuditChain.length > 0)
        rows = writing.execute(count).scalar_one()
        if rows:
            held.append(f"{table.name} {rows}")
    if held:
        raise RestoreRefused(
            _(
                "Basis data {database} di server {host} tidak kosong (sudah berisi data kantor: "
                "{tables}), jadi cadangan tidak dipulihkan ke sana: isinya akan bercampur. Di "
                "loket yang memakai server, cadangan hanya dipulihkan ke basis data kosong. "
                "Minta petugas TI membuat basis data baru yang kosong (atau menghapus dan "
                "membuat ulang basis data ini), lalu pulihkan lagi. Tidak ada yang diubah."
            ).format(database=address.database, host=address.host, tables=", ".join(held))
        )


def _papers_of(file: Path, reading: Connection, missing: list[str]) -> Iterator[tuple[int, bytes]]:
    """Each registered paper's PDF from the copy: by its register row where the copy names it
    (a server desk's copy), else by its path under documents/ (a desk alone's). A paper the
    copy has no PDF of is added to `missing`."""
    papers = reading.execute(
        select(
            Document.id, Document.kind, Document.number, Document.title, Document.relative_path
        ).order_by(Document.id)
    ).all()
    with read_only(file) as copy:
        columns = {row[1] for row in copy.execute(f"PRAGMA table_info({DOCUMENT_TABLE})")}
        by_id: dict[int, int] = {}
        if "document_id" in columns:
            query = f"SELECT document_id, rowid FROM {DOCUMENT_TABLE} WHERE document_id IS NOT NULL"
            by_id = dict(copy.execute(query).fetchall())
        by_path = _newest_per_path(copy)
        for paper in papers:
            rowid = by_id.get(paper.id) or by_path.get(paper_path(paper.relative_path, paper.kind))
            if rowid is None:
                missing.append(f"{paper.number or paper.title} ({paper.relative_path})")
                continue
            (content,) = copy.execute(
                f"SELECT content FROM {DOCUMENT_TABLE} WHERE rowid = ?", (rowid,)
            ).fetchone()
            yield paper.id, bytes(content)


def _newest_per_path(copy: sqlite3.Connection) -> dict[str, int]:
    """Each path's newest paper (its rowid) among the copy's papers a desk alone stored."""
    query = f"SELECT path, MAX(rowid) FROM {DOCUMENT_TABLE} {{where}} GROUP BY path"
    columns = {row[1] for row in copy.execute(f"PRAGMA table_info({DOCUMENT_TABLE})")}
    where = "WHERE document_id IS NULL" if "document_id" in columns else ""
    return dict(copy.execute(query.format(where=where)).fetchall())


def _refuse_if_desk_open(lock: Path) -> None:
    """Another process's desk window on this folder (the restoring window itself may)."""
    try:
        first_line = lock.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    except FileNotFoundError:
        return
    except PermissionError as error:  # Windows: the lock file is held open by its desk
        raise RestoreRefused(_in_use()) from error
    except OSError:
        return
    pid = int(first_line[0]) if first_line and first_line[0].strip().isdigit() else 0
    if pid in (0, os.getpid()) or os.name != "posix":
        return
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return  # a lock left by a desk that crashed
    except PermissionError:
        pass  # alive, another account's
    raise RestoreRefused(_in_use())


def _refuse_if_in_use(database: Path) -> None:
    """A desk (or `loket`) that has the database open would keep writing to the old file."""
    if not database.exists():
        return
    try:
        connection = sqlite3.connect(database, timeout=1, isolation_level=None)
    except sqlite3.DatabaseError:
        return
    try:
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise RestoreRefused(_in_use()) from error
    except sqlite3.DatabaseError:
        pass  # damaged: exactly what a restore is for
    finally:
        connection.close()


def _write_database(file: Path, temporary: Path) -> None:
    target = sqlite3.connect(temporary, isolation_level=None)
    try:
        with read_only(file) as copy:
            copy.backup(target)
        for table in OWN_TABLES:
            target.execute(f"DROP TABLE {table}")
        target.execute("VACUUM")
    finally:
        target.close()
    sync_file(temporary)


def _move_current_aside(data: DataDir) -> Path:
    present = [path for path in data.database_files if path.exists()]
    aside = data.backups / f"{ASIDE_PREFIX}{utc_now().strftime('%Y%m%d-%H%M%S')}"
    aside.mkdir(parents=True, exist_ok=True)
    for path in present:
        os.replace(path, aside / path.name)
    sync_folder(data.root)
    return aside


def _put_documents_back(file: Path, root: Path, aside: Path) -> None:
    """Every paper of the copy; a different paper already at its place is moved aside first."""
    with read_only(file) as copy:
        # Of two papers at one path (two desks of a server), the newer, as a desk's folder.
        newest = f"SELECT path, MAX(rowid) FROM {DOCUMENT_TABLE} GROUP BY path ORDER BY path"
        for relative, rowid in copy.execute(newest).fetchall():
            (content,) = copy.execute(
                f"SELECT content FROM {DOCUMENT_TABLE} WHERE rowid = ?", (rowid,)
            ).fetchone()
            target = (root / relative).resolve()
            if not target.is_relative_to(root.resolve()):
                continue  # a path that leaves documents/ is not one this program wrote
            if target.is_file():
                if hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(content).digest():
                    continue
                moved = aside / "documents" / relative
                moved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, moved)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.tmp")
            partial.write_bytes(content)
            os.replace(partial, target)


def restore_at_desk(
    database: Database, data: DataDir, admin: StaffMember, password: str, file: Path
) -> RestoreResult:
    """Pengaturan › Cadangan: the admin's password again, the copy checked, then the desk's
    own connections closed and the office restored. The window must start again after it."""
    if admin.role is not Role.ADMIN:
        raise NotAllowed(_("Hanya admin yang boleh memulihkan kantor dari cadangan."))
    login.log_in(database, admin.username, password)
    check = verify_backup(file)
    if not check.good:
        raise RestoreRefused(check.reason + " " + _("Tidak ada yang diubah."))
    database.dispose()
    return restore_backup(data, file)


def restored_sentence(name: str, when: str, result: RestoreResult) -> str:
    """What a restore did, as the admin is told (the command line and Pengaturan)."""
    if result.aside is not None:
        return _(
            "Kantor dipulihkan dari {name}. Data kini seperti pada {when}. Keadaan sebelumnya "
            "disimpan di {aside}."
        ).format(name=name, when=when, aside=result.aside)
    told = _(
        "Kantor dipulihkan dari {name} ke basis data server yang tadinya kosong. Data kini "
        "seperti pada {when}; jumlah baris sama di cadangan dan di server."
    ).format(name=name, when=when)
    if result.papers_missing:
        told += " " + _(
            "{count} dokumen terdaftar tidak ada PDF-nya di cadangan, jadi yang dipulihkan "
            "hanya catatannya: {papers}."
        ).format(count=len(result.papers_missing), papers="; ".join(result.papers_missing[:5]))
    return told
