"""The Indonesian answers for storage failures: from the driver's codes, in one place.

`Database.transaction()` (loket.db.engine) hands every OperationalError to
`loket.db.errors.storage_error`; a paper that cannot be saved is said by
`loket.datadir.paper_not_saved_message`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from loket.datadir import DataDir, DataDirUnusable, paper_not_saved_message
from loket.db.errors import storage_error, storage_message
from loket.domain.errors import LoketError, StorageError, StorageProblem


def test_a_paper_not_saved_says_which_file_where_why_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "documents" / "receipts" / "tanda-terima-3374041002-2026-000001.pdf"
    full = paper_not_saved_message(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert full == (
        f"tanda-terima-3374041002-2026-000001.pdf tidak bisa disimpan di {path.parent}: disk "
        "penuh. Kosongkan ruang di disk itu dengan menghapus atau memindahkan berkas yang tidak "
        "perlu."
    )
    # Set beside another sentence, or in brackets, it must not end in ").)" or "..".
    assert ")." not in full and ".." not in full
    denied = paper_not_saved_message(path, PermissionError(errno.EACCES, "Permission denied"))
    assert "tidak ada izin menulis. Minta admin memberi izin tulis" in denied


def _sqlite_error(uri: str, statement: str) -> OperationalError:
    connection = sqlite3.connect(uri, uri=True)
    try:
        connection.execute(statement)
    except sqlite3.OperationalError as error:
        return OperationalError(statement, {}, error)
    finally:
        connection.close()
    raise AssertionError(f"{statement} did not fail")


def test_sqlite_errors_are_named_by_their_codes(tmp_path: Path) -> None:
    file = tmp_path / "desk.sqlite3"
    with sqlite3.connect(file) as setup:
        setup.execute("CREATE TABLE t (x)")
    setup.close()
    read_only = _sqlite_error(f"file:{file}?mode=ro", "INSERT INTO t VALUES (1)")
    refusal = storage_error(read_only, str(file))
    assert refusal is not None and refusal.problem is StorageProblem.READ_ONLY
    assert refusal.message.startswith(f"Basis data {file} tidak bisa ditulis")


class _PostgresError(Exception):
    def __init__(self, sqlstate: str, text: str) -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "problem"),
    [
        ("55P03", StorageProblem.BUSY),  # lock_timeout: another desk holds the row
        ("40P01", StorageProblem.BUSY),  # deadlock detected
        ("53100", StorageProblem.FULL),  # disk full on the server
        ("58030", StorageProblem.DISK_ERROR),
        ("08006", StorageProblem.UNAVAILABLE),  # the connection to the server was lost
    ],
)
def test_postgresql_errors_are_named_by_their_sqlstate(
    sqlstate: str, problem: StorageProblem
) -> None:
    error = OperationalError("UPDATE card", {}, _PostgresError(sqlstate, "server says no"))
    refusal = storage_error(error, "loket di server 10.0.0.5")
    assert refusal is not None and refusal.problem is problem
    assert "loket di server 10.0.0.5" in refusal.message


def test_a_broken_rule_is_not_mistaken_for_a_storage_problem() -> None:
    duplicate = IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: handover"))
    assert storage_error(duplicate, "x") is None


def test_every_storage_message_says_nothing_was_recorded_and_what_to_do() -> None:
    for problem in StorageProblem:
        message = storage_message(problem, "/data/loket.sqlite3")
        assert "tidak ada yang dicatat" in message, problem
        assert "/data/loket.sqlite3" in message, problem
        assert any(word in message for word in ("Ulangi", "ulangi", "hubungi admin", "Minta"))
    full = storage_message(StorageProblem.FULL, "/data/loket.sqlite3")
    assert "dengan menghapus atau memindahkan berkas yang tidak perlu, lalu ulangi." in full
    assert issubclass(StorageError, LoketError)


def test_a_data_folder_that_cannot_be_written_says_where_why_and_what_to_do(
    tmp_path: Path,
) -> None:
    data = DataDir(tmp_path / "kantor")
    full = DataDirUnusable(data, data.backups, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert full.message.startswith(
        f"Folder data {data.root} tidak bisa dipakai: {data.backups} tidak bisa ditulis "
        "(disk penuh)."
    )
    assert "Tidak ada yang diubah." in full.message
    assert "Kosongkan ruang di disk itu" in full.message
    read_only = DataDirUnusable(data, data.root, OSError(errno.EROFS, os.strerror(errno.EROFS)))
    assert "(disknya hanya bisa dibaca)" in read_only.message
    assert "Buka kunci tulis flashdisk" in read_only.message
