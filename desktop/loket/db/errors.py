"""The database refusing to work — locked, full, read-only, a failing disk — said in Indonesian.

`Database.transaction()` turns the driver's OperationalError into a `StorageError` here, in one
place, so every use case and every page gets a refusal with a message that says what happened
and what to do, instead of an English traceback. The transaction was rolled back: nothing of
the refused action was recorded.
"""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError, DBAPIError, InternalError, OperationalError

from loket.domain.errors import StorageError, StorageProblem
from loket.i18n import _

# SQLite's primary result codes by name (Python ≥ 3.11 gives `sqlite_errorname`).
_SQLITE = {
    "SQLITE_BUSY": StorageProblem.BUSY,
    "SQLITE_LOCKED": StorageProblem.BUSY,
    "SQLITE_FULL": StorageProblem.FULL,
    "SQLITE_READONLY": StorageProblem.READ_ONLY,
    "SQLITE_CANTOPEN": StorageProblem.READ_ONLY,
    "SQLITE_PERM": StorageProblem.READ_ONLY,
    "SQLITE_IOERR": StorageProblem.DISK_ERROR,
    "SQLITE_CORRUPT": StorageProblem.CORRUPT,
    "SQLITE_NOTADB": StorageProblem.CORRUPT,
}
# PostgreSQL SQLSTATEs (psycopg gives `sqlstate`): lock timeout, deadlock, serialisation.
_POSTGRES = {
    "55P03": StorageProblem.BUSY,
    "40P01": StorageProblem.BUSY,
    "40001": StorageProblem.BUSY,
    "53100": StorageProblem.FULL,
    "25006": StorageProblem.READ_ONLY,
    "58030": StorageProblem.DISK_ERROR,
    "XX001": StorageProblem.CORRUPT,
}
# The driver's own words, when it gives no code.
_WORDS = (
    ("locked", StorageProblem.BUSY),
    ("busy", StorageProblem.BUSY),
    ("disk is full", StorageProblem.FULL),
    ("no space left", StorageProblem.FULL),
    ("readonly", StorageProblem.READ_ONLY),
    ("read-only", StorageProblem.READ_ONLY),
    ("unable to open", StorageProblem.READ_ONLY),
    ("disk i/o error", StorageProblem.DISK_ERROR),
    ("malformed", StorageProblem.CORRUPT),
    ("not a database", StorageProblem.CORRUPT),
)


def storage_problem(error: DBAPIError) -> StorageProblem:
    """What went wrong, from the driver's error code (or, failing that, its message)."""
    original = error.orig
    name = str(getattr(original, "sqlite_errorname", "") or "")
    for prefix, problem in _SQLITE.items():
        # Extended codes keep the primary name in front: SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT.
        if name == prefix or name.startswith(prefix + "_"):
            return problem
    state = str(getattr(original, "sqlstate", "") or "")
    if state in _POSTGRES:
        return _POSTGRES[state]
    text = str(original or error).lower()
    for words, problem in _WORDS:
        if words in text:
            return problem
    return StorageProblem.UNAVAILABLE


def storage_message(problem: StorageProblem, where: str) -> str:
    """What happened and what to do; `where` names the database file (or server)."""
    if problem is StorageProblem.BUSY:
        return _(
            "Basis data sedang dipakai program lain, jadi tidak ada yang dicatat. Tunggu "
            "sebentar, lalu ulangi. Bila terus terjadi, tutup program lain yang membuka {where} "
            "(misalnya program cadangan atau penampil basis data)."
        ).format(where=where)
    if problem is StorageProblem.FULL:
        return _(
            "Disk penuh: basis data {where} tidak bisa bertambah, jadi tidak ada yang dicatat. "
            "Kosongkan ruang di disk itu dengan menghapus atau memindahkan berkas yang tidak "
            "perlu, lalu ulangi."
        ).format(where=where)
    if problem is StorageProblem.READ_ONLY:
        return _(
            "Basis data {where} tidak bisa ditulis (tidak ada izin menulis, atau disknya hanya "
            "bisa dibaca), jadi tidak ada yang dicatat. Minta admin memberi izin tulis pada "
            "folder data, lalu buka ulang program."
        ).format(where=where)
    if problem is StorageProblem.DISK_ERROR:
        return _(
            "Disk gagal membaca atau menulis basis data {where}, jadi tidak ada yang dicatat. "
            "Ulangi sekali. Bila terulang, tutup program dan hubungi admin: disk mungkin rusak "
            "atau tercabut."
        ).format(where=where)
    if problem is StorageProblem.CORRUPT:
        return _(
            "Basis data {where} rusak, jadi tidak ada yang dicatat. Tutup program dan hubungi "
            "admin; salinan cadangan ada di folder backups di folder data."
        ).format(where=where)
    return _(
        "Basis data {where} tidak bisa dipakai saat ini, jadi tidak ada yang dicatat. Ulangi "
        "sebentar lagi. Bila terulang, hubungi admin (lihat berkas log)."
    ).format(where=where)


def storage_error(error: DBAPIError, where: str) -> StorageError | None:
    """The refusal to raise instead of `error`; None for an error that is not about storage.

    A broken rule (IntegrityError: use cases catch it to answer "already done") or a mistake in
    a query (ProgrammingError) stays as it is.
    """
    problem = storage_problem(error)
    about_storage = isinstance(error, OperationalError) or type(error) is DatabaseError
    # PostgreSQL reports a read-only server as an InternalError ("invalid transaction state").
    if isinstance(error, InternalError) and problem is not StorageProblem.UNAVAILABLE:
        about_storage = True
    if not about_storage:
        return None
    return StorageError(problem, storage_message(problem, where))
