"""Putting a copy back: checked first, the current state moved aside (never deleted), the
database written under a temporary name and renamed into place, the papers put back."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from loket.core.backup.checking import BackupCheck, verify_backup
from loket.core.backup.container import (
    DOCUMENT_TABLE,
    OWN_TABLES,
    read_only,
    sync_file,
    sync_folder,
)
from loket.core.clock import utc_now
from loket.core.staff import login
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir, describe_folder_problem
from loket.db.engine import Database
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
    aside: Path  # where the state from before went


def restore_backup(data: DataDir, file: Path) -> RestoreResult:
    """The office as of `file`. No program may have the database open meanwhile."""
    check = verify_backup(file)
    if not check.good:
        raise RestoreRefused(check.reason + " " + _("Tidak ada yang diubah."))
    _refuse_if_desk_open(data.root / DESK_LOCK_FILE)
    _refuse_if_in_use(data.database)
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
    aside = _move_current_aside(data)
    os.replace(temporary, data.database)
    sync_folder(data.root)
    _put_documents_back(file, data.root / "documents", aside)
    return RestoreResult(check, aside)


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
        for relative, content in copy.execute(f"SELECT path, content FROM {DOCUMENT_TABLE}"):
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
